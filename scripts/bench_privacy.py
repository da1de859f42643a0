"""Benchmark of the privacy guard: precision, recall and false alarms on a generated corpus, and speed.

The corpus: clean paragraphs (the sample cases' bodies, plus sentences written to
trap a detector: surname characters inside ordinary words, 王老师/李某 forms,
pseudonyms, hotlines, dates, scores) with planted personal data whose position
and kind are known. A planted value counts as found when a finding of the same
kind overlaps it; any finding overlapping nothing planted is a false alarm.

    python scripts/bench_privacy.py                 # metrics on 2,000 items, timing on 10,000
    python scripts/bench_privacy.py --items 500 --timing 1000 --seed 7
    python scripts/bench_privacy.py --site /tmp/bench-site --timing 10000   # also write a site for `xinyu check`
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from xinyu.content.entry import Entry  # noqa: E402
from xinyu.guard import GuardContext, check_entry, scan_text  # noqa: E402
from xinyu.guard.names import _tag  # noqa: E402
from xinyu.guard.patterns import ID_CHECK, ID_WEIGHTS  # noqa: E402
from xinyu.guard.suppress import read_allow_file  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建文辉力斌宇浩凯健俊帆帅旭宁龙林欣雨涵梓轩子豪晨阳博思琪佳怡嘉睿一诺欣怡浩然宇轩梦瑶若曦"
# Whole given names as parents choose them (not built from the detector's character lists): children's
# names of the 2010s and parents' names of the 1970s–80s, some with characters the detector does not list.
GIVEN_NAMES = (
    "梓涵 浩然 子轩 欣怡 一诺 雨泽 思远 俊杰 佳琪 诗涵 梦瑶 宇航 子墨 若汐 家豪 晨曦 博文 静怡 嘉怡 雨桐 沐阳 一鸣 亦菲 紫萱 语桐 "
    "梓萌 奕辰 可馨 芷若 诗雨 嘉懿 俊熙 皓轩 宇泽 铭轩 昱辰 晓彤 新宇 子豪 思琪 欣然 天佑 明轩 雅琪 若曦 乐怡 子涵 梓轩 "
    "秀英 桂兰 建国 建华 志强 丽娟 海燕 红梅 玉兰 秀兰 淑珍 国强 文静 晓东 晓燕 丽华 雪梅 春燕 金凤 玉珍 德明 永刚 建军 "
    "小红 卫东 海峰 志刚 秀芳 美玲 慧敏 伟 芳 娜 敏 静 磊 强 军 洋 勇 艳 杰 涛 超 霞 刚 鹏 辉 斌 宇 浩 凯 帆 琳 婷 颖 萱 瑶 "
    "悦 彤 航 昊 睿 铭 哲 鑫"
).split()
PSEUDONYMS = ["小A", "小B", "小林", "小雨", "小宇", "小C", "小杰", "小美"]
TRAPS = """
她一进门就显得很紧张，主张自己的事情自己解决。
马上就要期中考试了，他说自己压力很大。
辅导教师向班主任了解情况，班主任李老师表示孩子最近常常发呆。
王老师和张老师一起设计了这节心理活动课。
李某某同学和小A是同桌，两人关系一直不错。
小林的妈妈说孩子回家后常常一个人待在房间里。
如何提高学习效率是高中阶段学生普遍关心的问题。
我们参考了王国维的“人间三境界”来设计升学择业单元。
全国心理援助热线 400-161-9995，青少年服务台 12355，遇到危机可以随时求助。
北京心理危机研究与干预中心热线：010-82951332。
2024年5月20日，小A第一次来到心理辅导室。
期中考试数学成绩从85分提高到92分，SCL-90总分下降了36分。
每周二下午3:00—4:00在心理辅导室进行团体辅导，共8次。
初二年级共有45名学生参加，其中男生23名、女生22名，分成3个班。
方法上采用了沙盘游戏、绘画和角色扮演。
他的安全感不足，对同伴的评价非常敏感。
高考前一个月，高三年级组织了减压主题班会。
罗杰斯的来访者中心疗法强调真诚、无条件积极关注和共情。
马斯洛的需要层次理论帮助家长理解孩子的行为。
陶行知先生说过：“千教万教教人求真，千学万学学做真人。”
王某的父亲长期在外地工作，母亲独自照顾两个孩子。
小宇说：“我就是不想去学校。”
常老师在课后和小B聊了聊，了解到他和同桌发生了矛盾。
文化课成绩不理想让他很焦虑。
石头、剪刀、布的游戏让课堂气氛一下子活跃起来。
班主任周老师说，小杰这学期进步很大。
第3周开始，小美主动在课堂上发言。
""".strip().splitlines()


@dataclass
class Item:
    text: str
    planted: list[tuple[str, int, int, str]] = field(default_factory=list)  # kind, start, end, value
    declared: list[str] = field(default_factory=list)


def valid_id(rng: random.Random, valid: bool = True) -> str:
    region = rng.choice(["110105", "310104", "440305", "510107", "330106", "420106"])
    born = f"{rng.randint(2005, 2016)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + born + f"{rng.randint(0, 999):03d}"
    check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=False)) % 11]
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def mobile(rng: random.Random) -> str:
    digits = rng.choice(["13", "15", "17", "18", "19"]) + "".join(rng.choice("0123456789") for _ in range(9))
    sep = rng.choice(["", "", " ", "-"])
    return digits[:3] + sep + digits[3:7] + sep + digits[7:]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def planted_sentence(rng: random.Random, kind: str) -> tuple[str, list[tuple[str, str]]]:
    """A sentence with one planted value; returns the sentence and [(kind, value)] to locate."""
    if kind == "name":
        name = person_name(rng)
        cued = rng.choice([f"学生{name}", f"{name}同学", f"{name}的妈妈", f"父亲{name}", f"来访者{name}", f"同桌{name}", f"她叫{name}"])
        later = rng.choice([f"后来{name}主动来找辅导老师。", f"那天{name}没有来上课。", ""])
        return f"{cued}最近情绪低落，上课经常走神。{later}", [("name", name)]
    if kind == "name_uncued":
        # Contexts written without looking at the detector's cue list: recall here is the honest floor.
        name = person_name(rng)
        frame = rng.choice(
            [
                "放学后{n}在教室里待了很久。",
                "考试前一天{n}失眠了。",
                "辅导结束时{n}露出了笑容。",
                "{n}低着头走进了辅导室。",
                "第二次见面，{n}带来了一幅画。",
                # A new-user trial's sentences, and more written the way counsellors write.
                "{n}上课时很紧张。",
                "上课时，{n}很紧张。",
                "今天{n}来咨询室。",
                "我和{n}谈了一次。",
                "{n}和同桌发生了争执，两人一周没有说话。",
                "据{n}回忆，那次考试后她就不想上学了。",
                "{n}在日记里写道：“没有人懂我。”",
                "我请{n}画了一棵树，树干上有很多伤疤。",
                "对于{n}来说，回家比上学更难。",
                "看到{n}红了眼眶，我递过去一张纸巾。",
                "周三下午{n}没有来辅导室，我给班主任打了电话。",
                "{n}的作业经常没有完成，成绩下滑明显。",
            ]
        )
        return frame.format(n=name), [("name_uncued", name)]
    values = {
        "id_card": lambda: valid_id(rng),
        "mobile": lambda: mobile(rng),
        "landline": lambda: (
            rng.choice(["010-", "021-", "0571-", "(0755)"])
            + str(rng.randint(2, 8))
            + "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 7])))
        ),
        "email": lambda: rng.choice(["zhangwei", "li.na88", "wangfang_2010"]) + "@" + rng.choice(["qq.com", "163.com", "example.com"]),
        "qq": lambda: str(rng.randint(10000, 9999999999)),
        "wechat": lambda: "wxid_" + "".join(rng.choice("abcdefgh123456") for _ in range(8)),
        "student_no": lambda: "2023" + f"{rng.randint(0, 9999):04d}",
        "address": lambda: rng.choice(["解放路", "人民路", "建设大街", "幸福巷"]) + f"{rng.randint(1, 300)}号",
        "address_estate": lambda: (
            rng.choice(["阳光小区", "锦绣花园", "翠苑"]) + f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(101, 1802)}室"
        ),
        "birth_date": lambda: f"{rng.randint(2006, 2016)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "class_no": lambda: (
            rng.choice(["初一", "初二", "初三", "高一", "高二", "三年级", "五年级", "七年级", "五"])
            + rng.choice(["（{n}）", "({n})", "{n}", "（{n}）"]).format(n=rng.randint(1, 12))
            + "班"
        ),
    }
    value = values[kind]()
    frames = {
        "id_card": "家长提供的身份证号是{v}，用于办理转介手续。",
        "mobile": "妈妈的电话是{v}，可以随时联系。",
        "landline": "家里的电话是{v}。",
        "email": "家长留下了邮箱{v}。",
        "qq": "他的QQ号：{v}，经常在网上聊天到深夜。",
        "wechat": "她把微信号{v}告诉了网友。",
        "student_no": "学号{v}的同学在考试中作弊。",
        "address": "他家住在{v}，离学校不远。",
        "address_estate": "她家在{v}。",
        "birth_date": "小A于{v}出生，现在读初二。",
        "class_no": "小A是{v}的学生，成绩中等。",
    }
    real_kind = "address" if kind == "address_estate" else kind
    return frames[kind].format(v=value), [(real_kind, value)]


NEGATIVES = {
    "id_bad_checksum": lambda rng: f"档案中的编号{valid_id(rng, valid=False)}已作废。",
    "hotline": lambda rng: rng.choice(["心理援助热线：010-82951332。", "可拨打12355青少年服务热线。", "希望24热线 400-161-9995"]),
}
SITE_ALLOWED = set(read_allow_file(ROOT / "data/privacy-allow.txt"))
KINDS = [
    "name",
    "name",
    "name_uncued",
    "id_card",
    "mobile",
    "landline",
    "email",
    "qq",
    "wechat",
    "student_no",
    "address",
    "address_estate",
    "birth_date",
    "class_no",
]


def clean_paragraphs() -> list[str]:
    """Body paragraphs of the sample content (cases, courses, lectures, research, guides; already anonymised) plus the trap sentences."""
    paragraphs = list(TRAPS)
    # The contributor guide is left out: it quotes what must not be written (“初二（3）班”) as examples.
    docs = [md for md in sorted((ROOT / "docs").rglob("*.md")) if "contribute" not in md.parts]
    for md in sorted((ROOT / "cases").glob("*/index.md")) + docs:
        text = md.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1]
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 20 and not p.lstrip().startswith(("|", "```"))]
    return paragraphs


def _locate(text: str, values: list[tuple[str, str]]) -> list[tuple[str, int, int, str]]:
    spans = []
    for kind, value in values:
        for m in re.finditer(re.escape(value), text):
            spans.append((kind, m.start(), m.end(), value))
    return spans


def build_corpus(rng: random.Random, count: int, size: int) -> list[Item]:
    paragraphs = clean_paragraphs()
    items = []
    for n in range(count):
        plants = 0 if n % 4 == 0 else rng.randint(1, 4)  # a quarter of the items are clean
        parts = []
        while sum(len(p) for p in parts) < size:
            parts.append(rng.choice(paragraphs))
        if rng.random() < 0.3:
            parts.append(NEGATIVES[rng.choice(list(NEGATIVES))](rng))
        values = []
        for _ in range(plants):
            sentence, planted = planted_sentence(rng, rng.choice(KINDS))
            parts.insert(rng.randrange(len(parts) + 1), sentence)
            values += planted
        text = "\n\n".join(parts)
        items.append(Item(text, _locate(text, values), PSEUDONYMS))
    return items


def evaluate(items: list[Item]) -> dict[str, Counter]:
    """Per kind: tp (planted and found), fn (planted, missed), fp (found, not planted)."""
    stats: dict[str, Counter] = {}
    false_alarm_items = clean_items = 0
    for item in items:
        findings = scan_text(item.text, set(item.declared) | SITE_ALLOWED)
        hit = set()
        for f in findings:
            match = [i for i, (kind, s, e, _) in enumerate(item.planted) if kind.startswith(f.kind) and s < f.end and f.start < e]
            stats.setdefault(item.planted[match[0]][0] if match else f.kind, Counter())["tp" if match else "fp"] += 1
            hit.update(match)
        for i, (kind, *_rest) in enumerate(item.planted):
            if i not in hit:
                stats.setdefault(kind, Counter())["fn"] += 1
        if not item.planted:
            clean_items += 1
            false_alarm_items += bool(findings)
    stats["_items"] = Counter(clean=clean_items, false_alarm=false_alarm_items)
    return stats


def report(stats: dict[str, Counter], chars: int) -> None:
    print(f"{'kind':<12}{'planted':>8}{'found':>7}{'missed':>7}{'false':>7}{'precision':>11}{'recall':>8}")
    for kind in sorted(k for k in stats if not k.startswith("_")):
        c = stats[kind]
        # Every occurrence of a planted value is a separate planted span; tp counts findings.
        planted = c["tp"] + c["fn"]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / planted if planted else 1.0
        print(f"{kind:<12}{planted:>8}{c['tp']:>7}{c['fn']:>7}{c['fp']:>7}{precision:>11.3f}{recall:>8.3f}")
    items = stats["_items"]
    total_fp = sum(c["fp"] for k, c in stats.items() if not k.startswith("_"))
    print(
        f"clean items with any finding (false-alarm rate): {items['false_alarm']}/{items['clean']}"
        f" = {items['false_alarm'] / max(items['clean'], 1):.3f}; false findings per 100,000 characters: {total_fp / chars * 1e5:.2f}"
    )


def time_check(items: list[Item]) -> float:
    """Seconds per item through check_entry (body + metadata), as `xinyu check` calls it."""
    context = GuardContext(known_names={"赵阳", "周敏"}, options={}, root=ROOT)
    entries = []
    for n, item in enumerate(items):
        entry = Entry("cases", f"bench-{n}", ROOT / f"cases/bench-{n}/index.md", f"cases/bench-{n}/index.md", ROOT, "cases")
        entry.body, entry.body_line = item.text, 14
        entry.data = {
            "title": "一名初二学生考试焦虑的个体辅导",
            "summary": "辅导教师运用认知行为技术帮助小A调整不合理信念。",
            "pseudonyms": item.declared,
        }
        entries.append(entry)
    check_entry(entries[0], context)  # load the segmenter's dictionary once (~0.2 s), as any run does
    started = time.perf_counter()
    for entry in entries:
        _tag.cache_clear()  # real items do not repeat the corpus's sentences: no help from the cache
        check_entry(entry, context)
    return (time.perf_counter() - started) / max(len(entries), 1)


def time_scanners(items: list[Item]) -> tuple[float, float]:
    """Seconds per item of the name detector and of the patterns alone, best of three (the machine may be shared)."""
    from xinyu.guard.names import scan_names
    from xinyu.guard.patterns import scan_personal_data

    best = [float("inf"), float("inf")]
    for _ in range(3):
        started = time.perf_counter()
        for item in items:
            _tag.cache_clear()
            scan_names(item.text, item.declared)
        best[0] = min(best[0], (time.perf_counter() - started) / len(items))
        started = time.perf_counter()
        for item in items:
            scan_personal_data(item.text)
        best[1] = min(best[1], (time.perf_counter() - started) / len(items))
    return best[0], best[1]


def write_site(items: list[Item], folder: Path) -> None:
    """The timing corpus as a site, for `xinyu check` end to end."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("site_name: bench\nplugins:\n  - xinyu\n", encoding="utf-8")
    (folder / "data/vocabulary.yml").write_text((ROOT / "data/vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for n, item in enumerate(items):
        path = folder / f"cases/bench-{n:05d}/index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = (
            "---\ntitle: 一名初二学生考试焦虑的个体辅导\nsummary: 辅导教师帮助小A调整不合理信念。\ndate: 2024-05-20\n"
            "topics: [情绪调适]\ngrade: 初二\nauthors: [王老师]\nschool: xx区实验中学\ntype: 个体辅导\nanonymized: true\n"
            f"pseudonyms: [{', '.join(item.declared)}]\n---\n"
        )
        path.write_text(front + item.text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items for precision/recall")
    parser.add_argument("--timing", type=int, default=10000, help="items for the timing run")
    parser.add_argument("--size", type=int, default=5000, help="characters per item")
    parser.add_argument("--seed", type=int, default=20240520)
    parser.add_argument("--site", type=Path, help="also write the timing corpus as a site here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    items = build_corpus(rng, args.items, args.size)
    chars = sum(len(i.text) for i in items)
    print(f"corpus: {len(items)} items, {chars:,} characters, {sum(len(i.planted) for i in items)} planted spans (seed {args.seed})")
    report(evaluate(items), chars)
    timing = build_corpus(rng, args.timing, args.size)
    per_item = time_check(timing)
    print(
        f"check_entry (body + metadata, no attachments): {per_item * 1000:.3f} ms per item of ~{args.size} characters; "
        f"{per_item * len(timing):.2f} s for {len(timing):,} items on one core"
    )
    names, patterns = time_scanners(timing[:1000])
    print(f"of which, best of 3: person names {names * 1000:.3f} ms, personal-data patterns {patterns * 1000:.3f} ms per item")
    if args.site:
        write_site(timing, args.site)
        print(f"wrote {len(timing)} items to {args.site}: time `xinyu check` there")


if __name__ == "__main__":
    main()
