"""``xinyu round status|packets|results|publish NAME``: the annual case selection, run from the repository.

status   the submissions (``round: NAME`` in their front matter) with their problems, counted by school
packets  blind review packets, an index and one score sheet per reviewer into --out DIR
results  filled sheets in: problems in the scores, disagreement, ranking with quotas,
         awards written into the winners' front matter; the 公示期 starts (--date, default today)
publish  after the 公示期: status: published written into the winners' front matter (the others stay drafts)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from ..content import load_library
from ..content.commands import command
from ..content.library import Library
from ..rounds.config import Round, RoundError, load_round
from ..rounds.publish import waiting_winners
from ..rounds.state import load_state, save_state, state_problems, today
from ..rounds.submissions import Submission, assign_codes, submissions
from .importing import table_lines
from .site import open_library


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "round",
        help="优秀案例评选：参评情况、匿名评审材料、评分结果",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "action", choices=["status", "packets", "results", "publish"],
        help="status 参评情况；packets 评审材料；results 汇总评分；publish 公示期满后发布获奖案例",
    )
    parser.add_argument("name", help="评选名称（mkdocs.yml 中 rounds 下的名称，如 2025）")
    parser.add_argument("sheets", nargs="*", metavar="SHEET.xlsx", help="results：评委填好的评分表")
    parser.add_argument("--out", metavar="DIR", help="packets：评审材料写到 DIR（不要放在 docs/ 或 cases/ 中）")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="results：公布日期（公示期从这天开始），默认今天")
    parser.add_argument("--dry-run", action="store_true", help="results：只显示结果，不写入获奖信息")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    library = open_library(args)
    if library is None:
        return 2
    try:
        round_ = load_round(library.site, args.name)
    except RoundError as exc:
        print(f"评选配置错误：{exc}", file=sys.stderr)
        return 2
    library = load_library(library.site)
    recorded = state_problems(library.site.root, round_)
    if recorded and args.action != "status":  # writing the record back would drop what could not be read
        for problem in recorded:
            print(problem.format(), file=sys.stderr)
        print(f"评选记录 {round_.state_file} 有上面这些写法问题，先改正（或从 git 历史中恢复）再运行。", file=sys.stderr)
        return 1
    try:
        return {"status": status, "packets": packets, "results": results, "publish": publish}[args.action](library, round_, args)
    except OSError as exc:
        print(f"无法读写文件 {exc.filename or ''}：{exc.strerror or exc}", file=sys.stderr)
        return 1


def _table(rows: list[tuple[str, ...]]) -> None:
    print("\n".join(table_lines(rows)))


def status(library: Library, round_: Round, args: argparse.Namespace) -> int:
    state = load_state(library.site.root, round_)
    entries = submissions(library, round_)
    if not entries:
        print(f"{round_.title}：还没有参评案例。导入时加 --round {round_.name}，如 {command(f'import 收稿文件夹 --round {round_.name}')}。")
        return 0
    rows = [("编号", "文件夹", "学校", "错误", "提醒", "标题")]
    for entry in entries:
        errors = sum(p.is_error for p in entry.problems)
        rows.append(
            (
                state.code_of(entry.key) or "—",
                entry.rel.rsplit("/", 1)[0] + "/",
                str(entry.data.get("school") or "？"),
                str(errors),
                str(len(entry.problems) - errors),
                entry.title[:30],
            )
        )
    print(f"{round_.title}：{len(entries)} 篇参评" + (f"，截止日期 {round_.deadline}" if round_.deadline else "") + "\n")
    _table(rows)
    print("\n按学校：")
    _table(
        [("学校", "篇数", "有错误的")]
        + [
            (school, str(count), str(sum(1 for e in entries if str(e.data.get("school") or "？") == school and not e.valid)))
            for school, count in Counter(str(e.data.get("school") or "？") for e in entries).most_common()
        ]
    )
    print(notice_line(library, round_))
    bad = [e for e in entries if not e.valid]
    if bad:
        print(
            f"\n{len(bad)} 篇有错误：逐篇运行 {command('check ' + bad[0].rel)} 查看并修改（评审材料可以先生成，获奖的案例须改好才能发布）。"
        )
    return 0


def packets(library: Library, round_: Round, args: argparse.Namespace) -> int:
    from ..rounds.packets import assign, write_index_and_sheets, write_packets

    if not args.out:
        print("请用 --out 写明评审材料放在哪个文件夹，如 --out 评审材料-2025。", file=sys.stderr)
        return 2
    out = Path(args.out)
    if _inside_sources(out, library):
        print(f"{out} 在网站的内容文件夹里，评审材料会被发布。请换一个文件夹（如仓库外或 .gitignore 中的文件夹）。", file=sys.stderr)
        return 2
    state = load_state(library.site.root, round_)
    subs = assign_codes(submissions(library, round_), round_, state)
    if not subs:
        print(f"{round_.title}：还没有参评案例。", file=sys.stderr)
        return 1
    load, warnings = assign(subs, round_)
    people = sorted(library.registry.names())
    made = write_packets(subs, round_, out, people, library.schools.aliases if library.schools is not None else None)
    sheets = write_index_and_sheets(made, round_, out, load)
    state.assignments = load
    saved = save_state(library.site.root, round_, state)
    for line in warnings:
        print(f"提醒：{line}", file=sys.stderr)
    for packet in made:
        for title in packet.left_out:
            print(f"提醒：{packet.code} 的附件“{title}”含作者信息，无法匿名，未放入评审材料。", file=sys.stderr)
    print(f"已生成 {len(made)} 份匿名评审材料和 {len(sheets)} 份评分表：{out}/index.html")
    print(f"评审编号记录在 {saved.relative_to(library.site.root).as_posix()}（请提交；汇总评分时要用）。")
    return 0


def _inside_sources(out: Path, library: Library) -> bool:
    target = out.resolve()
    roots = [spec.source_dir(library.site.root) for spec in library.site.collections.values()] + [library.site.root / "docs"]
    return any(target == r or r in target.parents for r in roots)


def results(library: Library, round_: Round, args: argparse.Namespace) -> int:
    from ..rounds.results import notice_until, rank, ranking_record, standings, write_award
    from ..rounds.sheets import read_sheet

    state = load_state(library.site.root, round_)
    if not state.codes:
        print(f"还没有评审编号：请先运行 {command(f'round packets {round_.name} --out 评审材料')}。", file=sys.stderr)
        return 2
    if not args.sheets:
        print("请写上评委填好的评分表，如 评审材料/评分表-*.xlsx。", file=sys.stderr)
        return 2
    subs = [Submission(s.code, s.entry) for s in assign_codes(submissions(library, round_), round_, state) if s.code in state.codes]
    sheets = [read_sheet(Path(p), round_, set(state.codes)) for p in args.sheets]
    table, problems = standings(subs, sheets, state.assignments)
    rank(table, round_)
    _print_results(table, round_)
    for line in problems:
        print(f"评分问题：{line}", file=sys.stderr)
    for s in table:
        if s.spread > round_.spread:
            print(f"分歧：{s.code} 各评委总分相差 {s.spread:g} 分（超过 {round_.spread:g}），请组织复议。", file=sys.stderr)
        if s.totals and not s.sub.entry.valid:
            print(f"未排名：{s.code}（{s.sub.entry.rel}）有错误，改好后重新汇总。", file=sys.stderr)
    if problems or args.dry_run:
        print("评分表有问题，未写入获奖信息。改好评分表后重新运行。" if problems else "（--dry-run：未写入。）", file=sys.stderr)
        return 1 if problems else 0
    start = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    for s in table:
        if s.award:
            write_award(s.sub.entry.path, round_.level, s.award, round_.year)
    state.results = {
        "announced": start.isoformat(),
        "notice_until": notice_until(start, round_).isoformat(),
        "submissions": len(table),
        "ranking": ranking_record(table),
    }
    save_state(library.site.root, round_, state)
    print(
        f"\n已把获奖信息写入 {sum(bool(s.award) for s in table)} 篇案例。公示至 {state.results['notice_until']}；"
        f"公示期间网站的评选结果页显示“公示中”；期满后运行 {command(f'round publish {round_.name}')} 发布获奖案例，其余仍为草稿。"
    )
    return 0


def _print_results(table, round_: Round) -> None:
    rows = [("名次", "编号", "平均分", "评委数", "分差", "等次", "学校", "标题")]
    for place, s in enumerate(table, 1):
        rows.append(
            (
                str(place),
                s.code,
                f"{s.average:g}",
                str(len(s.totals)),
                f"{s.spread:g}",
                s.award or "—",
                s.sub.school,
                s.sub.entry.title[:24],
            )
        )
    print(f"{round_.title}：评分结果（满分 {round_.total_max:g}）\n")
    _table(rows)


def notice_line(library: Library, round_: Round) -> str:
    """Where the round stands after its results: during the 公示期, or after it with the winners to publish."""
    until = load_state(library.site.root, round_).notice_until()
    if until is None:
        return f"\n还没有评选结果：评委的评分表收齐后运行 {command(f'round results {round_.name} 评分表-*.xlsx')}。"
    if today() <= until:
        return f"\n公示中：公示期至 {until}，期满后运行 {command(f'round publish {round_.name}')} 发布获奖案例。"
    waiting = waiting_winners(library, round_)
    if not waiting:
        return f"\n公示期已于 {until} 结束，获奖案例都已发布。"
    return f"\n公示期已于 {until} 结束：{len(waiting)} 篇获奖案例仍是草稿。运行 {command(f'round publish {round_.name}')} 发布。"


def publish(library: Library, round_: Round, args: argparse.Namespace) -> int:
    """After the 公示期: ``status: published`` into each winner's front matter (comments and the rest kept)."""
    from ..rounds.results import set_front_matter

    until = load_state(library.site.root, round_).notice_until()
    if until is None:
        print(f"{round_.title}还没有评选结果：先运行 {command(f'round results {round_.name} 评分表-*.xlsx')}。", file=sys.stderr)
        return 2
    if today() <= until:
        print(f"{round_.title}正在公示，公示期至 {until}：{until + dt.timedelta(days=1)} 起才能发布获奖案例。", file=sys.stderr)
        return 1
    waiting = waiting_winners(library, round_)
    for entry in waiting:
        set_front_matter(entry.path, "status", "published")
        print(f"已发布：{entry.rel}（{entry.title[:30]}）")
    print(f"{round_.title}：{len(waiting)} 篇获奖案例改为 status: published" if waiting else f"{round_.title}：获奖案例都已发布。")
    if waiting:
        print("其余参评案例仍是草稿，不会发布。请检查并提交这些文件；下一次构建时获奖案例出现在网站上。")
    for entry in waiting:
        if not entry.valid:
            print(f"注意：{entry.rel} 有错误，改好后才会出现在网站上：运行 {command('check ' + entry.rel)}。", file=sys.stderr)
    return 0
