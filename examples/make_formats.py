"""Write the Word, HTML and PDF versions of the Markdown examples (needs reportlab: pip install -e '.[test]').

    python examples/make_formats.py

clean_2021.docx is clean_2021.md as a Word document (heading styles, tables with merged cells);
defects_2021.html is defects_2021.md as a page saved from a government site (GBK, navigation,
breadcrumb, share bar, footer); defects_2021.pdf is defects_2021.md as a PDF with ruled tables;
clean_2021_numbered.docx is clean_2021.md as Word stores a document whose headings and items are
numbered automatically (numbering.xml), with a framed first page, a text box and a date field.
The generation code is the test suite's (tests/formats_helpers.py, tests/fixtures/make_docx.py),
so the examples are the documents the format tests check.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fixtures.make_docx import make as make_numbered_docx  # noqa: E402
from formats_helpers import write_formats  # noqa: E402

if __name__ == "__main__":
    for stem, formats in (("clean_2021", ("docx",)), ("defects_2021", ("html", "pdf"))):
        for fmt, path in write_formats((HERE / f"{stem}.md").read_text(encoding="utf-8"), HERE, stem, formats).items():
            print(path.relative_to(HERE.parent))
    numbered = HERE / "clean_2021_numbered.docx"
    source = (HERE / "clean_2021.md").read_text(encoding="utf-8")
    numbered.write_bytes(make_numbered_docx(source, agency="示例市自然资源和规划局", own_lists=()))
    print(numbered.relative_to(HERE.parent))
