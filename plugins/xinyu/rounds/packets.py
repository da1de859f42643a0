"""Blind review packets: one printable HTML page per submission under its code, an index, score sheets.

    OUT/index.html              编号与标题（去名）
    OUT/2025-017/index.html     the submission, names taken out, ready to print
    OUT/2025-017/图1.png …      its pictures (metadata removed) and attachments (renamed, made blind)
    OUT/评分表-<评委>.xlsx       one sheet per reviewer: the codes assigned to them

No reviewer gets a submission from their own school (when the round names the
reviewers' schools); each submission gets ``reviewers_per_submission`` of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import markdown as md
from jinja2 import Environment

from ..guard import sanitize_html
from .config import Reviewer, Round
from .scrub import Blind
from .sheets import write_sheet
from .submissions import Submission

IMAGE = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)(\))|(<img\b[^>]*\bsrc=\")([^\"]+)(\")")


@dataclass
class Packet:
    code: str
    title: str
    folder: Path
    reviewers: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # attachments that could not be made blind


def assign(subs: list[Submission], round_: Round) -> tuple[dict[str, list[str]], list[str]]:
    """Reviewer → codes, the least-loaded eligible reviewers first; and warnings (too few eligible)."""
    reviewers = round_.reviewers or [Reviewer(f"评委{i + 1}") for i in range(round_.reviewers_per_submission)]
    load: dict[str, list[str]] = {r.name: [] for r in reviewers}
    warnings = []
    for sub in subs:
        eligible = [r for r in reviewers if not (r.school and r.school == sub.school)]
        eligible.sort(key=lambda r: (len(load[r.name]), reviewers.index(r)))
        chosen = eligible[: round_.reviewers_per_submission]
        if len(chosen) < round_.reviewers_per_submission:
            warnings.append(f"{sub.code}：只有 {len(chosen)} 位评委不是作者所在学校的，少于每篇 {round_.reviewers_per_submission} 位。")
        for reviewer in chosen:
            load[reviewer.name].append(sub.code)
    return load, warnings


def blind_of(sub: Submission, people: list[str], schools: dict[str, str] | None = None) -> Blind:
    authors = sub.authors + [str(a) for a in sub.entry.data.get("authors") or [] if isinstance(a, str)]
    return Blind.of(authors, sub.school, people, schools)


def write_packets(subs: list[Submission], round_: Round, out: Path, people: list[str], schools: dict[str, str] | None = None) -> list[Packet]:
    """``schools``: the school list's ways of writing each school → its full name (content.schools.Schools.aliases)."""
    out.mkdir(parents=True, exist_ok=True)
    packets = []
    for sub in subs:
        blind = blind_of(sub, people, schools)
        folder = out / sub.code
        folder.mkdir(exist_ok=True)
        packet = Packet(sub.code, blind.text(sub.entry.title), folder)
        body = _copy_pictures(sub, blind, folder, packet)
        links = _copy_attachments(sub, blind, folder, packet)
        html = md.markdown(blind.text(body), extensions=["tables", "footnotes", "attr_list", "md_in_html"], output_format="html")
        (folder / "index.html").write_text(
            PAGE.render(round=round_, code=sub.code, title=packet.title, body=sanitize_html(html), links=links, left_out=packet.left_out,
                        summary=blind.text(str(sub.entry.data.get("summary") or ""))),
            encoding="utf-8")
        packets.append(packet)
    return packets


def write_index_and_sheets(packets: list[Packet], round_: Round, out: Path, load: dict[str, list[str]]) -> list[Path]:
    titles = {p.code: p.title for p in packets}
    (out / "index.html").write_text(INDEX.render(round=round_, packets=packets, load=load), encoding="utf-8")
    reviewers = round_.reviewers or [Reviewer(name) for name in load]
    sheets = []
    for reviewer in reviewers:
        path = out / f"评分表-{_file_safe(reviewer.name)}.xlsx"
        write_sheet(path, round_, reviewer, [(code, titles[code]) for code in load.get(reviewer.name, [])])
        sheets.append(path)
    return sheets


def _copy_pictures(sub: Submission, blind: Blind, folder: Path, packet: Packet) -> str:
    """Pictures the body shows, renamed 图N (a file name may name someone), metadata removed."""
    renamed: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        head, src, tail = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (match.group(4), match.group(5), match.group(6))
        rel = PurePosixPath(src.split("#")[0].split("?")[0])
        source = sub.entry.folder.joinpath(*rel.parts)
        if ".." in rel.parts or rel.is_absolute() or not source.is_file():
            return match.group(0)
        if src not in renamed:
            renamed[src] = f"图{len(renamed) + 1}{rel.suffix.lower()}"
            data = blind.attachment(source.read_bytes(), rel.suffix.lstrip("."))
            (folder / renamed[src]).write_bytes(data or b"")
        return f"{head}{renamed[src]}{tail}"

    return IMAGE.sub(replace, sub.entry.body)


def _copy_attachments(sub: Submission, blind: Blind, folder: Path, packet: Packet) -> list[tuple[str, str]]:
    links = []
    for number, attachment in enumerate(sub.entry.attachments, 1):
        data = blind.attachment(attachment.source.read_bytes(), attachment.extension)
        title = blind.text(attachment.title)
        if data is None:
            packet.left_out.append(title)
            continue
        name = f"附件{number}.{attachment.extension}" if attachment.extension else f"附件{number}"
        (folder / name).write_bytes(data)
        links.append((name, title))
    return links


def _file_safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|#%\s]+', "_", name).strip("_") or "评委"


_ENV = Environment(autoescape=True)
STYLE = """
body{font-family:"Noto Serif CJK SC","Songti SC","SimSun",serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.8;color:#111}
header{border-bottom:2px solid #333;margin-bottom:1.5rem}.code{font-size:1.6rem;font-weight:bold;letter-spacing:.1em}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.3rem .6rem;vertical-align:top}
img{max-width:100%}.sheet td{height:2.2rem;min-width:6rem}.note{color:#555;font-size:.9rem}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}.noprint{display:none}section{break-inside:avoid}}
"""
PAGE = _ENV.from_string("""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ code }} · {{ round.title }}</title><style>{{ style }}</style></head>
<body><header><div class="note">{{ round.title }} · 评审材料（匿名）</div><div class="code">评审编号 {{ code }}</div>
<h1>{{ title }}</h1>{% if summary %}<p class="note">摘要：{{ summary }}</p>{% endif %}</header>
<main>{{ body | safe }}</main>
{% if links or left_out %}<section><h2>附件</h2><ul>{% for name, title in links %}<li><a href="{{ name }}">{{ title }}</a></li>{% endfor %}
{% for title in left_out %}<li>{{ title }}（含作者信息，未放入评审材料）</li>{% endfor %}</ul></section>{% endif %}
<section class="sheet"><h2>评分（纸质评审用）</h2><table><tr><th>评分项</th><th>满分</th><th>得分</th></tr>
{% for c in round.criteria %}<tr><td>{{ c.name }}</td><td>{{ '%g' % c.max }}</td><td></td></tr>{% endfor %}
<tr><td>总分</td><td>{{ '%g' % round.total_max }}</td><td></td></tr></table><p>评语：</p></section>
</body></html>
""", globals={"style": STYLE})
INDEX = _ENV.from_string("""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ round.title }} · 评审材料</title><style>{{ style }}</style></head>
<body><header><h1>{{ round.title }} · 评审材料</h1><p class="note">共 {{ packets | length }} 篇，已隐去作者、学校和有关人员的姓名。评分请填写各自的评分表（.xlsx）。</p></header>
<table><tr><th>编号</th><th>标题</th><th>评委</th></tr>
{% for p in packets %}<tr><td><a href="{{ p.code }}/index.html">{{ p.code }}</a></td><td>{{ p.title }}</td>
<td>{% for name, codes in load.items() if p.code in codes %}{{ name }}{% if not loop.last %}、{% endif %}{% endfor %}</td></tr>{% endfor %}
</table></body></html>
""", globals={"style": STYLE})
