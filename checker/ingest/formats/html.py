"""HTML pages (.html/.htm), typically saved from a government site.

The charset comes from the BOM or the page's own declaration (GBK and GB2312 are read as
GB18030, their superset), else from detection. Scripts, styles and comments are dropped, block
elements become lines, <br> a line break, tables pipe rows on their grid (rowspan/colspan).

Page chrome — navigation, breadcrumb, share bar, related links, footer — surrounds the report
body; the body is the element that holds the report's text (a known CMS container such as
#zoom or .TRS_Editor, else the element that holds most of the page's own text, links not
counted), plus the title when it stands above it. What lies outside is left out; chrome inside
the body stays, so that H101 reports it. When no body can be told apart the whole page is kept.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from checker.errors import UnreadableInput
from checker.ingest.decode import decode_bytes
from checker.ingest.formats.html_links import (
    base_address,
    check_attachment_page,
    check_framed_page,
    check_image_page,
    frames,
)
from checker.ingest.formats.sourced import Sourced, SourcedText, join_wrapped
from checker.ingest.limits import MAX_HTML_DEPTH, Budget, table_cells, too_large

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_GB = {"gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}
_DROP = frozenset(
    "script style noscript template head title iframe object embed svg canvas select button input textarea map".split()
)
BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside main blockquote pre form hr"
    " center address figure figcaption caption table tr body html".split()
)
# Containers the common government CMSs put the article body in: TRS WCM's TRS_Editor and
# TRS_UEDITOR, the 集约化 platforms' UCAP-CONTENT / pages_content, #zoom of many templates.
_BODY_HINT = re.compile(
    r"^(?:zoom|content|article|TRS_Editor|TRS_UEDITOR|Custom_UnionStyle|UCAP-CONTENT|pages_content|xxgk_content|detail"
    r"|main-?text|article-?content|news_content|con|text|wzcon|nr|main)$",
    re.I,
)
_TITLE = re.compile(r"政府信息公开.{0,12}(?:年度报告|年报)")
# A report's title names its year; "政府信息公开年报" alone is a column or category name.
_YEAR = r"(?:(?:19|20)\d\d|[〇零一二][〇零一二三四五六七八九]{3})\s*年"
_TITLED = re.compile(
    rf"{_YEAR}[^，。：:；;]{{0,20}}政府信息公开.{{0,12}}(?:年度报告|年报)"
    rf"|政府信息公开.{{0,12}}(?:{_YEAR}度?报告|(?:年度报告|年报).{{0,3}}{_YEAR})"
)
BODY_SHARE = 0.7  # a child holding this much of its parent's own text is where the report is
HINTED_SHARE = 0.5  # a CMS container holding less of the page's text is a sidebar or a teaser
INNER_SHARE = 0.8  # a container inside another that keeps this much of its text is the tighter body
TITLE_WINDOW = 300  # the body's first characters, where its own title stands
MAX_TITLE = 80  # longer text is a paragraph that mentions the report, not its title
LAYOUT_CELL = 300  # a cell with more text lays out the page; a data cell holds a number or a label
MAX_SPAN = 64  # rowspan/colspan beyond this is an error of the page, not a table's real width
# Word pads a list number to its tab stop with no-break spaces ("一、&nbsp;&nbsp; 总体情况").
_LIST_GAP = re.compile(
    r"^([\s\u00a0]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]))[\s\u00a0]{2,}"
)
_CHARSET_SNIFF = 16384  # a <meta charset> stands in the head, near the top


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the name of its charset."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return decode_bytes(data).text, name
    found = _DECLARED.search(data[:_CHARSET_SNIFF])
    if found:
        declared = found.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if declared in _GB else declared
        try:
            text = data.decode(codec)
            return text, declared
        except LookupError:
            pass  # an unknown charset name: detect
        except UnicodeDecodeError:
            pass  # declared wrongly (a UTF-8 page saying GBK): detect
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def read_html(data: bytes) -> Sourced:
    text, charset = decode_html(data)
    soup = BeautifulSoup(text, "lxml")
    _refuse_deep(soup)
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    shown, base = frames(soup), base_address(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.body or soup
    out = _Writer()
    parts = report_body(root)
    for part in parts:
        out.block(part)
    out.flush()
    own = sum(_own_text(p) for p in parts)
    try:
        sourced = out.text.build(
            f"html ({charset})", "网页没有正文文字（没有 <body> 内容）", "the page has no text in its body"
        )
    except UnreadableInput:
        check_attachment_page(root, base, 0, "")
        check_framed_page(shown, 0, "")
        check_image_page(parts + _containers(root), 0, "")
        raise
    check_attachment_page(root, base, own, sourced.text)
    check_framed_page(shown, own, sourced.text)
    check_image_page(parts + _containers(root), own, sourced.text)
    return sourced


def _refuse_deep(soup: BeautifulSoup) -> None:
    """I102 for elements nested deeper than MAX_HTML_DEPTH: finding the report's body walks up
    and down the tree, which a page nested thousands deep turns quadratic."""
    depth = {id(soup): 0}
    for tag in soup.find_all(True):
        depth[id(tag)] = depth[id(tag.parent)] + 1
        if depth[id(tag)] > MAX_HTML_DEPTH:
            raise too_large("网页元素的嵌套层数", "the page's element nesting", MAX_HTML_DEPTH + 1, MAX_HTML_DEPTH)


def _own_text(tag: Tag) -> int:
    """Characters of text in the element outside links: links are what chrome is made of."""
    total = 0
    for s in tag.find_all(string=True):
        if not any(p.name == "a" for p in s.parents if p is not tag and p.name):
            total += len("".join(s.split()))
    return total


def report_body(root: Tag) -> list[Tag]:
    """The elements that hold the report: its container, and its title when it stands above."""
    own = _TextSizes(root).of
    total = own(root)
    if total == 0:
        return [root]
    body = _hinted_body(root, total, own)
    if body is None:
        body = _densest_body(root, own)
    if body is root or _opens_with_title(body):
        return [body]
    title = _title_above(root, body)
    return [title, body] if title is not None else [body]


class _TextSizes:
    """_own_text of every element under a root, computed once, children before parents (the
    search for the body asks it of the same elements again and again)."""

    def __init__(self, root: Tag) -> None:
        below: dict[int, int] = {}  # text outside links below each element, links under it left out
        for tag in reversed(root.find_all(True)):
            below[id(tag)] = _direct_text(tag) + sum(
                below[id(c)] for c in tag.children if isinstance(c, Tag) and c.name != "a"
            )
        below[id(root)] = _direct_text(root) + sum(
            below[id(c)] for c in root.children if isinstance(c, Tag) and c.name != "a"
        )
        self.below = below
        self.in_link = {id(t) for t in root.find_all("a") for t in t.find_all(True)}
        self.root_in_link = any(p.name == "a" for p in root.parents if p.name)

    def of(self, tag: Tag) -> int:
        if self.root_in_link or id(tag) in self.in_link or id(tag) not in self.below:
            return _own_text(tag)
        return self.below[id(tag)]


def _direct_text(tag: Tag) -> int:
    return sum(len("".join(s.split())) for s in tag.children if isinstance(s, NavigableString))


def _opens_with_title(body: Tag) -> bool:
    """The body's first short lines hold its own title. Not any of its first characters: a
    preamble citing 《…政府信息公开工作年度报告格式》 is no title."""
    lines, parts, size = [], [], 0
    for node in body.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
            size += len(node)
        elif isinstance(node, Tag) and (node.name == "br" or node.name in BLOCKS):
            lines.append("".join("".join(parts).split()))
            parts = []
        if size > TITLE_WINDOW:
            break
    lines.append("".join("".join(parts).split()))
    return any(len(line) <= MAX_TITLE and _TITLE.search(line) for line in lines)


def _containers(root: Tag) -> list[Tag]:
    """The CMS containers of the page (#zoom, .TRS_Editor…), whatever text they hold."""
    return [t for t in root.find_all(True) if any(_BODY_HINT.match(v) for v in _names(t))]


def _hinted_body(root: Tag, total: int, own: Callable[[Tag], int]) -> Tag | None:
    """The innermost CMS container (#zoom, .TRS_Editor…) that holds most of the page's text."""
    hinted = sorted(_containers(root), key=own, reverse=True)
    hinted = [t for t in hinted if own(t) >= HINTED_SHARE * total]
    if not hinted:
        return None
    body = hinted[0]
    for inner in hinted[1:]:
        if body in inner.parents and own(inner) >= INNER_SHARE * own(body):
            body = inner
    return body


def _densest_body(root: Tag, own: Callable[[Tag], int]) -> Tag:
    """Down from the root, the child that holds most of its parent's text, while there is one;
    a paragraph or a data table is the report's content, not its container."""
    body = root
    while True:
        size = own(body)
        nxt = next((c for c in body.find_all(True, recursive=False) if own(c) >= BODY_SHARE * size), None)
        if nxt is None or nxt.name == "p" or (nxt.name == "table" and not is_layout(nxt)):
            return body
        body = nxt


def _title_above(root: Tag, body: Tag) -> Tag | None:
    """The report's title, when it stands outside the body and before it: the first element
    outside the body that reads like a title (政府信息公开…年度报告) and is not a link."""
    order = {id(t): i for i, t in enumerate(root.find_all(True))}
    for title in root.find_all(["h1", "h2", "h3", "div", "p", "td", "span"]):
        text = title.get_text().strip()
        if (
            _TITLED.search(text)
            and len(text) <= MAX_TITLE
            and title.find("a") is None
            and title.find_parent("a") is None
            and body not in title.parents
        ):
            if title not in body.parents and order[id(title)] < order[id(body)]:
                return title
            return None
    return None


def is_layout(table: Tag) -> bool:
    """A table that lays out the page (tables inside it, or long text in a cell), not a table of data."""
    return table.find("table") is not None or any(
        len(cell.get_text()) > LAYOUT_CELL for cell in table.find_all(["td", "th"])
    )


def _names(tag: Tag) -> list[str]:
    """The element's id and classes."""
    ident, classes = tag.get("id"), tag.get("class")
    names = [str(ident)] if ident else []
    if isinstance(classes, str):
        names.append(classes)
    elif classes:
        names.extend(str(c) for c in classes)
    return names


class _Writer:
    """Walks the body: inline text gathers into the current line, block elements end it."""

    def __init__(self) -> None:
        self.text = SourcedText()
        self.parts: list[str] = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = table_cells()

    def flush(self) -> None:
        line = _LIST_GAP.sub(r"\1", "".join(self.parts))
        self.parts = []
        if line.strip():
            self.paragraphs += 1
            self.text.line(line, f"第{self.paragraphs}段")

    def block(self, node: PageElement) -> None:
        if isinstance(node, NavigableString):
            self.parts.append(str(node) if node.find_parent("pre") else _collapse(str(node)))
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name == "br":
            self.parts.append("\n")
            return
        if hidden(node):
            return
        if name == "table" and not is_layout(node):
            self.flush()
            self.table(node)
            return
        block = name in BLOCKS or name in ("td", "th")
        if block:
            self.flush()
        for child in node.children:
            self.block(child)
        if block:
            self.flush()

    def table(self, node: Tag) -> None:
        self.tables += 1
        for r, row in enumerate(table_grid(node, self.cells), start=1):
            self.text.row([(cell, f"表{self.tables} 第{r}行第{c}列") for c, cell in enumerate(row, start=1)])


def _collapse(text: str) -> str:
    """HTML white space: runs of spaces, tabs and newlines are one space; &nbsp; stays."""
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def _cell_text(cell: Tag) -> str:
    lines: list[str] = []
    current: list[str] = []
    for node in cell.descendants:
        if isinstance(node, NavigableString):
            if not any(hidden(p) for p in node.parents if p is not cell and cell in p.parents):
                current.append(_collapse(str(node)))
        elif isinstance(node, Tag) and (node.name == "br" or node.name in BLOCKS):
            lines.append("".join(current))
            current = []
    lines.append("".join(current))
    return join_wrapped(lines).replace("\u00a0", " ").strip()


def _span(cell: Tag, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr, "1")).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def hidden(tag: Tag) -> bool:
    """Not shown by a browser: a hidden row or cell takes no place in the table either, so the
    cells after it move left, as the reader of the page sees them."""
    return tag.has_attr("hidden") or "display:none" in str(tag.get("style", "")).replace(" ", "").lower()


def table_grid(table: Tag, cells: Budget) -> list[list[str]]:
    """The table's rows on its grid: a merged cell's text in its first grid cell, blanks under it.
    Every grid cell is spent from `cells` (rowspan × colspan can multiply a small page)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table and not hidden(tr)]
    grid: list[list[str | None]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for cell in (td for td in tr.find_all(["td", "th"], recursive=False) if not hidden(td)):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            cells.spend(min(rowspan, len(rows) - r) * colspan)
            for dr in range(min(rowspan, len(rows) - r)):
                line = grid[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = _cell_text(cell) if dr == 0 and dc == 0 else ""
            c += colspan
    # A row of empty cells holds nothing: Word's saved pages end their tables with one
    # (<![if !supportMisalignedColumns]>, zero height) to fix the column widths.
    return [[cell or "" for cell in row] for row in grid if any(row)]
