"""A Word draft with planted defects, made from the clean example the way an author's slips look.

Used by the --annotate test and the browser test of `xxgk serve`; each defect is where a reader of
the draft would put a comment by hand:
- 第七段 (监督保障情况): "培训2次" left as "培训XX次" (H104, on that paragraph);
- 表四: the 行政复议 总计 written 5 instead of 4 (T105, on that cell), while the text says 4
  (X101, on the 依申请公开 paragraph that says "被申请行政复议4件");
- 表三: the 上年结转 row's 商业企业 cell left blank (T104, on that cell; the identities that need
  it cannot be checked: I101).
"""

from __future__ import annotations

import io
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLEAN = EXAMPLES / "clean_2021_numbered.docx"


def _set_text(paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not in {paragraph.text!r}")


def planted_draft() -> bytes:
    import docx

    document = docx.Document(str(CLEAN))
    paragraphs = document.paragraphs
    _set_text(paragraphs[6], "培训2次", "培训XX次")
    review_total = document.tables[6].rows[3].cells[4]
    _set_text(review_total.paragraphs[0], "4", "5")
    carried_business = document.tables[5].rows[4].cells[4]
    _set_text(carried_business.paragraphs[0], "1", "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
