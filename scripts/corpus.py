#!/usr/bin/env python3
"""Generate a complete synthetic site of N contract-valid items, for benchmarks.

    python scripts/corpus.py 2000 /tmp/site2k            # 2,000 items, seed 1
    python scripts/corpus.py 500 /tmp/s --seed 3 --check # and run `xinyu check` on it

The site is a copy of this repository's configuration (mkdocs.yml, data/, the
non-collection pages of docs/, the seven sample training sessions) with generated items in
the four contributed collections (one course in ten for parents):
about 88 % cases (≈5,000 characters of Chinese each, in the six usual sections),
the rest courses, forum lectures and research projects. Front matter is what
contributors write: aliases (初二, 情绪, 个案辅导), one term instead of a list,
tags, awards, registry authors, related items, some attachments (small real PDF
and DOCX files taken from the sample content), some flat ``<slug>.md`` items.
The text mixes sentence templates with paragraphs of the sample items; every
pseudonym a paragraph uses is declared, so the privacy guard passes.

Deterministic: the same N and seed give the same bytes. Importable:
``generate(target, n, seed=1) -> dict`` returns counts for other benchmarks.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARE = {"cases": 0.88, "courses": 0.06, "lectures": 0.03, "research": 0.03}
SOURCES = {"cases": "cases", "courses": "docs/courses", "lectures": "docs/lectures", "research": "docs/research"}

GRADES = {
    "小学低年级": ["一年级", "二年级"],
    "小学中年级": ["三年级", "四年级"],
    "小学高年级": ["五年级", "六年级"],
    "初中": ["初一", "初二", "初三", "七年级", "八年级"],
    "高中": ["高一", "高二", "高三"],
    "中职": ["职高", "中职"],
}
TOPICS = {
    "认识自我": "自我认识",
    "学会学习": "学习心理",
    "人际交往": "同伴关系",
    "情绪调适": "情绪",
    "升学择业": "生涯规划",
    "生活和社会适应": "适应",
    "生命教育": "珍爱生命",
    "家庭教育": "亲子关系",
}
TYPES = {
    "个体辅导": "个案辅导",
    "团体辅导": "团辅",
    "危机干预": "危机",
    "家校共育": "家校合作",
    "心理活动课": "心理课",
    "主题活动": "主题教育活动",
}
KINDS = ["教学设计", "课件", "学案", "微课", "校本教材"]
TAGS = [
    "考试焦虑",
    "沙盘游戏",
    "情绪管理",
    "生涯规划",
    "团体辅导",
    "危机干预",
    "人际交往",
    "家校共育",
    "亲子沟通",
    "校园欺凌",
    "网络成瘾",
    "新生适应",
    "正念训练",
    "绘画治疗",
    "自我效能感",
    "心理韧性",
    "学习动机",
    "同伴关系",
    "认知行为疗法",
    "放松训练",
    "叙事疗法",
    "焦点解决",
    "生命教育",
    "注意力",
    "拖延",
    "手机使用",
    "睡眠",
    "厌学",
    "完美主义",
    "留守儿童",
    "隔代教养",
    "青春期",
    "异性交往",
    "自伤",
    "转介",
    "心理委员",
    "班级建设",
    "绘本",
    "游戏辅导",
    "角色扮演",
]
AWARD_LEVELS, AWARD_RANKS = ["国家级", "省级", "市级", "区级", "校级"], ["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"]
DISTRICT_SCHOOLS = [
    f"xx区{s}"
    for s in (
        "实验小学",
        "第一小学",
        "第二小学",
        "第三小学",
        "中心小学",
        "育才小学",
        "外国语小学",
        "实验中学",
        "第一中学",
        "第二中学",
        "第三中学",
        "第四中学",
        "育英中学",
        "外国语学校",
        "职业高级中学",
        "职业技术学校",
    )
]
FAMILY = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜谢邹喻柏窦章苏潘葛范彭鲁韦马苗方俞任袁柳"
GIVEN = [
    "晓云",
    "敏",
    "明远",
    "舒",
    "嘉禾",
    "静",
    "立新",
    "文华",
    "海燕",
    "春梅",
    "建国",
    "志强",
    "丽娟",
    "秀英",
    "雅琴",
    "红霞",
    "国庆",
    "思源",
    "书涵",
    "雨桐",
    "子墨",
    "若溪",
    "俊杰",
    "振宇",
    "慧敏",
    "婉清",
    "永平",
    "少华",
    "家明",
    "佳怡",
]
TITLES = [
    "心理健康教师，一级教师",
    "心理健康教师，高级教师",
    "专职心理教师，名师工作室学员",
    "班主任，一级教师",
    "德育主任，高级教师",
    "心理健康教育教研员",
    "名师工作室主持人，正高级教师",
]
PSEUDO = ["小A", "小B", "小C", "小K", "小T", "小安", "小宁", "小禾", "小川", "小米", "小果", "小木"]

# Sentence templates of a case report; {p} is the student's pseudonym, {g} the school year.
SECTIONS = {
    "一、基本情况": [
        "{p}，{sex}，{g}学生，{trait}。{home}",
        "{p}最近一段时间{problem}，{effect}。班主任在{place}注意到这一变化，与{p}的家长沟通后，建议{p}到心理辅导室来聊一聊。",
        "据班主任反映，{p}{trait}，在班级中{peer}。进入{g}以后，{problem}，{effect}。",
    ],
    "二、问题分析与评估": [
        "通过初始访谈、班主任和家长的反馈，以及{scale}，对{p}的情况进行了评估：{p}的困扰与{cause}密切相关，持续约{n}周，社会功能基本完好，属于一般心理问题，可以在学校开展辅导。",
        "**原因分析。** 从认知上看，{p}存在“{belief}”等不合理信念；从情绪上看，{feeling}；从环境上看，{home}",
        "**积极资源。** {p}{resource}，这些都是辅导中可以借助的力量。",
    ],
    "三、辅导目标": [
        "- **近期目标**：{goal}。\n- **中期目标**：{goal2}。\n- **长期目标**：{goal3}。",
        "辅导目标由{p}和辅导教师共同商定，并约定每周一次、每次约 40 分钟，共 {n} 次。",
    ],
    "四、辅导过程": [
        "**第{k}次：{stage}。** 辅导教师先倾听{p}讲述这一周的经历，对{p}的{feeling2}给予充分共情。随后运用{method}，引导{p}{goal}。{p}说：“{quote}”",
        "**第{k}次：{stage}。** 结合上周的记录表，用{method}和{p}一起分析最近的一次{event}。{p}逐渐意识到，{insight}。本次布置的家庭作业是{homework}。",
        "在这一阶段，辅导教师与家长进行了一次面谈，建议家长{advice}，并约定用{channel}保持沟通。",
    ],
    "五、辅导效果": [
        "经过 {n} 次辅导，{p}{change}。班主任反馈，{p}{change2}；家长也表示，{p}在家里{change3}。",
        "辅导结束时，{p}在{scale}上的得分较辅导前明显下降。{p}自己评价说：“{quote}”",
    ],
    "六、反思": [
        "回顾这一个案，有三点体会：一是{reflection}二是{reflection2}三是{reflection3}",
        "当然，本案也有不足：{shortcoming}今后将{plan}。",
    ],
}
SLOTS = {
    "sex": ["男", "女"],
    "trait": [
        "性格内向，不善言辞",
        "平时活泼好动，人缘不错",
        "成绩中等，做事认真",
        "自尊心强，对自己要求很高",
        "家中排行老大，父母工作忙碌",
        "刚从外地转学过来，朋友不多",
        "兴趣广泛，喜欢画画和打篮球",
        "比较敏感，容易在意别人的评价",
        "责任心强，担任班干部",
    ],
    "home": [
        "父母均为企业职员，平时工作繁忙，陪伴较少。",
        "父母长期在外地务工，由祖父母照顾生活。",
        "家中还有一个弟弟，父母的关注多在弟弟身上。",
        "母亲对成绩期望很高，常拿其与表哥比较。",
        "父母关系紧张，近半年常在家中争吵。",
        "父亲管教严格，母亲较为溺爱，教育方式不一致。",
    ],
    "problem": [
        "上课注意力不集中，作业经常拖到深夜",
        "一到考试就心跳加快、手心出汗，晚上睡不好",
        "和同桌发生争执后不愿意来学校",
        "在班级里很少说话，课间总是独自一人",
        "沉迷手机游戏，与父母冲突不断",
        "对未来的升学方向感到迷茫",
        "情绪起伏很大，常常因为小事发脾气",
        "觉得自己什么都做不好，缺乏自信",
        "与父母沟通困难，回家后就把自己关在房间里",
        "被几名同学起外号，感到委屈又不敢说",
    ],
    "effect": [
        "学习成绩明显下滑",
        "同学关系变得紧张",
        "家长十分焦急",
        "班主任多次找其谈话但效果不明显",
        "身体也出现了头痛、胃痛等不适",
        "逐渐失去了对学习的兴趣",
    ],
    "place": ["课间", "一次班会上", "家长会前后", "日常观察中", "心理健康活动课上", "批改周记时"],
    "peer": ["和同学相处融洽", "朋友不多，很少参加集体活动", "常因小事与同学发生口角", "在小组合作中总是沉默"],
    "scale": [
        "《考试焦虑量表》（TAS）",
        "《中学生心理健康诊断测验》（MHT）",
        "《儿童社交焦虑量表》",
        "《自尊量表》（SES）",
        "《长处和困难问卷》（SDQ）",
        "《症状自评量表》（SCL-90）",
    ],
    "cause": ["考试情境", "同伴关系的变化", "家庭教养方式", "新环境的适应", "对自我的消极评价", "手机使用习惯"],
    "belief": ["这次考不好就全完了", "别人都不喜欢我", "我必须做到最好", "我什么都做不好", "爸妈只在乎成绩"],
    "feeling": [
        "焦虑和委屈交织，时常感到无助",
        "容易烦躁，情绪来得快去得也快",
        "长期处于低落状态，对什么都提不起兴趣",
        "紧张时伴有心慌、出汗等躯体反应",
    ],
    "resource": [
        "学习基础扎实、求助意愿强",
        "喜欢画画，愿意用作品表达自己",
        "与班主任关系良好，信任老师",
        "有一两个要好的朋友",
        "对体育活动很有兴趣",
        "父亲愿意积极配合",
    ],
    "goal": [
        "学会识别自己的情绪信号",
        "掌握两种可以随时使用的放松方法",
        "学会合理表达自己的需要",
        "建立积极的自我评价",
        "找到适合自己的学习方法",
        "重新融入班集体",
        "学会换位思考",
    ],
    "goal2": ["调整关于考试的不合理信念", "改善与父母的沟通方式", "在班级中建立一到两段稳定的同伴关系", "形成规律的作息和学习计划"],
    "goal3": ["形成稳定的自我价值感", "提升面对挫折的心理韧性", "建立对学习和生活更灵活的认识", "学会在需要时主动求助"],
    "stage": [
        "建立关系，一起看清问题",
        "放松训练",
        "认识“自动思维”",
        "系统脱敏",
        "角色扮演，练习表达",
        "优势探索",
        "制定行动计划",
        "巩固与结束",
    ],
    "feeling2": ["委屈和害怕", "愤怒和无奈", "孤单和失落", "紧张和不安"],
    "method": [
        "情绪 ABC 模型",
        "腹式呼吸和渐进式肌肉放松",
        "沙盘游戏",
        "绘画表达",
        "角色扮演",
        "焦点解决的“奇迹提问”",
        "优势卡片",
        "“焦虑温度计”",
        "行为契约",
        "空椅子技术",
        "叙事疗法的外化对话",
    ],
    "quote": [
        "原来我不是一直都紧张，是某几个时刻特别紧张。",
        "我好像可以试着先跳过去。",
        "说出来以后心里轻松多了。",
        "我发现自己也有做得好的地方。",
        "下次我想先深呼吸，再说话。",
        "我现在知道该找谁帮忙了。",
    ],
    "event": ["周测", "同学冲突", "家庭争吵", "小组活动", "课堂发言"],
    "insight": ["一次失误不等于“我不行”", "同学的一句玩笑并不代表所有人都讨厌自己", "父母的唠叨背后也有担心", "情绪本身没有对错"],
    "homework": ["每晚睡前练习放松 10 分钟", "记录一周中的三件好事", "填写情绪记录表", "主动和一位同学打招呼"],
    "advice": [
        "多倾听孩子的想法，减少批评和比较",
        "每天安排固定的亲子时间",
        "和孩子一起制定手机使用约定",
        "关注孩子的情绪变化，给予更多鼓励",
    ],
    "channel": ["家校联系本", "每周一次电话", "班级群私信"],
    "change": [
        "能够主动与同学交流",
        "睡眠质量明显改善",
        "课堂上开始举手发言",
        "考试时的紧张感明显减轻",
        "能够用恰当的方式表达情绪",
        "重新找回了学习的动力",
    ],
    "change2": ["上课更专注了", "和同桌的关系有所缓和", "参加了班级的运动会", "作业能按时完成"],
    "change3": ["愿意主动说说学校里的事", "发脾气的次数少了", "能遵守手机使用约定", "作息规律了许多"],
    "reflection": ["辅导需要尊重学生的节奏，不能急于求成。", "家校合作是辅导取得成效的重要保障。", "教师要善于发现学生身上的闪光点。"],
    "reflection2": [
        "及时的评估和跟进有助于巩固辅导效果。",
        "每一个行为背后都有未被满足的需要。",
        "具体可操作的小目标比空泛的鼓励更有力量。",
    ],
    "reflection3": ["辅导中要保护学生隐私，遵守保密原则。", "心理辅导应当贯穿于学校教育的全过程。", "班主任是发现问题的第一道防线。"],
    "shortcoming": ["辅导次数有限，对家庭系统的干预还不够深入。", "评估主要依靠自评量表，缺少更多来源的资料。", "结束后的跟踪只有两个月。"],
    "plan": ["在后续工作中加强与家长的定期沟通", "引入同伴支持，巩固辅导效果", "持续跟踪一个学期"],
}
COURSE_SECTIONS = ["教学目标", "教学重难点", "教学准备", "教学过程", "教学反思"]
LECTURE_SECTIONS = ["讲座简介", "主要内容", "对一线工作的启示"]
RESEARCH_SECTIONS = ["研究背景", "研究目标与内容", "研究方法", "主要成果", "推广应用"]


@dataclass
class Paragraph:
    """A paragraph of a sample item, with the pseudonyms and allowances it needs."""

    text: str
    pseudonyms: tuple[str, ...]
    allow: tuple[str, ...]


def sample_paragraphs(root: Path = ROOT) -> list[Paragraph]:
    """Body paragraphs of the repository's sample items (real prose, already privacy-clean)."""
    out: list[Paragraph] = []
    for source in SOURCES.values():
        for md in sorted((root / source).glob("*/index.md")) + sorted((root / source).glob("*.md")):
            if md.name.lower() == "index.md" and md.parent == root / source:
                continue
            text = md.read_text(encoding="utf-8-sig")
            if not text.startswith("---\n"):
                continue
            front, _, body = text[4:].partition("\n---\n")
            meta = yaml.safe_load(front) or {}
            if meta.get("status") == "draft":
                continue
            names = tuple(str(p) for p in meta.get("pseudonyms") or [])
            allow = tuple(str(p) for p in meta.get("privacy_allow") or [])
            for block in body.split("\n\n"):
                block = block.strip()
                if len(block) > 60 and not block.startswith(("#", "<", "|", "!", "```")):
                    out.append(Paragraph(block, names, allow))
    return out


class Writer:
    """Makes the items of one corpus from one random stream."""

    def __init__(self, seed: int, pool: list[Paragraph], people: list[str]):
        self.rng = random.Random(seed)
        self.pool = pool
        self.people = people

    def fill(self, template: str, **fixed: str) -> str:
        values = {k: self.rng.choice(v) for k, v in SLOTS.items()}
        values.update(n=str(self.rng.randint(4, 12)), k=str(self.rng.randint(1, 8)), **fixed)
        return template.format(**values)

    def body(self, sections: list[str], chars: int, p: str, g: str) -> tuple[str, set[str], set[str]]:
        """Sections of template sentences and sample paragraphs, until about ``chars`` characters."""
        names, allow = {p}, set()
        parts: dict[str, list[str]] = {s: [] for s in sections}
        size = 0
        while size < chars:
            for section in sections:
                if self.rng.random() < 0.35:
                    para = self.rng.choice(self.pool)
                    text = para.text
                    names.update(para.pseudonyms)
                    allow.update(para.allow)
                else:
                    templates = SECTIONS.get(section) or [t for ts in SECTIONS.values() for t in ts]
                    text = self.fill(self.rng.choice(templates), p=p, g=g)
                parts[section].append(text)
                size += len(text)
        return "\n\n".join(f"## {s}\n\n" + "\n\n".join(texts) for s, texts in parts.items()) + "\n", names, allow

    def terms(self, mapping: dict[str, str], k: int) -> list[str]:
        """``k`` distinct terms, each written as its alias one time in five (as contributors do)."""
        chosen = self.rng.sample(list(mapping), k)
        return [mapping[t] if self.rng.random() < 0.2 else t for t in chosen]

    def date(self) -> str:
        return f"{self.rng.randint(2015, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def authors(self) -> list[str]:
        return self.rng.sample(self.people, self.rng.choice((1, 1, 1, 2, 3)))


def dump(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)
    return f"---\n{front}---\n\n{body}"


def one_or_list(values: list[str], rng: random.Random):
    return values[0] if len(values) == 1 and rng.random() < 0.5 else values


def case(w: Writer, i: int, related: list[str]) -> tuple[dict, str]:
    rng = w.rng
    grade = rng.choice(list(GRADES))
    year_name = rng.choice(GRADES[grade])
    kind = rng.choice(list(TYPES))
    tags = rng.sample(TAGS, rng.randint(1, 4))
    p = rng.choice(PSEUDO)
    body, names, allow = w.body(list(SECTIONS), 5000, p, year_name)
    meta = {
        "title": f"{year_name}学生{tags[0]}的{kind}案例（{i}）",
        "summary": w.fill("{p}是一名{g}学生，{problem}。辅导教师运用{method}开展辅导，帮助其{goal}。", p=p, g=year_name),
        "date": w.date(),
        "grade": year_name if rng.random() < 0.6 else grade,
        "topics": one_or_list(w.terms(TOPICS, rng.choice((1, 1, 2, 2, 3))), rng),
        "type": TYPES[kind] if rng.random() < 0.15 else kind,
        "tags": tags,
        "authors": w.authors(),
        "school": rng.choice(DISTRICT_SCHOOLS),
        "anonymized": True,
        "pseudonyms": sorted(names),
    }
    if allow:
        meta["privacy_allow"] = sorted(allow)
    if rng.random() < 0.18:
        meta["award"] = {"level": rng.choice(AWARD_LEVELS), "rank": rng.choice(AWARD_RANKS), "year": int(meta["date"][:4])}
    if related and rng.random() < 0.1:
        meta["related"] = rng.sample(related, min(len(related), rng.randint(1, 2)))
    return meta, body


def course(w: Writer, i: int, related: list[str]) -> tuple[dict, str]:
    rng = w.rng
    grade = rng.choice(list(GRADES))
    topics = w.terms(TOPICS, rng.choice((1, 2)))
    p = rng.choice(PSEUDO)
    body, names, allow = w.body(COURSE_SECTIONS, 2500, p, grade)
    meta = {
        "title": f"{topics[0]}主题{rng.choice(['心理活动课', '教学设计', '学案'])}（{i}）",
        "summary": w.fill("面向{g}学生的一节课，围绕“{goal}”设计体验活动和讨论，学生在活动中{change}。", g=grade),
        "date": w.date(),
        "grade": [rng.choice(GRADES[grade])],
        "topics": topics,
        "kind": rng.choice(KINDS),
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "authors": w.authors(),
        "school": rng.choice(DISTRICT_SCHOOLS),
    }
    if rng.random() < 0.3:
        meta.update(series=f"{grade}·{rng.choice(list(TOPICS))}单元{rng.randint(1, 20)}", order=rng.randint(1, 6), duration=1)
    if i % 10 == 1:  # 家长学校 lessons (the 给家长 page); by number, so the random draws stay as they were
        meta["audience"] = ["家长"]
    if names - {p} or allow:  # sample paragraphs may name their pseudonyms
        meta["privacy_allow"] = sorted((names - {p}) | allow)
    return meta, body


def lecture(w: Writer, i: int, related: list[str]) -> tuple[dict, str]:
    rng = w.rng
    year = rng.randint(2015, 2025)
    body, names, allow = w.body(LECTURE_SECTIONS, 3000, rng.choice(PSEUDO), "初中")
    speaker = (
        w.authors()[:1]
        if rng.random() < 0.6
        else [{"name": "嘉宾" + rng.choice("甲乙丙丁戊"), "affiliation": "xx大学心理学部", "title": "教授"}]
    )
    meta = {
        "title": f"学校心理健康教育专题讲座（{i}）：{rng.choice(SLOTS['goal'])}",
        "summary": w.fill("论坛讲座。主讲人结合{method}的实践，讲解如何帮助学生{goal}，并分享区内学校的经验。"),
        "date": f"{year}-11-{rng.randint(10, 28)}",
        "topics": w.terms(TOPICS, rng.choice((1, 2))),
        "speakers": speaker,
        "event": f"{year}年xx区心理健康教育论坛",
        "order": rng.randint(1, 8),
        "tags": rng.sample(TAGS, 2),
        "privacy_allow": sorted(names | allow | {"嘉宾甲", "嘉宾乙", "嘉宾丙", "嘉宾丁", "嘉宾戊"}),
    }
    return meta, body


def research(w: Writer, i: int, related: list[str]) -> tuple[dict, str]:
    rng = w.rng
    body, names, allow = w.body(RESEARCH_SECTIONS, 4000, rng.choice(PSEUDO), "初中")
    start = rng.randint(2015, 2023)
    meta = {
        "title": f"{rng.choice(list(TOPICS))}视角下中小学生{rng.choice(TAGS)}的实践研究（{i}）",
        "summary": w.fill("区级以上课题。围绕{cause}对学生心理健康的影响，研究{method}在学校中的应用，形成案例集和校本课程。"),
        "date": f"{start + 2}-{rng.randint(1, 12):02d}-15",
        "topics": w.terms(TOPICS, 2),
        "grade": [rng.choice(list(GRADES))],
        "tags": rng.sample(TAGS, 3),
        "authors": w.authors(),
        "leaders": w.authors()[:1],
        "level": rng.choice(["国家级", "省级", "市级", "区级"]),
        "status_of_work": rng.choice(["立项", "在研", "结题"]),
        "period": f"{start}-09 至 {start + 2}-06",
        "privacy_allow": sorted(names | allow) or None,
    }
    return {k: v for k, v in meta.items() if v is not None}, body


MAKERS = {"cases": case, "courses": course, "lectures": lecture, "research": research}


def registry(rng: random.Random, size: int) -> dict[str, dict]:
    """Fictional authors: id → name, school, title, bio (the repository's own entries kept)."""
    people = yaml.safe_load((ROOT / "data/authors.yml").read_text(encoding="utf-8")) or {}
    names = {p["name"] for p in people.values()}
    n = 0
    while len(people) < size:
        n += 1
        name = rng.choice(FAMILY) + rng.choice(GIVEN)
        if name in names:
            continue
        names.add(name)
        people[f"author-{n:04d}"] = {
            "name": name,
            "school": rng.choice(DISTRICT_SCHOOLS),
            "title": rng.choice(TITLES),
            "bio": "从事学校心理健康教育工作多年，参与区名师工作室的案例研讨和校本研修。",
        }
    return people


def attachment_files(root: Path = ROOT) -> list[Path]:
    """Small valid PDF and DOCX files of the sample content, reused as attachments."""
    return sorted(p for p in (root / "cases").glob("*/*") if p.suffix in (".pdf", ".docx"))


def copy_config(target: Path) -> None:
    """mkdocs.yml, data/ and the non-collection pages of docs/ (no sample items)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "data", target / "data", dirs_exist_ok=True)
    docs = target / "docs"
    docs.mkdir(exist_ok=True)
    for name in ("index.md", "about.md"):
        shutil.copy2(ROOT / "docs" / name, docs / name)
    shutil.copytree(ROOT / "docs/contribute", docs / "contribute", dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs/training", docs / "training", dirs_exist_ok=True)  # the seven sample sessions: the nav names the collection
    for source in SOURCES.values():
        (target / source).mkdir(parents=True, exist_ok=True)
        intro = ROOT / source / "index.md"
        if intro.is_file():
            shutil.copy2(intro, target / source / "index.md")


def counts_for(n: int) -> dict[str, int]:
    counts = {name: max(1, round(n * share)) for name, share in SHARE.items()}
    counts["cases"] += n - sum(counts.values())
    return counts


def generate(target: Path, n: int, seed: int = 1) -> dict:
    """Write a complete site of ``n`` items into ``target`` (emptied first); returns counts by collection."""
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    copy_config(target)
    rng = random.Random(seed)
    people = registry(rng, max(40, n // 25))
    (target / "data/authors.yml").write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the schools list names the schools the items use (else every item warns that its school is unlisted)
    (target / "data/schools.yml").write_text("".join(f"{school}: []\n" for school in DISTRICT_SCHOOLS), encoding="utf-8")
    writer = Writer(seed, sample_paragraphs(), sorted(people))
    files = attachment_files()
    counts = counts_for(n)
    keys: list[str] = []
    for name, count in counts.items():
        for i in range(1, count + 1):
            slug = f"{name[:-1] if name.endswith('s') else name}-{i:05d}"
            meta, body = MAKERS[name](writer, i, keys[-200:])
            _write_item(target / SOURCES[name], slug, meta, body, files, writer.rng)
            keys.append(f"{name}/{slug}")
    return {"items": n, "by_collection": counts, "authors": len(people), "seed": seed}


def _write_item(folder: Path, slug: str, meta: dict, body: str, files: list[Path], rng: random.Random) -> None:
    """A bundle (``slug/index.md`` with attachments) or, for one item in ten without attachments, ``slug.md``."""
    with_file = rng.random() < 0.15
    if not with_file and rng.random() < 0.1:
        (folder / f"{slug}.md").write_text(dump(meta, body), encoding="utf-8")
        return
    bundle = folder / slug
    bundle.mkdir()
    if with_file:
        source = rng.choice(files)
        shutil.copyfile(source, bundle / source.name)
        meta["attachments"] = [{"file": source.name, "title": source.stem}]
    (bundle / "index.md").write_text(dump(meta, body), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic xinyu site of N items.")
    parser.add_argument("n", type=int, help="number of items (all collections)")
    parser.add_argument("target", type=Path, help="folder to write the site into (emptied first)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="run `xinyu check` on the result")
    args = parser.parse_args(argv)
    info = generate(args.target, args.n, args.seed)
    print(f"{args.target}: {info['items']} items {info['by_collection']}, {info['authors']} authors, seed {info['seed']}")
    if args.check:
        import subprocess

        return subprocess.call(
            [sys.executable, "-c", "import sys; from xinyu.cli.main import main; sys.exit(main(sys.argv[1:]))", "check"], cwd=args.target
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
