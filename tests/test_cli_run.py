"""The command line as CI engineers expect it from ruff: Ctrl-C, --stdin-filename, exclude,
-o into new directories, click's messages in Chinese, --version, and the worker protocol."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, write

from checker import __version__, app
from checker.ingest.pipeline import Overrides
from checker.policy.settings import CommandLine, SettingsFinder
from checker.reporters.html_data import decode

HERE = Path(__file__).parent
BASE = (HERE / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")  # no findings
RESIDUE = BASE + "扫一扫在手机打开当前页面\n"  # one H101 (warning) on the last line, 82
EMPTY_MESSAGE = "无法读取为年报：文件为空"


# -- concise: path:line:col: always --------------------------------------------------------------


def test_concise_puts_document_level_findings_at_1_1(xxgk, tmp_path):
    empty = write(tmp_path / "empty.txt", "")
    residue = write(tmp_path / "residue.txt", RESIDUE)
    r = xxgk("check", "--format", "concise", empty, residue)
    lines = r.out.splitlines()
    assert lines[0] == f"{empty}:1:1: I102 [错误] {EMPTY_MESSAGE}"
    assert lines[1].startswith(f"{residue}:82:1: H101 [警告] 网页残留内容：")


def test_concise_docx_place_follows_the_message(xxgk, tmp_path):
    docx = REPO / "examples" / "clean_2021.docx"
    r = xxgk("check", "--format", "concise", "--published", "2025-06-01", docx)
    (line, _summary) = r.out.splitlines()
    # M105 is about the whole document: 1:1, and no Word paragraph to name
    assert line.startswith(f"{docx}:1:1: M105 [警告] ")


# -- Ctrl-C --------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the worker processes")
def test_ctrl_c_stops_a_parallel_run_at_once(tmp_path):
    """SIGINT to the whole process group, as a terminal sends it: exit 130, no traceback, no
    report, the workers gone. The batch takes far longer than the timeout, so a run that goes on
    after Ctrl-C fails the test by the timeout, not by a measured time."""
    for i in range(1500):
        write(tmp_path / "batch" / f"r{i:04}.txt", BASE)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    p = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "-j", "2", "--format", "json", str(tmp_path / "batch")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, which the test can signal like a terminal
    )
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(p.pid)) < 2:
            assert p.poll() is None, p.stderr.read() if p.stderr else ""
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGINT)
        out, err = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    assert p.returncode == 130, err.decode("utf-8", "replace")
    assert b"Traceback" not in err
    assert out == b""
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and pid in _children(p.pid)]
    for pid in workers:  # joined by the parent before it exited: no process left running
        assert not Path(f"/proc/{pid}/stat").exists() or Path(f"/proc/{pid}/stat").read_text().split()[2] in "ZX"


def test_ctrl_c_while_the_workers_start_is_raised_once_they_can_be_stopped(tmp_path, monkeypatch):
    """The window the test above once lost a Ctrl-C in, made certain: SIGINT arrives while the
    jobs are submitted. The run ends with KeyboardInterrupt, the workers stopped (raised during
    the submissions, it left a pool that nothing stopped), and Ctrl-C handled as before."""
    from concurrent.futures import ProcessPoolExecutor

    paths = [write(tmp_path / f"r{i}.txt", BASE) for i in range(6)]
    plan = app.plan(paths, SettingsFinder(), CommandLine(), Overrides())
    submit = ProcessPoolExecutor.submit
    pressed = []

    def submit_and_press(pool, *args, **kwargs):
        future = submit(pool, *args, **kwargs)
        if not pressed:
            pressed.append(os.getpid())
            os.kill(os.getpid(), signal.SIGINT)
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit_and_press)
    with pytest.raises(KeyboardInterrupt):
        app.run(plan, workers=2)
    assert pressed
    assert not multiprocessing.active_children()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# -- the worker protocol ----------------------------------------------------------------------------


def test_jobs_and_results_travel_without_rules_or_document(tmp_path):
    path = write(tmp_path / "r.txt", RESIDUE)
    plan = app.plan([path], SettingsFinder(), CommandLine(), Overrides())
    (job,) = plan.jobs
    assert b"RuleSet" not in pickle.dumps(job)  # the rule sets go once per worker, by the initializer
    (result,) = app.run(plan)
    sent = pickle.dumps(result)
    assert b"checker.model.document" not in sent and "扫一扫".encode() in sent
    assert result.info is not None and result.info.lines is None and result.info.year == 2024
    # with the html format, the text comes back: the lines the reporter numbers
    (with_text,) = app.run(app.plan([path], SettingsFinder(), CommandLine(), Overrides(), keep_text=True))
    assert with_text.info is not None and with_text.info.lines == tuple(RESIDUE.split("\n"))


def test_parallel_html_shows_the_text(xxgk, tmp_path):
    paths = [write(tmp_path / f"r{i}.txt", RESIDUE) for i in range(3)]
    r = xxgk("check", "--format", "html", "-j", "2", *paths)
    data = re.search(r'id="xxgk-data">([^<]*)<', r.out).group(1)
    docs = decode(data)["docs"]
    assert len(docs) == 3
    for doc in docs:
        (h101,) = [f for f in doc["findings"] if f[0] == "H101"]
        line, column, end = h101[2], h101[3], h101[5]
        assert doc["lines"][line - 1][column - 1 : end - 1] == "扫一扫在手机打开当前页面"


# -- --stdin-filename ----------------------------------------------------------------------------


def test_stdin_filename_gives_format_and_path(xxgk):
    docx = REPO / "examples" / "clean_2021.docx"
    piped = xxgk("check", "--format", "json", "-", "--stdin-filename", "a.docx", stdin=docx.read_bytes())
    named = xxgk("check", "--format", "json", docx)
    assert piped.code == named.code == 0
    (doc,) = piped.json()["documents"]
    assert doc["path"] == "a.docx"
    assert doc["encoding"] == "docx" and doc["agency"] == "示例市自然资源和规划局"
    assert {k: v for k, v in doc.items() if k != "path"} == {
        k: v for k, v in named.json()["documents"][0].items() if k != "path"
    }
    # without the name, the bytes are taken for a text file: not a report
    assert [
        f["code"]
        for f in xxgk("check", "--format", "json", "-", stdin=docx.read_bytes()).json()["documents"][0]["findings"]
    ] == ["I102"]


def test_cat_docx_into_the_command_line(tmp_path):
    docx = REPO / "examples" / "clean_2021.docx"
    p = subprocess.run(
        f"cat {docx} | {sys.executable} -m checker.cli check --format concise - --stdin-filename a.docx",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode("utf-8") == "共 1 份报告：错误 0，警告 0，提示 0\n"


def test_stdin_filename_takes_the_config_of_that_place(xxgk, tmp_path, monkeypatch):
    write(tmp_path / "reports" / "xxgk.yaml", "ignore: [H101]\nper-file-ignores:\n  'draft-*': [H104]\n")
    monkeypatch.chdir(tmp_path)
    text = RESIDUE.replace("主动公开政府信息326条", "主动公开政府信息XX条").encode("utf-8")
    here = xxgk("check", "--format", "json", "-", "--stdin-filename", "r.txt", stdin=text)
    assert here.codes() == ["H101", "H104"]
    there = xxgk("check", "--format", "json", "-", "--stdin-filename", "reports/r.txt", stdin=text)
    assert there.codes() == ["H104"]
    draft = xxgk("check", "--format", "json", "-", "--stdin-filename", "reports/draft-1.txt", stdin=text)
    assert draft.codes() == []
    assert draft.json()["documents"][0]["path"] == "reports/draft-1.txt"


def test_stdin_filename_without_dash_is_a_usage_error(xxgk, tmp_path):
    r = xxgk("check", write(tmp_path / "r.txt", BASE), "--stdin-filename", "a.docx")
    assert r.code == 2 and "--stdin-filename" in r.err


# -- exclude / extend-exclude --------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for name in (
        "reports/a.txt",
        "reports/drafts/b.txt",
        "reports/~$a.docx",
        "build/c.txt",
        "pkg.egg-info/d.txt",
        "a/e.txt",
        "reports/a/f.txt",
    ):
        write(tmp_path / name, BASE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(run) -> list[str]:
    return sorted(Path(d["path"]).as_posix() for d in run.json()["documents"])


def test_default_excludes(xxgk, tree):
    assert checked(xxgk("check", "--format", "json", ".")) == [
        "a/e.txt",
        "reports/a.txt",
        "reports/a/f.txt",
        "reports/drafts/b.txt",
    ]


def test_extend_exclude_from_the_command_line_and_the_config(xxgk, tree):
    assert checked(xxgk("check", "--format", "json", "--extend-exclude", "drafts/", ".")) == [
        "a/e.txt",
        "reports/a.txt",
        "reports/a/f.txt",
    ]
    write(tree / "xxgk.yaml", "extend-exclude: [/a/]\n")  # anchored: the a/ beside the config only
    assert checked(xxgk("check", "--format", "json", ".")) == [
        "reports/a.txt",
        "reports/a/f.txt",
        "reports/drafts/b.txt",
    ]


def test_exclude_replaces_the_defaults(xxgk, tree):
    write(tree / "xxgk.yaml", "exclude: [reports/]\n")
    assert checked(xxgk("check", "--format", "json", ".")) == ["a/e.txt", "build/c.txt", "pkg.egg-info/d.txt"]
    assert checked(xxgk("check", "--format", "json", "--exclude", "a/,build", ".")) == [
        "pkg.egg-info/d.txt",
        "reports/a.txt",
        "reports/drafts/b.txt",
        "reports/~$a.docx",
    ]


def test_named_files_are_checked_unless_force_exclude(xxgk, tree):
    assert checked(xxgk("check", "--format", "json", "build/c.txt")) == ["build/c.txt"]
    r = xxgk("check", "--format", "json", "--force-exclude", "build/c.txt", "reports/a.txt")
    assert checked(r) == ["reports/a.txt"]


def test_exclude_must_be_a_list_of_patterns(xxgk, tree):
    write(tree / "xxgk.yaml", "extend-exclude: {a: b}\n")
    r = xxgk("check", ".")
    assert r.code == 2 and "xxgk.yaml:1" in r.err and "extend-exclude" in r.err


# -- -o ------------------------------------------------------------------------------------------


def test_output_creates_its_directory(xxgk, tmp_path):
    out = tmp_path / "reports" / "ci" / "x.json"
    r = xxgk("check", "--format", "json", "-o", out, write(tmp_path / "r.txt", RESIDUE))
    assert r.code == 0 and r.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["warnings"] == 1


def test_output_that_cannot_be_written_fails_before_the_run(xxgk, tmp_path, monkeypatch):
    def no_run(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr(app, "run", no_run)
    blocker = write(tmp_path / "file", "x")
    r = xxgk("check", "-o", blocker / "x.json", write(tmp_path / "r.txt", BASE))
    assert r.code == 2 and r.out == ""
    assert "无法创建输出目录" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_output_without_permission_fails_before_the_run(xxgk, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "run", lambda *a, **k: pytest.fail("the run started"))
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    r = xxgk("check", "-o", locked / "x.json", write(tmp_path / "r.txt", BASE))
    assert r.code == 2 and "permission denied" in r.err


# -- click's messages, --version -----------------------------------------------------------------


def test_click_usage_errors_in_chinese(xxgk):
    missing = xxgk("check")
    assert missing.code == 2
    assert missing.err.splitlines() == [
        "用法：xxgk check [OPTIONS] PATHS...",
        "用 'xxgk check --help' 查看帮助。",
        "",
        "错误：缺少参数 'PATHS...'。",
    ]
    typo = xxgk("check", "--fromat", "json", "r.txt")
    assert "错误：没有选项 '--fromat'。是否要用 '--format'？" in typo.err
    bad = xxgk("check", "--format", "yaml", "r.txt")
    assert "错误：'--format' 的值无效：'yaml' 不是 " in bad.err
    assert "错误：选项 '--year' 需要一个值。" in xxgk("check", "--year").err
    assert "错误：没有命令 'chek'。" in xxgk("chek").err


def test_click_usage_errors_in_english_with_lang_en(xxgk):
    r = xxgk("check", "--lang", "en")
    assert r.code == 2
    assert "Usage: xxgk check" in r.err and "Error: Missing argument 'PATHS...'." in r.err


def test_version(xxgk):
    v = xxgk("--version")
    assert v.code == 0 and v.out == f"xxgk {__version__}\n"


def test_help_in_chinese_unless_lang_en(xxgk):
    zh = xxgk("check", "-h")
    assert zh.code == 0
    assert zh.out.startswith("用法：xxgk check [OPTIONS] PATHS...")
    assert "\n选项:\n" in zh.out and "显示此帮助并退出。" in zh.out
    assert "\n命令:\n" in xxgk("-h").out
    en = xxgk("check", "--lang", "en", "-h")
    assert en.out.startswith("Usage: xxgk check") and "Show this message and exit." in en.out


def test_junit_failures_follow_the_exit_code(xxgk, tmp_path):
    import xml.etree.ElementTree as ET

    path = write(tmp_path / "r.txt", RESIDUE)  # one warning
    default = xxgk("check", "--format", "junit", path)
    assert default.code == 0 and ET.fromstring(default.out.encode()).get("failures") == "0"
    strict = xxgk("check", "--format", "junit", "--fail-on", "warning", path)
    assert strict.code == 1 and ET.fromstring(strict.out.encode()).get("failures") == "1"
