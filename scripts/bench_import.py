#!/usr/bin/env python3
"""Which Word converter keeps what: mammoth, pandoc (pypandoc-binary), docx2python, python-docx.

    .venv/bin/python scripts/bench_import.py            # table of probes × converters
    .venv/bin/python scripts/bench_import.py --keep DIR # also keep the documents and each output

Each converter turns the same generated submissions (``docx_samples``: a Word-saved one
and a WPS-saved one) into its own output; each probe asks whether one feature survived.
Converters that are not installed are reported as such (pandoc and docx2python are not
dependencies of xinyu; ``pip install pypandoc-binary docx2python`` to compare them).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_samples import Submission, write  # noqa: E402


def run_mammoth(path: Path) -> str:
    import mammoth

    with open(path, "rb") as fh:
        return mammoth.convert_to_html(fh).value


def run_xinyu(path: Path) -> str:
    """Ours: mammoth with a style map read from the document, then our Markdown writer."""
    from xinyu.importer.convert import convert_docx

    conversion = convert_docx(path.read_bytes(), path.name)
    cover = "".join(f"\n[元数据] {k}：{v}" for k, v in conversion.found.cover.items())  # the 申报表 becomes front matter
    return conversion.markdown + cover.replace("type：", "案例类型：")


def run_pandoc(path: Path) -> str:
    import pypandoc

    return pypandoc.convert_file(str(path), "gfm", extra_args=["--track-changes=accept", f"--extract-media={path.parent / 'media'}"])


def run_docx2python(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(str(path), html=True) as result:
        return result.text + "\n[images] " + " ".join(result.images)


def run_python_docx(path: Path) -> str:
    """The plain reading anyone writes first: paragraphs, then tables."""
    import docx

    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(lines)


CONVERTERS = {
    "mammoth": run_mammoth,
    "pandoc": run_pandoc,
    "docx2python": run_docx2python,
    "python-docx": run_python_docx,
    "xinyu (mammoth+)": run_xinyu,
}


def _bold(text: str, word: str) -> bool:
    return bool(re.search(rf"(<strong>|<b>|\*\*){re.escape(word)}(</strong>|</b>|\*\*)", text))


def _heading(text: str, word: str) -> bool:
    return bool(re.search(rf"(<h\d>|^#+ ){re.escape(word)}", text, re.M))


def _nested(text: str) -> bool:
    html = re.search(r"<li>考前反应\s*<ul>\s*<li>生理", text)
    md = re.search(r"^[-*] 考前反应\s*\n(\s*\n)?[ \t]+[-*] +生理", text, re.M)
    return bool(html or md)


def _rowspan(text: str) -> bool:
    return 'rowspan="2"' in text and text.count("第1–2次") == 1


PROBES: list[tuple[str, str, callable]] = [
    ("word", "粗体、斜体", lambda t: _bold(t, "内向") and bool(re.search(r"(<em>|<i>|\*)失眠、心慌", t))),
    ("word", "只有粗体的小标题仍可辨认", lambda t: _bold(t, "一、基本情况") or _heading(t, "一、基本情况")),
    ("word", "嵌套列表（第二层）", _nested),
    ("word", "编号列表", lambda t: bool(re.search(r"<ol>\s*<li>建立关系|^1\.\s+建立关系", t, re.M))),
    ("word", "合并单元格（跨行）", _rowspan),
    (
        "word",
        "表格中的图片",
        lambda t: bool(re.search(r"认识情绪(?:(?!放松训练)[\s\S]){0,300}?(<img|!\[)", t)),  # in the same row
    ),
    ("word", "正文图片", lambda t: len(re.findall(r"<img|!\[|\.png|image\d", t)) >= 2),
    ("word", "文本框的文字", lambda t: "0 表示平静" in t),
    ("word", "脚注", lambda t: "监护人书面同意" in t and bool(re.search(r"\[\^1\]|footnote", t))),
    ("word", "修订：接受插入", lambda t: "并伴有头痛" in t),
    ("word", "修订：不含删除的文字", lambda t: "王建国" not in t),
    ("word", "不含批注", lambda t: "请核实学生姓名" not in t),
    ("word", "公式", lambda t: "S=a+b" in t.replace(" ", "")),
    ("word", "申报表（表格）", lambda t: bool(re.search(r"案例类型[^\n]{0,80}?个体辅导", t, re.S))),
    ("wps", "WPS 标题样式（中文名、数字编号）成为标题", lambda t: _heading(t, "一、基本情况")),
    ("wps", "WPS 大纲级别的段落成为标题", lambda t: _heading(t, "（一）家庭因素") or _bold(t, "（一）家庭因素")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="keep the documents and outputs in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    docs = {"word": write(folder / "word.docx", Submission()), "wps": write(folder / "wps.docx", Submission(wps=True, cover_table=False))}
    outputs: dict[str, dict[str, str | None]] = {}
    for name, run in CONVERTERS.items():
        outputs[name] = {}
        for kind, path in docs.items():
            started = time.perf_counter()
            try:
                outputs[name][kind] = run(path)
            except ImportError:
                outputs[name][kind] = None
            except Exception as exc:  # noqa: BLE001 - a converter that fails on a document is a finding
                outputs[name][kind] = f"ERROR {type(exc).__name__}: {exc}"
            if args.keep and outputs[name][kind] is not None:
                (folder / f"{kind}.{name.split()[0]}.txt").write_text(outputs[name][kind], encoding="utf-8")
            outputs[name][f"{kind}-seconds"] = f"{time.perf_counter() - started:.2f}"
    names = list(CONVERTERS)
    print("| 特征 | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for kind, label, probe in PROBES:
        cells = []
        for name in names:
            text = outputs[name][kind]
            cells.append("未安装" if text is None else ("✓" if probe(text) else "✗"))
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| 用时（秒，Word 样本） | " + " | ".join(outputs[n]["word-seconds"] for n in names) + " |")


if __name__ == "__main__":
    main()
