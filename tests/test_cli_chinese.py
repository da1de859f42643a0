"""Chinese wherever a teacher looks: `xinyu` help and argparse errors, configuration errors, MkDocs' lines."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import bin_path, free_port
from xinyu import __version__
from xinyu.cli.main import build_parser

ENGLISH = ("usage:", "show this help", "options:", "positional arguments", "error:", "Traceback")


def xinyu(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([bin_path("xinyu"), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def commands() -> list[str]:
    """Every sub-command, including those added after this test was written."""
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(subparsers.choices)


@pytest.mark.parametrize("command", ["", *commands()])
def test_every_help_is_chinese(command):
    proc = xinyu(*([command] if command else []), "-h")
    assert proc.returncode == 0 and proc.stdout.startswith("用法：xinyu"), proc.stdout[:200]
    assert "显示本帮助并退出" in proc.stdout
    assert not any(word in proc.stdout for word in ENGLISH), proc.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["chk"], "没有 'chk' 这一项"),
        (["check", "--bogus"], "无法识别的参数：--bogus"),
        (["check", "--format"], "后面要跟一个值"),
        (["init"], "缺少必需的参数"),
    ],
)
def test_argument_errors_are_chinese(args, message):
    proc = xinyu(*args)
    assert proc.returncode == 2 and message in proc.stderr and "用法：" in proc.stderr, proc.stderr
    assert not any(word in proc.stderr for word in ENGLISH), proc.stderr


def test_version():
    proc = xinyu("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"xinyu {__version__}"


BAD_OPTIONS = """\
site_name: 测试
theme: {name: material, language: zh}
plugins:
  - xinyu:
      vocabluary: data/v.yml
      search: "yes"
      collections:
        cases: {label: 1}
"""


def test_every_configuration_problem_at_once_in_chinese(site):
    site.write("mkdocs.yml", BAD_OPTIONS)
    for proc in (site.check(), site.build()):
        text = proc.err
        assert proc.code != 0 and "Traceback" not in text
        assert "是不是 vocabulary" in text and "集合 cases 的 label：应写一段文字" in text and "应写 true 或 false" in text, text


@pytest.mark.parametrize(
    "options,message",
    [
        ("      vocabulary: data/没有.yml\n", "vocabulary：找不到文件 data/没有.yml"),
        ("      contract: 2\n", "只认识第 1 版"),
        ("      collections:\n        books: {label: 图书}\n", "collections → books：缺少 source, schema"),
    ],
)
def test_wrong_values_name_the_option_and_the_fix(site, options, message):
    site.write("mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8").replace("  - xinyu:\n", "  - xinyu:\n" + options))
    for proc in (site.check(), site.build()):
        assert proc.code != 0 and message in proc.err and "Traceback" not in proc.err, proc.err


def test_mkdocs_lines_are_chinese_and_the_banner_is_gone(site, valid_case):
    site.write("cases/one/index.md", valid_case)
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    proc = subprocess.run(
        [bin_path("xinyu"), "build", "--strict"], cwd=site.root, capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert "网站构建完成" in proc.stderr and "正在构建网站" in proc.stderr
    assert "Documentation built" not in proc.stderr and "end of life" not in proc.stderr
    plain = site.build()  # `mkdocs build` with our plugin: its lines too
    assert "网站构建完成" in plain.err and "Documentation built" not in plain.err


def test_mkdocs_link_checks_are_chinese_lines_naming_the_file(site, valid_case):
    """A missing picture, a link to no item, a heading that is not there: MkDocs finds them, a teacher reads Chinese."""
    body = "\n见[另一个](../no-such-case/index.md)、[小节](#no-such-heading)、[那个](../one/index.md#nowhere)。\n"
    site.write("cases/one/index.md", valid_case)
    site.write("cases/two/index.md", valid_case.replace("title: ", "title: 另一篇", 1) + body)
    site.write("docs/guide.md", "# 指南\n\n![记录表](记录表.png)\n")  # an item's missing picture is check's own error
    err = site.build().err
    assert "Doc file" not in err and "not found among" not in err and "anchor" not in err, err
    assert "docs/guide.md:3: 正文: 警告：链接或图片“记录表.png”找不到：网站中没有 记录表.png。" in err, err  # xinyu checks docs/ pages too
    assert err.count("记录表.png”找不到") == 1, err  # and MkDocs does not say it again
    assert "“../no-such-case/index.md”找不到：网站中没有 cases/no-such-case/index.md。请检查目录名" in err, err
    assert "“#no-such-heading”指向本页中不存在的小标题" in err, err
    assert "中没有“#nowhere”这个小标题" in err, err


def test_serve_on_a_busy_port_says_so_in_chinese_before_building(site, valid_case):
    """A second preview (another window left open): one Chinese line with the way out, not two English tracebacks."""
    import socket

    site.write("cases/one/index.md", valid_case)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [bin_path("xinyu"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=site.root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"预览地址 127.0.0.1:{port} 已被占用" in proc.stderr and f"serve -a 127.0.0.1:{port + 1}" in proc.stderr, proc.stderr
    assert "正在构建网站" not in proc.stderr  # said before the build, not after it


@pytest.mark.parametrize("address", ["8766", "localhost:abc", "127.0.0.1:70000", "127.0.0.1:"])
def test_serve_with_a_malformed_address_says_how_to_write_it(address):
    """MkDocs said it in English and blamed mkdocs.yml; the address was on the command line."""
    from xinyu.cli.build import address_in_use

    said = address_in_use(address)
    assert f"预览地址“{address}”要写成 地址:端口" in said and "serve -a 127.0.0.1:8001" in said, said


def test_a_failed_strict_build_says_why_in_chinese(site):
    site.write("cases/broken/index.md", "---\ntitle: 缺字段\n---\n正文\n")
    proc = subprocess.run([bin_path("xinyu"), "build", "--strict"], cwd=site.root, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1 and "严格模式（--strict）下构建中止" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "line,chinese",
    [
        ("[13:53:15] Serving on http://127.0.0.1:8000/", "[13:53:15] 预览地址：http://127.0.0.1:8000/"),
        ("[13:53:16] Detected file changes", "[13:53:16] 发现文件改动"),
        ("Documentation built in 1.20 seconds", "网站构建完成，用时 1.20 秒"),
        ("A 'dirty' build is being performed, this will likely lead to inaccurate navigation", "增量预览（--dirty）"),
    ],
)
def test_serve_lines_are_chinese(line, chinese):
    """`mkdocs serve` lines (livereload's come with the time in front), as the plugin's filter rewrites them."""
    import logging

    from xinyu.plugin.logs import ChineseLines

    record = logging.LogRecord("mkdocs.livereload", logging.WARNING, "", 0, line, None, None)
    assert ChineseLines(serve=True).filter(record) and record.getMessage().startswith(chinese)
    assert record.levelno == (logging.INFO if "dirty" in line else logging.WARNING)


def test_xinyu_serve_previews_with_chinese_lines(site, valid_case):
    import time
    import urllib.error
    import urllib.request

    site.write("cases/one/index.md", valid_case)
    port = free_port()
    proc = subprocess.Popen(
        [bin_path("xinyu"), "serve", "-a", f"127.0.0.1:{port}"], cwd=site.root, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        deadline, page = time.monotonic() + 180, ""
        while time.monotonic() < deadline and "情绪温度计" not in page:
            time.sleep(1)
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/xinyu/cases/one/", timeout=5).read().decode("utf-8")
            except OSError:
                continue
        assert "情绪温度计" in page
        hint = ""
        try:  # a page that is not there (a case with an error): the preview's hint, in the form for each system
            urllib.request.urlopen(f"http://127.0.0.1:{port}/xinyu/cases/two/", timeout=5)
        except urllib.error.HTTPError as missing:
            hint = missing.read().decode("utf-8")
        assert "python3 scripts/dev.py check" in hint and "py scripts\\dev.py check" in hint, hint[-2000:]
    finally:
        proc.terminate()
        err = proc.communicate(timeout=30)[1]
    assert "预览地址：" in err and "网站构建完成" in err and "Serving on" not in err and "end of life" not in err, err


@pytest.mark.parametrize(
    "old,new,line,fix",
    [
        ("site_name: 测试资源库", 'site_name: "测试资源库', 1, "引号没有配对"),  # PyYAML names line 9 (the next key)
        ("site_url: http", "site_url：http", 2, "中文冒号"),
        ("  font: false", "\tfont: false", 6, "制表符"),
    ],
    ids=["unclosed-quote", "chinese-colon", "tab"],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_mkdocs_yml_is_explained_at_its_line(site, command, old, new, line, fix):
    """A slip in mkdocs.yml gave PyYAML's English ('while parsing a block mapping … expected <block end>'), at the
    line where the parser noticed it; check explains front matter better. Now both say where and how to fix it."""
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace(old, new))
    proc = xinyu(command, cwd=site.root)
    assert proc.returncode != 0
    assert f"站点配置 mkdocs.yml 第 {line} 行：YAML 语法错误：" in proc.stderr and fix in proc.stderr, proc.stderr
    assert "while" not in proc.stderr and "expected" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
