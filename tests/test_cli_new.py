"""xinyu new: a valid item from the schema, by prompts on stdin or by flags; never overwrites."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from conftest import Site, bin_path

CASE_ANSWERS = (
    "\n".join(
        [
            "用“情绪温度计”帮助初一学生识别情绪",  # 标题
            "一名初一学生入学后情绪波动大，辅导教师帮助她识别和表达情绪。",  # 摘要
            "",  # 日期：回车用今天
            "4 人际",  # 主题：编号和别名混用
            "初一",  # 学段：年级是学段的别名
            "王老师",  # 作者
            "xx区实验中学",  # 学校
            "1",  # 案例类型
            "是",  # 已匿名化：本人确认，从不代填
            "小A、小林",  # 化名
        ]
    )
    + "\n"
)


def xinyu(site: Site, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_"))}
    return subprocess.run([bin_path("xinyu"), *args], cwd=site.root, input=input, capture_output=True, text=True, encoding="utf-8", env=env)


def front_matter(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def created(site: Site, collection_dir: str) -> list:
    return sorted((site.root / collection_dir).glob("*/index.md"))


def test_interactive_case_from_stdin_passes_check(site: Site):
    proc = xinyu(site, "new", "case", input=CASE_ANSWERS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [item] = created(site, "cases")
    assert item.parent.name == "yong-qing-xu-wen-du-ji-bang-zhu"  # cut between words: 初一学生 is one
    data = front_matter(item)
    assert data["title"] == "用“情绪温度计”帮助初一学生识别情绪"
    assert data["topics"] == ["情绪调适", "人际交往"]
    assert data["grade"] == ["初中"]
    assert data["type"] == "个体辅导"
    assert data["pseudonyms"] == ["小A", "小林"]
    assert data["anonymized"] is True
    # only what was asked or required is written: an optional date (withdrawn_date) is not "today"
    assert set(data) == {"title", "summary", "date", "topics", "grade", "authors", "school", "type", "anonymized", "pseudonyms"}
    assert "学段（必填）" in proc.stdout and "1. 小学低年级" in proc.stdout
    check = site.check()
    assert check.code == 0, check.out + check.err


def test_interactive_reasks_until_the_answer_is_valid(site: Site):
    answers = CASE_ANSWERS.replace("初一\n", "初四\n9\n初二\n", 1)
    proc = xinyu(site, "new", "case", input=answers)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "“初四”不是有效的学段" in proc.stdout
    assert front_matter(created(site, "cases")[0])["grade"] == ["初中"]


def test_anonymized_is_confirmed_by_the_contributor_never_written_for_them(site: Site):
    """A privacy confirmation is the contributor's act: asked (否 is refused), never a silent default."""
    answers = CASE_ANSWERS.replace("是\n", "否\n\n确认\n是\n", 1)
    proc = xinyu(site, "new", "case", input=answers)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✗ 请输入“是”确认" in proc.stdout and "只能写英文的 true" not in proc.stdout  # what to type here, not in a file
    assert "已匿名化（必填）" in proc.stdout and "请输入“是”确认" in proc.stdout
    assert "案例必须匿名化后才能分享" in proc.stdout and "这一项必填" in proc.stdout
    assert front_matter(created(site, "cases")[0])["anonymized"] is True
    stopped = xinyu(site, "new", "case", input=CASE_ANSWERS.split("是\n")[0])  # end of input at the question
    assert stopped.returncode == 1 and "未创建任何文件" in stopped.stderr
    assert len(created(site, "cases")) == 1


def test_end_of_input_writes_nothing(site: Site):
    proc = xinyu(site, "new", "case", input="只有标题\n")
    assert proc.returncode == 1
    assert "未创建任何文件" in proc.stderr
    assert not (site.root / "cases").exists() or not created(site, "cases")


def test_template_comments_every_field_in_chinese(site: Site):
    xinyu(site, "new", "case", input=CASE_ANSWERS)
    text = created(site, "cases")[0].read_text(encoding="utf-8")
    for label in ("# 标题（必填）", "# 学段（必填）", "# 案例类型（必填）", "# 获奖（选填）", "# 附件（选填）"):
        assert label in text
    assert "# award: {level: 区级, rank: 一等奖, year: 2024}" in text  # optional: present, commented out
    assert "## 基本情况" in text and "## 反思" in text  # x-body-sections


@pytest.mark.parametrize(
    "args, folder",
    [
        (
            [
                "case",
                "--title",
                "沙盘游戏 辅导",
                "--summary",
                "摘要",
                "--topics",
                "情绪调适",
                "--grade",
                "一年级",
                "--authors",
                "王老师",
                "--school",
                "xx小学",
                "--type",
                "个案辅导",
                "--anonymized",
                "true",
            ],
            "cases",
        ),
        (
            [
                "course",
                "--title",
                "情绪ABC",
                "--summary",
                "摘要",
                "--topics",
                "情绪,人际交往",
                "--grade",
                "初一",
                "--authors",
                "王老师",
                "李老师",
                "--school",
                "xx中学",
                "--kind",
                "教案",
            ],
            "docs/courses",
        ),
        (
            [
                "lecture",
                "--title",
                "讲座：危机识别",
                "--summary",
                "摘要",
                "--topics",
                "生命教育",
                "--speakers",
                "李明远",
                "--event",
                "2024年xx区心理健康教育论坛",
            ],
            "docs/lectures",
        ),
        (
            [
                "research",
                "--title",
                "家庭因素研究",
                "--summary",
                "摘要",
                "--topics",
                "家庭教育",
                "--authors",
                "王老师",
                "--level",
                "市级",
                "--status-of-work",
                "在研",
                "--date",
                "2024年5月",  # written as the contract writes dates (2024-05)
            ],
            "docs/research",
        ),
    ],
)
def test_flags_without_prompts_make_a_valid_item(site: Site, args: list[str], folder: str):
    proc = xinyu(site, "new", *args, "--yes")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(created(site, folder)) == 1
    check = site.check()
    assert check.code == 0, check.out + check.err


def test_a_date_typed_another_way_is_written_as_dates_are(site: Site):
    """2024-10-8, 2024/10/8, 2024年10月8日: what teachers type; the file gets 2024-10-08."""
    for typed in ("2024-10-8", "2024/10/8", "2024年10月8日"):
        args = ["case", "--title", f"日期写法{len(typed)}", "--summary", "摘要", "--topics", "情绪调适", "--grade", "初中"]
        proc = xinyu(site, "new", *args, "--authors", "王老师", "--school", "xx区第一中学", "--type", "个体辅导", "--anonymized", "true", "--date", typed, "--yes")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"--date：“{typed}”写作“2024-10-08”" in proc.stderr, proc.stderr  # the contributor is told
    written = [md.read_text(encoding="utf-8") for md in created(site, "cases")]
    assert len(written) == 3 and all("\ndate: '2024-10-08'\n" in text or "\ndate: 2024-10-08\n" in text for text in written), written


def test_yes_reports_every_missing_required_field(site: Site):
    proc = xinyu(site, "new", "case", "--yes", "--title", "只有标题")
    assert proc.returncode == 1
    for flag in ("--summary", "--topics", "--grade", "--authors", "--school", "--type", "--anonymized true"):
        assert flag in proc.stderr
    assert not (site.root / "cases").exists()


def test_bad_flag_value_is_explained_and_nothing_written(site: Site):
    proc = xinyu(site, "new", "case", "--yes", "--title", "t", "--grade", "初四")
    assert proc.returncode == 1
    assert "“初四”不是有效的学段" in proc.stderr and "初中" in proc.stderr
    assert not (site.root / "cases").exists()


def test_every_bad_flag_value_is_named_in_one_run(site: Site):
    proc = xinyu(site, "new", "case", "--yes", "--title", "t", "--grade", "大学", "--topics", "恋爱心理", "--date", "昨天")
    assert proc.returncode == 1
    assert "--grade" in proc.stderr and "--topics" in proc.stderr and "--date" in proc.stderr, proc.stderr
    assert not (site.root / "cases").exists()


def test_same_title_twice_gets_a_new_slug_never_overwrites(site: Site):
    args = [
        "new",
        "course",
        "--yes",
        "--title",
        "情绪ABC",
        "--summary",
        "s",
        "--topics",
        "情绪调适",
        "--grade",
        "初中",
        "--authors",
        "王老师",
        "--school",
        "xx中学",
        "--kind",
        "课件",
    ]
    assert xinyu(site, *args).returncode == 0
    first = created(site, "docs/courses")[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n老师写的正文。\n", encoding="utf-8")
    assert xinyu(site, *args).returncode == 0
    names = [p.parent.name for p in created(site, "docs/courses")]
    assert names == ["qing-xu-abc", "qing-xu-abc-2"]
    assert "老师写的正文" in first.read_text(encoding="utf-8")


def test_refuses_to_overwrite_an_existing_item(site: Site, valid_case: str):
    existing = site.write("cases/taken/index.md", valid_case)
    proc = xinyu(
        site,
        "new",
        "case",
        "--yes",
        "--slug",
        "taken",
        "--title",
        "t",
        "--summary",
        "s",
        "--topics",
        "情绪调适",
        "--grade",
        "初中",
        "--authors",
        "王老师",
        "--school",
        "xx中学",
        "--type",
        "个体辅导",
        "--anonymized",
        "true",
    )
    assert proc.returncode == 1
    assert "不会覆盖" in proc.stderr
    assert existing.read_text(encoding="utf-8") == valid_case.lstrip("\n")


def test_title_without_pinyin_falls_back_to_the_date(site: Site):
    proc = xinyu(
        site,
        "new",
        "research",
        "--yes",
        "--title",
        "！？",
        "--summary",
        "s",
        "--topics",
        "生命教育",
        "--authors",
        "王老师",
        "--level",
        "区级",
        "--status-of-work",
        "立项",
        "--date",
        "2024-05-20",
    )
    assert proc.returncode == 0, proc.stderr
    [item] = created(site, "docs/research")
    assert item.parent.name.isdigit() and len(item.parent.name) == 8


def test_a_fifth_collection_configured_in_mkdocs_yml_gets_a_scaffold(site: Site):
    site.write(
        "mkdocs.yml",
        """\
        site_name: 测试资源库
        plugins:
          - xinyu:
              collections:
                cases: {}
                activities:
                  label: 心理活动
                  item_label: 活动
                  source: docs/activities
                  schema: schemas/activities.yml
        """,
    )
    site.write(
        "schemas/activities.yml",
        """\
        x-extends: common
        title: 心理活动
        type: object
        required: [title, summary, date, topics, organizer, participants]
        x-body-sections: [活动背景, {title: 活动过程, description: 按时间顺序写。}]
        properties:
          organizer:
            title: 组织者
            description: 组织活动的部门。
            type: string
            minLength: 1
            x-example: 学生发展中心
          participants:
            title: 参与人数
            type: integer
            minimum: 1
        """,
    )
    answers = "心理游园会\n全校心理游园会。\n2024-05-25\n2\n德育处\n0\n120\n"
    proc = xinyu(site, "new", "活动", input=answers)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "“参与人数”不能小于 1" in proc.stdout
    [item] = created(site, "docs/activities")
    text = item.read_text(encoding="utf-8")
    assert "# 组织者（必填）：组织活动的部门。" in text and "participants: 120" in text
    assert "## 活动过程" in text and "按时间顺序写。" in text
    check = site.check()
    assert check.code == 0, check.out + check.err


def test_unknown_collection_lists_the_known_ones(site: Site):
    proc = xinyu(site, "new", "story", "--yes")
    assert proc.returncode == 2
    assert "case（优秀案例）" in proc.stderr


def test_a_name_in_the_title_never_reaches_the_folder_name(site: Site):
    """The folder's name is the page's address (catalog, sitemap) and stays when the title is corrected: what the
    privacy guard finds in the title is left out of it (a README trial: 王小明 became …-wang-xiao-ming)."""
    title = "初二学生王小明的同伴冲突辅导，家长电话13812345678"
    args = ["case", "--title", title, "--summary", "摘要", "--topics", "人际", "--grade", "初中", "--date", "2024-10-08"]
    proc = xinyu(site, "new", *args, "--authors", "王老师", "--school", "xx区第一中学", "--type", "个体辅导", "--anonymized", "true", "--yes")
    [item] = created(site, "cases")
    assert "wang" not in item.parent.name and "13812345678" not in item.parent.name, item.parent.name
    assert item.parent.name.startswith("chu-er-xue-sheng"), item.parent.name
    assert "王小明" in item.read_text(encoding="utf-8"), "the title is written as given: check names it"
    assert "王**" in proc.stdout + proc.stderr
