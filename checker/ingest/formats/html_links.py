"""Pages that do not hold the report themselves: the report is a linked attachment
(PDF, Word, WPS, OFD…), is shown in an inline frame whose source is another address, or is
published as pictures of its pages.

Such a page is not a report we can check, and saying "没有正文" or reporting its sections
missing would be wrong: it becomes I102 naming the attachment or the frame, so that the
supervisor downloads that file and checks it. Conservative by design: a page whose body has
the text of a report (it may also link its statistics table as .xls) is read as a report.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlparse

from bs4 import Tag

from checker.errors import UnreadableInput

# A report's text runs to thousands of characters; an attachment page has a line or two
# ("附件：…年度报告.pdf", a publication date) besides its chrome.
ATTACHMENT_TEXT = 800
SECTION_HEADINGS = 2  # a body with as many of 一、…六、 headings is a report, however short
_DOCUMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|et|zip|rar|7z)$", re.I)
_REPORT_FILE = re.compile(r"\.(pdf|docx?|wps|ofd)$", re.I)  # a spreadsheet is a table, not the report
_REPORT_NAME = re.compile(r"年度报告|年报|工作报告")
_HEADING = re.compile(r"^\s*[一二三四五六]\s*[、.．]", re.M)
_ANNEX = re.compile(r"^\s*附件\s*\d*\s*[:：]\s*")
# Link texts that do not name the file: the address does.
_NAMELESS = re.compile(r"(?:附件\s*\d*|(?:点击)?(?:下载|查看|浏览|阅读)(?:附件|原文|全文)?|原文|全文|PDF|pdf|Word)\W*")
_STATISTICS = re.compile(r"统计表|情况表|数据表")
_SHOWN = ("iframe", "frame", "embed", "object")
MAX_NAMED = 3  # attachments named in the message
MIN_PICTURES = 2  # a report as pictures runs to several pages; one picture may be a banner
MIN_PICTURE = 200  # pixels: a smaller image is an icon, a logo or a QR code


def _path_name(href: str) -> str:
    """The file name in a link, a PDF viewer's file= parameter included (viewer.html?file=…)."""
    url = urlparse(href)
    for values in parse_qs(url.query).values():
        for value in values:
            if _DOCUMENT.search(urlparse(value).path):
                return unquote(urlparse(value).path.rsplit("/", 1)[-1])
    return unquote(url.path.rsplit("/", 1)[-1])


def base_address(soup: Tag) -> str:
    """The page's <base href>, against which its links are written (read before <head> is dropped)."""
    tag = soup.find("base", href=True)
    return str(tag["href"]).strip() if isinstance(tag, Tag) else ""


def document_links(root: Tag, base: str = "") -> list[tuple[str, str]]:
    """(name, address) of the links to document files: the name is the link's text when it
    names the file, else the file name in the address."""
    out: list[tuple[str, str]] = []
    for a in root.find_all("a", href=True):
        href = str(a["href"]).strip()
        file = _path_name(href)
        text = _ANNEX.sub("", " ".join(a.get_text().split()))
        if not (_DOCUMENT.search(file) or _DOCUMENT.search(text)):
            continue
        name = file if not text or _NAMELESS.fullmatch(text) else text
        link = (name, urljoin(base, href) if base else href)
        if link not in out:
            out.append(link)
    return out


def _is_report_file(name: str, href: str, only: bool) -> bool:
    """A document (PDF, Word, WPS, OFD) named as the report or the page's only document; a
    spreadsheet or archive only when named as the report and not as its statistics table."""
    named = bool(_REPORT_NAME.search(name + " " + unquote(href)))
    if _REPORT_FILE.search(name) or _REPORT_FILE.search(_path_name(href)):
        return named or only
    return named and not _STATISTICS.search(name)


def is_short(own_text: int, body_text: str) -> bool:
    """Too little text besides links, and too few section headings, to be a report."""
    return own_text < ATTACHMENT_TEXT and len(_HEADING.findall(body_text)) < SECTION_HEADINGS


def check_attachment_page(root: Tag, base: str, own_text: int, body_text: str) -> None:
    """Raise I102 when the page's text is only a link to the report as an attachment."""
    if not is_short(own_text, body_text):
        return
    links = document_links(root, base)
    reports = [(n, h) for n, h in links if _is_report_file(n, h, len(links) == 1)]
    if not reports:
        return
    named = "；".join(f"“{n}”（{h}）" for n, h in reports[:MAX_NAMED])
    raise UnreadableInput(
        f"网页没有报告正文，报告在附件中：{named}；请下载附件后检查该文件",
        f"the page does not hold the report, it links to it as an attachment: {named}; "
        "download the attachment and check that file",
    )


def frames(root: Tag) -> list[tuple[str, str]]:
    """(element, source) of the frames and embedded documents, taken before they are dropped."""
    out = []
    for tag in root.find_all(_SHOWN):
        src = str(tag.get("src") or tag.get("data") or "").strip()
        if src and not src.startswith(("about:", "javascript:", "data:")):
            out.append((str(tag.name), src))
    return out


def check_framed_page(shown: list[tuple[str, str]], own_text: int, body_text: str) -> None:
    """Raise I102 when the page shows its content in a frame (iframe, embedded PDF) and has
    little text of its own: the frame's source is another address, not fetched here."""
    if not shown or not is_short(own_text, body_text):
        return
    # a frame showing a document is the report's; a frameset's banner frame is not
    element, src = next(((e, s) for e, s in shown if _DOCUMENT.search(_path_name(s))), shown[0])
    name = _path_name(src)
    what = f"“{name}”" if _DOCUMENT.search(name) else "其内容"
    raise UnreadableInput(
        f"网页正文在内嵌框架中（{element} src=“{src}”），本工具不下载其他地址的内容；请打开该地址，另存{what}后再检查",
        f"the page shows its content in an embedded frame ({element} src=“{src}”), another address that is "
        "not fetched here; save what it shows and check that",
    )


def _is_picture(img: Tag) -> bool:
    """An image large enough to be a page of a report, not an icon, a logo or a QR code."""
    for attr in ("width", "height"):
        value = str(img.get(attr, "")).strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_PICTURE:
            return False
    return bool(img.get("src") or img.get("data-src"))


def check_image_page(parts: list[Tag], own_text: int, body_text: str) -> None:
    """Raise I102 when the body holds the report as pictures (scanned or exported pages) and
    next to no text: there is no text to check, and saying its sections are missing is wrong."""
    if not is_short(own_text, body_text):
        return
    pictures = list({id(img): img for part in parts for img in part.find_all("img") if _is_picture(img)}.values())
    if len(pictures) < MIN_PICTURES:
        return
    first = str(pictures[0].get("src") or pictures[0].get("data-src"))
    raise UnreadableInput(
        f"网页正文是{len(pictures)}张图片（第一张：{first}），没有可检查的文字；请取得报告的文字版本（网页文字、Word 或带文字层的 PDF）后再检查",
        f"the page's body is {len(pictures)} pictures (the first: {first}) with no text to check; "
        "get the report as text (page text, Word, or a PDF with a text layer) and check that",
    )
