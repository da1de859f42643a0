#!/usr/bin/env python3
"""Benchmark Chinese search engines on one synthetic corpus, in one run.

For each N (default 1,000, 5,000, 10,000) it generates N contract-valid cases
(~5,000 characters of Chinese each, varied topics/grades/tags, planted terms),
then measures side by side:

- ours: ``xinyu.search.write_index`` (time, peak memory of that process);
- Material's built-in search (``lang: zh`` with jieba): whole ``mkdocs build``
  with and without the search plugin (the latter is the rendering floor);
- Pagefind standard and extended (CJK segmentation), run over the floor's HTML;

and in headless Chromium: bytes transferred for the first query, results on a
cold page, warm query latency, and recall (and precision) on a query set whose
answers are known from the generator.

    python scripts/bench_search.py                      # N = 1000, 5000, 10000 (~30 min)
    python scripts/bench_search.py --sizes 300 --engines ours,pagefind-ext   # a quick look

Results go to ``--out`` (JSON, updated after every step) and a Markdown table
on stdout. Run it in the background for the full sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

CHROMIUM = os.environ.get("XINYU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ENGINES = ("ours", "material", "pagefind", "pagefind-ext")
TABLE_ROWS = ("ours", "ours-noatt", "material", "pagefind", "pagefind-ext")

# ---------------------------------------------------------------- corpus

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "晓红明华丽静敏燕艳娟霞秀英俊杰涛斌磊强军平刚勇鹏飞宇浩然思雨欣怡嘉琪子涵梓萱雅婷慧颖"
DISTRICTS = ["滨江区", "城南区", "城北区", "高新区", "湖滨区", "西湖区", "江北区", "临江区", "东城区", "南山区"]
SCHOOL_KINDS = ["实验小学", "第一中学", "第二中学", "实验中学", "中心小学", "外国语学校", "育才小学", "职业高级中学"]
GRADES = {"小学低年级": ["一年级", "二年级"], "小学中年级": ["三年级", "四年级"], "小学高年级": ["五年级", "六年级"],
          "初中": ["初一", "初二", "初三"], "高中": ["高一", "高二", "高三"], "中职": ["中职一年级", "中职二年级"]}
TOPICS = ["认识自我", "学会学习", "人际交往", "情绪调适", "升学择业", "生活和社会适应", "生命教育", "家庭教育"]
TYPES = ["个体辅导", "团体辅导", "危机干预", "家校共育", "心理活动课", "主题活动"]
TAGS = ["考试焦虑", "沙盘游戏", "情绪管理", "生涯规划", "团体辅导", "危机干预", "人际交往", "家校共育", "亲子沟通",
        "校园欺凌", "网络成瘾", "新生适应", "正念训练", "绘画治疗", "自我效能感", "心理韧性", "学习动机", "同伴关系"]
RARE = ["箱庭疗法", "叙事疗法", "优点轰炸", "情绪温度计", "空椅子技术", "焦点解决短期治疗", "生命线练习", "合理情绪疗法"]
PSEUDO = ["小A", "小B", "小林", "小雨", "小宇", "小夏", "小周", "小星"]
TRAITS = ["性格内向，不善言辞", "平时活泼好动，人缘不错", "成绩中等，做事认真", "自尊心强，对自己要求很高",
          "家中排行老大，父母工作忙碌", "刚从外地转学过来，朋友不多", "兴趣广泛，喜欢画画和打篮球", "比较敏感，容易在意别人的评价"]
PROBLEMS = ["上课注意力不集中，作业经常拖到深夜", "一到考试就心跳加快、手心出汗，晚上睡不好", "和同桌发生争执后不愿意来学校",
            "在班级里很少说话，课间总是独自一人", "沉迷手机游戏，与父母冲突不断", "对未来的升学方向感到迷茫",
            "情绪起伏很大，常常因为小事发脾气", "多次在日记中流露出消极的想法", "觉得自己什么都做不好，缺乏自信",
            "与父母沟通困难，回家后就把自己关在房间里"]
EFFECTS = ["学习成绩明显下滑", "同学关系变得紧张", "家长十分焦急", "班主任多次找其谈话但效果不明显",
           "身体也出现了头痛、胃痛等不适", "逐渐失去了对学习的兴趣"]
TEACHERS = ["心理教师", "班主任", "辅导老师", "学校心理辅导员", "年级组长"]
PLACES = ["心理辅导室", "课后的谈心中", "班级活动里", "一次家长会上", "日常观察中", "心理健康活动课上"]
METHODS = ["认知行为技术", "放松训练", "角色扮演", "绘画表达", "情景模拟", "积极关注和倾听", "行为契约", "小组讨论",
           "自我对话练习", "呼吸放松", "优势识别练习", "家校沟通会谈"]
GOALS = ["正确认识自己的情绪", "学会合理表达需求", "建立积极的自我评价", "找到适合自己的学习方法",
         "重新融入班集体", "制定切实可行的学习计划", "学会换位思考", "增强面对困难的勇气"]
CHANGES = ["能够主动与同学交流", "睡眠质量明显改善", "课堂上开始举手发言", "与父母的关系有所缓和",
           "考试时的紧张感明显减轻", "能够用恰当的方式表达情绪", "重新找回了学习的动力", "对未来有了更清晰的规划"]
REFLECTIONS = ["辅导需要尊重学生的节奏，不能急于求成。", "家校合作是辅导取得成效的重要保障。",
               "教师要善于发现学生身上的闪光点。", "及时的评估和跟进有助于巩固辅导效果。",
               "团体的力量能让学生感受到被理解和被支持。", "心理辅导应当贯穿于学校教育的全过程。",
               "每一个行为背后都有未被满足的需要。", "辅导中要保护学生隐私，遵守保密原则。"]
ADVICE = ["多倾听孩子的想法", "减少批评和比较", "每天安排固定的亲子时间", "和孩子一起制定手机使用约定",
          "关注孩子的情绪变化", "给予孩子更多的鼓励和肯定"]
HOME = ["经常沉默寡言", "脾气暴躁", "作息不规律", "不愿意和父母交流", "总是抱着手机"]


def person_pool(rng: random.Random, size: int) -> list[str]:
    names: set[str] = set()
    while len(names) < size:
        names.add(rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
    return sorted(names)


ATTACHMENT_SHARE = 0.15  # as scripts/corpus.py: one item in seven has one of the sample's PDF/DOCX files


def attachment_files() -> list[Path]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import corpus

    return corpus.attachment_files()


def make_corpus(n: int, seed: int = 7) -> list[dict]:
    """N cases as dicts of front-matter fields plus a Markdown ``body`` (and ``attachment``: a file or "")."""
    rng = random.Random(seed)
    files, pick = attachment_files(), random.Random(seed + 1)  # own stream: the texts do not change
    people = person_pool(rng, 300)
    schools = sorted({d + k for d in DISTRICTS for k in SCHOOL_KINDS})
    items = []
    for i in range(n):
        grade = rng.choice(list(GRADES))
        year = rng.choice(["2019", "2020", "2021", "2022", "2023", "2024", "2025"])
        authors = rng.sample(people, rng.choice((1, 1, 2)))
        school = rng.choice(schools)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        rare = [t for t in RARE if rng.random() < 0.02]
        topics = rng.sample(TOPICS, rng.choice((1, 1, 2)))
        kind = rng.choice(TYPES)
        name = rng.choice(PSEUDO)
        school_year = rng.choice(GRADES[grade])
        title = f"{school_year}学生{rng.choice(tags)}的{kind}案例（{i + 1}）"
        summary = f"{name}是一名{school_year}学生，{rng.choice(PROBLEMS)}。{rng.choice(TEACHERS)}运用{rng.choice(METHODS)}开展{kind}，帮助其{rng.choice(GOALS)}。"
        body = [f"作者：{'、'.join(authors)}　学校：{school}　标签：{'、'.join(tags)}", ""]
        for heading in ("基本情况", "问题分析", "辅导过程", "辅导效果", "反思与建议"):
            body += [f"## {heading}", ""]
            for _ in range(6):
                body.append("".join(sentence(rng, name, school_year, tags, rare) for _ in range(rng.randint(5, 8))))
                body.append("")
        items.append({
            "slug": f"case-{i + 1:05d}", "title": title, "summary": summary, "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "topics": topics, "grade": school_year, "grade_term": grade, "tags": tags, "authors": authors, "school": school,
            "type": kind, "anonymized": True, "pseudonyms": [name], "year": year, "rare": rare, "body": "\n".join(body),
            "attachment": str(pick.choice(files)) if pick.random() < ATTACHMENT_SHARE else "",
        })
    return items


_WORDS: tuple[list[str], list[float]] | None = None


def general_words() -> tuple[list[str], list[float]]:
    """Common Chinese words with cumulative frequency weights, from jieba's dictionary (a bench-only dependency).

    Half of every case is made of them, so the corpus has the long tail of
    distinct words (and bigrams) that real writing has; templates alone would not.
    """
    global _WORDS
    if _WORDS is None:
        import jieba

        words, weights, total = [], [], 0.0
        with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
            for line in f:
                word, freq, _ = line.split(" ", 2)
                if int(freq) >= 20 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    total += int(freq) ** 0.75
                    words.append(word)
                    weights.append(total)
        _WORDS = (words, weights)
    return _WORDS


def filler(rng: random.Random) -> str:
    words, weights = general_words()
    return "".join(rng.choices(words, cum_weights=weights, k=rng.randint(6, 14))) + rng.choice("。，；。")


def sentence(rng: random.Random, name: str, school_year: str, tags: list[str], rare: list[str]) -> str:
    teacher = rng.choice(TEACHERS)
    roll = rng.random()
    if roll > 0.5:
        return filler(rng)
    if rare and roll < 0.03:
        return f"本次辅导中还尝试了{rng.choice(rare)}，{name}的投入程度较高。"
    if roll < 0.10:
        return f"针对{rng.choice(tags)}的问题，{teacher}查阅了相关资料并与同事进行了研讨。"
    templates = [
        f"{name}是一名{school_year}学生，{rng.choice(TRAITS)}。",
        f"最近一段时间，{name}{rng.choice(PROBLEMS)}，{rng.choice(EFFECTS)}。",
        f"{teacher}在{rng.choice(PLACES)}发现了这一情况，决定运用{rng.choice(METHODS)}进行干预。",
        f"辅导过程中，{teacher}通过{rng.choice(METHODS)}，引导{name}{rng.choice(GOALS)}。",
        f"经过{rng.randint(2, 12)}次辅导，{name}{rng.choice(CHANGES)}。",
        rng.choice(REFLECTIONS),
        f"家长反映{name}在家中{rng.choice(HOME)}，{teacher}建议家长{rng.choice(ADVICE)}。",
        f"在第{rng.randint(1, 9)}次活动中，同学们围绕“{rng.choice(GOALS)}”展开了讨论，气氛热烈。",
    ]
    return rng.choice(templates)


def front_matter(item: dict) -> str:
    lines = ["---", f"title: {item['title']}", f"summary: {item['summary']}", f"date: '{item['date']}'",
             f"topics: [{', '.join(item['topics'])}]", f"grade: {item['grade']}", f"tags: [{', '.join(item['tags'])}]",
             f"authors: [{', '.join(item['authors'])}]", f"school: {item['school']}", f"type: {item['type']}",
             "anonymized: true", f"pseudonyms: [{', '.join(item['pseudonyms'])}]", "---", ""]
    return "\n".join(lines)


def search_docs(items: list[dict], attachments: bool = True):
    """As the plugin makes them: attachments by path, read by the indexing process."""
    from xinyu.search import SearchAttachment, SearchDoc, plain_text

    def files(it: dict) -> list:
        path = it.get("attachment") if attachments else ""
        return [SearchAttachment(Path(path).stem, f"cases/{it['slug']}/{Path(path).name}", path=path)] if path else []

    return [SearchDoc(
        url=f"cases/{it['slug']}/", collection="cases", collection_label="优秀案例", title=it["title"], summary=it["summary"],
        text=plain_text(it["body"]), facets={"grade": [it["grade_term"]], "topics": it["topics"], "type": [it["type"]], "year": [it["year"]]},
        people=it["authors"], school=it["school"], tags=it["tags"], date=it["date"], attachments=files(it)) for it in items]


def queries(items: list[dict]) -> list[str]:
    """Text terms, tags, rare planted terms, a person and a school (chosen from the corpus)."""
    rng = random.Random(11)
    person = rng.choice(sorted({a for it in items for a in it["authors"]}))
    school = rng.choice(sorted({it["school"] for it in items}))
    return ["箱庭疗法", "叙事疗法", "优点轰炸", "情绪温度计", "空椅子技术", "合理情绪疗法", "正念训练", "绘画治疗",
            "心理韧性", "校园欺凌", "网络成瘾", "自我效能感", "亲子沟通", person, school, "网络成瘾 初二", "生命线练习",
            *ATTACHMENT_QUERIES]


ATTACHMENT_QUERIES = ["不带进卧室", "出席人数", "我生气是因为"]  # phrases found only in the sample's attachment files


def attachment_text(path: str) -> str:
    if not path:
        return ""
    if path not in _ATTACHMENT_TEXT:
        from xinyu.guard.options import GuardOptions
        from xinyu.search.attachments import visible_text

        _ATTACHMENT_TEXT[path] = " ".join(t for _, t in visible_text(Path(path), GuardOptions()))
    return _ATTACHMENT_TEXT[path]


_ATTACHMENT_TEXT: dict[str, str] = {}


def expected(items: list[dict], query: str) -> set[str]:
    """Items whose visible text contains every part of the query (what a reader would call a match)."""
    parts = query.split()
    found = set()
    for it in items:
        hay = " ".join([it["title"], it["summary"], it["body"], it["school"], *it["tags"], *it["authors"], it["grade"],
                        attachment_text(it.get("attachment", ""))])
        if all(p in hay for p in parts):
            found.add(f"cases/{it['slug']}/")
    return found


# ---------------------------------------------------------------- builds

def measured(cmd: list[str], cwd: Path | None = None, timeout: float = 3600) -> dict:
    """Wall time, CPU time (user + system) and peak RSS (GNU time: the largest process it waited for).

    On timeout the whole process group is killed (GNU time's child would otherwise go on).
    """
    out = Path(tempfile.mktemp(suffix=".time"))
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", str(out), *cmd], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"ok": False, "seconds": round(time.perf_counter() - start, 1), "error": f"timeout {timeout:.0f}s"}
    wall = time.perf_counter() - start
    fields = out.read_text().strip().splitlines()[-1].split() if out.exists() else ["0", "0", "0"]
    result = {"ok": proc.returncode == 0, "seconds": round(wall, 2), "cpu_s": round(float(fields[1]) + float(fields[2]), 1),
              "peak_mb": round(int(fields[0]) / 1024), "load": round(os.getloadavg()[0], 1)}
    if proc.returncode:
        result["error"] = (stderr or stdout)[-600:]
    result["stdout"] = stdout[-2000:]
    return result


def overlapped(mkdocs: str, plain: Path, corpus: Path, base: Path, floor_s: float) -> dict:
    """The plugin's arrangement: the index is built in a second process while MkDocs renders.

    Both start together (into scratch folders); ``added_s`` is how much longer the pair takes
    than the floor build alone, ``share`` that as a part of the whole build.
    """
    start = time.perf_counter()
    procs = {
        "render": subprocess.Popen([mkdocs, "build", "-q", "-d", str(base / "overlap-site")], cwd=plain,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        "index": subprocess.Popen([sys.executable, __file__, "_index", str(corpus), str(base / "overlap-search"),
                                   str(ROOT / "data/dictionary.txt")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    }
    done: dict[str, float] = {}
    while len(done) < len(procs):
        for name, proc in procs.items():
            if name not in done and proc.poll() is not None:
                done[name] = round(time.perf_counter() - start, 2)
        time.sleep(0.05)
    wall = max(done.values())
    shutil.rmtree(base / "overlap-site", ignore_errors=True)
    shutil.rmtree(base / "overlap-search", ignore_errors=True)
    added = max(0.0, wall - floor_s)
    return {"render_s": done["render"], "index_s": done["index"], "whole_build_s": wall, "added_s": round(added, 2),
            "share": round(added / wall, 3), "ok": all(p.returncode == 0 for p in procs.values()), "load": round(os.getloadavg()[0], 1)}


def write_site(items: list[dict], folder: Path, search: bool) -> None:
    docs = folder / "docs"
    (docs / "cases").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 心育资源库\n", encoding="utf-8")
    for it in items:
        (docs / "cases" / f"{it['slug']}.md").write_text(front_matter(it) + f"# {it['title']}\n\n" + it["body"], encoding="utf-8")
    plugins = "plugins:\n  - search:\n      lang: zh\n" if search else "plugins: []\n"
    # nav: only the home page. Without it Material lists every case in every page's navigation, so
    # the site grows as N² (5,000 cases: 4.9 GB of HTML) and the "floor" measures that, not rendering;
    # the library's own pages link items from listing pages instead.
    (folder / "mkdocs.yml").write_text(
        "site_name: 心育资源库\nuse_directory_urls: true\nnav:\n  - index.md\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        + plugins, encoding="utf-8")


def index_ours(corpus_json: Path, out: Path, dictionary: Path, attachments: bool = True) -> None:
    """Child process: read the corpus, then time what the plugin's indexing process does: read the
    attachments' text and write the index (with data/synonyms.txt and the pinyin table)."""
    from xinyu.search import read_attachments, write_index

    docs = search_docs(json.loads(corpus_json.read_text(encoding="utf-8")), attachments)
    start, cpu = time.perf_counter(), time.process_time()
    read_attachments(docs)
    read = time.perf_counter() - start
    stats = write_index(docs, out, dictionary=dictionary, synonyms=ROOT / "data/synonyms.txt")
    stats["index_seconds"] = round(time.perf_counter() - start, 2)
    stats["index_cpu_s"] = round(time.process_time() - cpu, 2)
    stats["read_attachments_s"] = round(read, 2)
    print(json.dumps(stats))


def pagefind_binary(extended: bool) -> str:
    import importlib

    module = importlib.import_module("pagefind_bin_extended" if extended else "pagefind_bin")
    return str(Path(module.__file__).parent / ("pagefind_extended" if extended else "pagefind"))


def dir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- browser

class Server:
    def __init__(self, folder: Path):
        handler = partial(_Quiet, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


OURS_HTML = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="xinyu-root" content="./">
<link rel="stylesheet" href="assets/xinyu/search.css"><title>harness</title></head>
<body><h1>检索</h1><script src="assets/xinyu/search.js"></script></body></html>"""

PAGEFIND_HTML = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>pf</title></head><body>
<script>window.pfSearch = async (dir, q, limit, all) => {
  if (!window.pf) { window.pf = await import('/' + dir + '/pagefind.js'); await window.pf.init(); }
  const r = await window.pf.search(q);
  const take = all ? r.results.slice(0, all) : r.results.slice(0, limit);
  const data = await Promise.all(take.map(x => x.data()));
  return {total: r.results.length, urls: data.map(d => d.url)};
};</script></body></html>"""

TRANSFER_JS = "() => performance.getEntriesByType('resource').reduce((s, e) => s + (e.transferSize || e.encodedBodySize || 0), 0)"


def browse_ours(browser, url: str, qs: list[str], items: list[dict]) -> dict:
    first = "考试焦虑"
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url + "xinyu-harness.html")
    page.wait_for_function("window.xinyuSearch !== undefined")
    start = time.perf_counter()
    page.fill("#xinyu-search-input", first)
    page.wait_for_selector(".xinyu-search__result", timeout=30000)
    cold = time.perf_counter() - start
    transfer = page.evaluate(TRANSFER_JS)
    warm, recall, precision = [], [], []
    for q in qs + ["焦虑", "情绪管理", "团体辅导 初中"]:
        t = page.evaluate("async q => { const t0 = performance.now(); const r = await xinyuSearch.query(q, {}, {limit: 10}); return performance.now() - t0; }", q)
        warm.append(t)
    for q in qs:
        urls = page.evaluate("async q => (await xinyuSearch.query(q, {}, {limit: 0, urls: true})).results.map(r => r.url)", q)
        found = {u.split("/", 3)[3] for u in urls}
        _score(found, expected(items, q), recall, precision)
    ctx.close()
    return _browser_result(cold, transfer, warm, recall, precision)


def browse_pagefind(browser, url: str, folder: str, qs: list[str], items: list[dict]) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url + "pf-harness.html")
    start = time.perf_counter()
    page.evaluate("([d, q]) => pfSearch(d, q, 10, 0)", [folder, "考试焦虑"])
    cold = time.perf_counter() - start
    transfer = page.evaluate(TRANSFER_JS)
    warm, recall, precision = [], [], []
    for q in qs + ["焦虑", "情绪管理", "团体辅导 初中"]:
        t0 = time.perf_counter()
        page.evaluate("([d, q]) => pfSearch(d, q, 10, 0)", [folder, q])
        warm.append((time.perf_counter() - t0) * 1000)
    for q in qs:
        res = page.evaluate("([d, q]) => pfSearch(d, q, 10, 2000)", [folder, q])
        found = {u.lstrip("/") for u in res["urls"]}
        _score(found, expected(items, q), recall, precision)
    ctx.close()
    return _browser_result(cold, transfer, warm, recall, precision)


def browse_material(browser, url: str, limit_s: float) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url)
    start = time.perf_counter()
    try:
        page.locator("input.md-search__input").click()  # the header's label[for=__search] is hidden at desktop width
        page.fill("input.md-search__input", "考试焦虑")
        page.wait_for_selector(".md-search-result__item", timeout=limit_s * 1000)
        cold = round(time.perf_counter() - start, 2)
        transfer = page.evaluate(TRANSFER_JS)
        result = {"cold_s": cold, "transfer_kb": round(transfer / 1024)}
    except Exception as exc:  # noqa: BLE001 - recorded, not raised: a failed load is a result
        result = {"cold_s": None, "error": f"no results after {limit_s:.0f} s: {type(exc).__name__}"}
    ctx.close()
    return result


def _score(found: set[str], want: set[str], recall: list, precision: list) -> None:
    if want:
        recall.append(len(found & want) / len(want))
    if found:
        precision.append(len(found & want) / len(found))


def _browser_result(cold: float, transfer: int, warm: list[float], recall: list, precision: list) -> dict:
    return {"cold_s": round(cold, 3), "transfer_kb": round(transfer / 1024), "warm_ms_median": round(statistics.median(warm), 1),
            "warm_ms_max": round(max(warm), 1), "recall": round(statistics.mean(recall), 4) if recall else None,
            "precision": round(statistics.mean(precision), 4) if precision else None}


# ---------------------------------------------------------------- run

def run(args) -> dict:
    results: dict = {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}", "sizes": {}}
    work = Path(args.work or tempfile.mkdtemp(prefix="xinyu-bench-"))
    engines = set(args.engines.split(","))
    out = Path(args.out)
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    for n in [int(s) for s in args.sizes.split(",")]:
        log(f"== N = {n}")
        row: dict = {}
        results["sizes"][str(n)] = row
        base = work / f"n{n}"
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        items = make_corpus(n)
        corpus = base / "corpus.json"
        corpus.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        plain, with_search = base / "plain", base / "material"
        write_site(items, plain, search=False)
        log("floor: mkdocs build without search")
        row["floor"] = measured([mkdocs, "build", "-q"], cwd=plain)
        site = plain / "site"
        save(out, results)
        if "ours" in engines:
            log("ours: write_index")
            r = measured([sys.executable, __file__, "_index", str(corpus), str(site / "search"), str(ROOT / "data/dictionary.txt")])
            if r["ok"]:
                r.update(json.loads(r.pop("stdout").strip().splitlines()[-1]))
                r["size_mb"] = round(dir_size(site / "search") / 2**20, 1)
                r["files"] = sum(1 for _ in (site / "search").rglob("*.js"))
                r["share_of_build"] = round(r["index_seconds"] / (row["floor"]["seconds"] + r["index_seconds"]), 3)
            row["ours"] = r
            log("ours: write_index without attachment text (the comparison for the 20 % limit)")
            r = measured([sys.executable, __file__, "_index", str(corpus), str(base / "noatt-search"), str(ROOT / "data/dictionary.txt"), "--no-attachments"])
            if r["ok"]:
                r.update(json.loads(r.pop("stdout").strip().splitlines()[-1]))
            row["ours-noatt"] = r
            shutil.rmtree(base / "noatt-search", ignore_errors=True)
            assets = site / "assets/xinyu"
            assets.mkdir(parents=True, exist_ok=True)
            for name in ("search.js", "search.css"):
                shutil.copy(ROOT / "plugins/xinyu/plugin/assets" / name, assets / name)
            (site / "xinyu-harness.html").write_text(OURS_HTML, encoding="utf-8")
            log("ours: index while MkDocs renders (two processes at once, as the plugin does)")
            row["ours"]["overlapped"] = overlapped(mkdocs, plain, corpus, base, row["floor"]["seconds"])
        for engine, extended in (("pagefind", False), ("pagefind-ext", True)):
            if engine in engines:
                log(f"{engine}: indexing")
                subdir = "pf-ext" if extended else "pf-std"
                r = measured([pagefind_binary(extended), "--site", str(site), "--output-subdir", subdir, "--glob", "cases/**/*.html"], timeout=args.pagefind_timeout)
                r.pop("stdout", None)
                if r["ok"]:
                    r["size_mb"] = round(dir_size(site / subdir) / 2**20, 1)
                    r["share_of_build"] = round(r["seconds"] / (row["floor"]["seconds"] + r["seconds"]), 3)
                row[engine] = r
        (site / "pf-harness.html").write_text(PAGEFIND_HTML, encoding="utf-8")
        save(out, results)
        row["floor"].pop("stdout", None)
        if "material" in engines:
            write_site(items, with_search, search=True)
            log("material: mkdocs build with search (lang zh, jieba)")
            r = measured([mkdocs, "build", "-q"], cwd=with_search, timeout=args.material_timeout)
            r.pop("stdout", None)
            index = with_search / "site/search/search_index.json"
            if index.exists():
                r["index_mb"] = round(index.stat().st_size / 2**6 / 2**14, 1)
                r["search_seconds"] = round(r["seconds"] - row["floor"]["seconds"], 1)
            row["material"] = r
        save(out, results)
        browse(args, row, n, items, site, with_search)
        save(out, results)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return results


def browse(args, row: dict, n: int, items: list[dict], site: Path, with_search: Path) -> None:
    from playwright.sync_api import sync_playwright

    qs = queries(items)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        server = Server(site)
        try:
            if row.get("ours", {}).get("ok"):
                log("ours: browser")
                row["ours"]["browser"] = browse_ours(browser, server.url, qs, items)
            for engine, subdir in (("pagefind", "pf-std"), ("pagefind-ext", "pf-ext")):
                if row.get(engine, {}).get("ok"):
                    log(f"{engine}: browser")
                    row[engine]["browser"] = browse_pagefind(browser, server.url, subdir, qs, items)
        finally:
            server.close()
        material = row.get("material", {})
        if material.get("ok") and n <= args.material_browser_max:
            log("material: browser")
            server = Server(with_search / "site")
            try:
                material["browser"] = browse_material(browser, server.url, args.material_query_timeout)
            finally:
                server.close()
        elif material.get("ok"):
            material["browser"] = {"skipped": f"not loaded above N={args.material_browser_max} (index {material.get('index_mb')} MB)"}
        browser.close()


def save(out: Path, results: dict) -> None:
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def table(results: dict) -> str:
    rows = ["| N | engine | index build s | peak MB | share of build | first-query KB | cold s | warm ms (median/max) | recall | precision |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for n, row in results["sizes"].items():
        floor = row.get("floor", {})
        rows.append(f"| {n} | floor (Material, no search) | {floor.get('seconds')} (whole build) | {floor.get('peak_mb')} | – | – | – | – | – | – |")
        for engine in TABLE_ROWS:
            r = row.get(engine)
            if not r:
                continue
            b = r.get("browser", {})
            build_s = r.get("index_seconds", r.get("search_seconds", r.get("seconds")))
            if "index_cpu_s" in r:
                build_s = f"{build_s} ({r['index_cpu_s']} CPU)"
            note = "" if r.get("ok") else f" ({r.get('error', 'failed')[:60]})"
            if engine == "material":
                note += f" index {r.get('index_mb')} MB; whole build {r.get('seconds')} s"
                if b.get("skipped") or b.get("error"):
                    note += "; " + (b.get("skipped") or b.get("error"))
            warm = f"{b.get('warm_ms_median')}/{b.get('warm_ms_max')}" if "warm_ms_median" in b else "–"
            share = r.get("share_of_build", "–")
            if r.get("overlapped"):
                share = f"{share} (overlapped: {r['overlapped']['share']})"
            rows.append(f"| {n} | {engine}{note} | {build_s} | {r.get('peak_mb')} | {share} | "
                        f"{b.get('transfer_kb', '–')} | {b.get('cold_s', '–')} | {warm} | {b.get('recall', '–')} | {b.get('precision', '–')} |")
    return "\n".join(rows)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_index":
        index_ours(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), "--no-attachments" not in sys.argv)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--work", help="folder for corpora and sites (default: a new temp folder)")
    parser.add_argument("--out", default="bench-search.json")
    parser.add_argument("--keep", action="store_true", help="keep each N's sites")
    parser.add_argument("--material-timeout", type=float, default=900, help="give up on Material's build after this many seconds")
    parser.add_argument("--material-browser-max", type=int, default=1000, help="largest N whose Material index is loaded in the browser")
    parser.add_argument("--material-query-timeout", type=float, default=120)
    parser.add_argument("--pagefind-timeout", type=float, default=900)
    args = parser.parse_args()
    results = run(args)
    print(table(results))


if __name__ == "__main__":
    main()
