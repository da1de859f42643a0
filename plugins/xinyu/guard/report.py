"""Chinese messages for findings: what was found (masked), where, and how to fix it."""

from __future__ import annotations

from .findings import WARNING, Finding
from .suppress import allow_token

LABELS = {
    "id_card": "身份证号",
    "mobile": "手机号",
    "landline": "固定电话",
    "email": "电子邮箱",
    "qq": "QQ 号",
    "wechat": "微信号",
    "student_no": "学号",
    "address": "家庭住址",
    "birth_date": "出生日期",
    "class_no": "具体班级",
}
FIXES = {
    "id_card": "请删除身份证号。",
    "mobile": "请删除电话号码（可写“家长电话已删除”）。",
    "landline": "请删除电话号码（可写“家长电话已删除”）。",
    "email": "请删除邮箱地址。",
    "qq": "请删除 QQ 号。",
    "wechat": "请删除微信号。",
    "student_no": "请删除学号。",
    "address": "请删除具体住址，最多写到“某小区”“某街道”。",
    "birth_date": "请只写年龄或年级（如“14岁”“初二”），删除具体出生日期。",
    "class_no": "年级加班号再加上学校名，就能找到这名学生，请只写年级（如“初二”“某班”）。",
}
ALLOW_HINT = "若审核确认是单位的公开{what}，可在这一行或上一行加 <!-- xinyu-allow: {word} -->。"
# In front matter there is no line to mark: the item's privacy_allow takes the same words.
ALLOW_HINT_FIELD = "若审核确认是单位的公开{what}，可在 front matter 加 privacy_allow: [{word}]。"
# A data file (data/groups.yml …) has no line for a marker and no front matter: the site allow file is the way.
ALLOW_HINT_FILE = "若审核确认是单位的公开{what}，在 {file} 加一行，写上这个{word}（全站放行）。"
FIELD_PLACE = "字段值"
ALLOW_WHAT = {
    "mobile": "电话",
    "landline": "电话（如学校总机）",
    "email": "邮箱",
    "address": "地址（如学校地址）",
    "class_no": "班级（如公开表彰的先进班集体），或不指向具体学生",
}
ALLOW_WORDS = {
    "mobile": "电话",
    "landline": "电话",
    "id_card": "身份证",
    "email": "邮箱",
    "address": "地址",
    "birth_date": "出生日期",
    "qq": "QQ",
    "wechat": "微信",
    "student_no": "学号",
    "class_no": "班级",
}
MARKUP = {
    "markup_crowded": "{where}起的这一段有 {shown}（一段最多 300 个）：网站处理这样的段落要几分钟甚至更久，会拖垮构建。请把这一段拆成几段，或删去多余的符号。",
    "markup_forbidden": "{where}有 {shown} 标签：投稿内容不能包含脚本、内嵌网页、插件或样式表，网站发布时会把它删掉。请删除这个标签；要分享视频或网页，请作为附件上传或写成普通链接。",
    "markup_tag": "{where}的 HTML 标签 {shown} 不在允许列表中（允许表格、details/summary、kbd、图片、链接等常用标签），网站发布时会把它删掉。请改用 Markdown 写法或删除。",
    "markup_event": "{where}的 HTML 属性 {shown} 是事件脚本，不允许使用，网站发布时会把它删掉。请删除这个属性。",
    "markup_url": "{where}的链接或图片地址以 {shown} 开头，可能执行脚本或夹带内容，不允许使用。请改为 https:// 网址，或本条目文件夹中的附件。",
    "markup_external": "{where}的图片或媒体来自外部网址（{shown}）：内网读者打不开，还会向外部网站泄露访问记录，网站发布时会把它删掉。请把文件放进本条目文件夹，用相对路径引用（如 ![说明](图片.png)）。",
    "markup_id": "{where}的 id 或 name“{shown}”是网站页面自己的脚本要用的名字（以 __、xy-、xinyu 开头，或 filter、sort、search 等），会让页面的功能失灵，网站发布时会把它删掉。请换一个名字。",
    "markup_id_chars": "{where}的 id 或 name“{shown}”含有引号、尖括号、反引号或空白：页面目录等处会把它当成网页代码的一部分（可能被用来执行脚本），网站发布时会把它转义。请只用汉字、字母、数字、“-”和“_”，如 {{#课后反思}}。",
    "markup_include": "{where}的“{shown}”是嵌入文件的写法（pymdownx.snippets）：网站若开启这个扩展，构建时会把仓库里的其他文件（也在代码块中）原样放进页面。请删除这一行，直接写出要展示的内容；只想显示这几个字符，请写成行内代码 `--8<--`。",
    "markup_attribute": "{where}的 HTML 属性 {shown} 不在允许列表中，网站发布时会把它删掉。请删除这个属性（样式请交给网站主题）。",
}


def message(finding: Finding, where: str, allow_file: str | None = None) -> str:
    """One finding as a contributor-facing message; ``where`` says the column or the part.

    ``allow_file`` is given for a finding in a data file (a registry in YAML): there the site
    allow file is the only allowance that works, so the message names it instead of a marker."""
    if finding.kind == "name":
        return name_message(finding, where, allow_file)
    if finding.kind in MARKUP:
        return MARKUP[finding.kind].format(where=where, shown=finding.masked)
    text = f"{where}发现{LABELS[finding.kind]}“{finding.masked}”：{FIXES[finding.kind]}"
    if finding.kind in ("mobile", "landline", "email", "address", "class_no"):
        if allow_file:
            text += ALLOW_HINT_FILE.format(what=ALLOW_WHAT[finding.kind], file=allow_file, word=LABELS[finding.kind])
        else:
            hint = ALLOW_HINT_FIELD if where.startswith(FIELD_PLACE) else ALLOW_HINT
            text += hint.format(what=ALLOW_WHAT[finding.kind], word=ALLOW_WORDS[finding.kind])
    return "警告：" + text if finding.severity == WARNING else text


def name_message(finding: Finding, where: str, allow_file: str | None = None) -> str:
    """A name: what to do if it is real, and the exact line that allows it if it is not (the name stays masked)."""
    token = allow_token(finding.value)
    sure = finding.severity != WARNING
    head = ("" if sure else "警告：") + f"{where}的“{finding.masked}”" + ("像是真实姓名" if sure else "可能是人名（检测器不能确定）")
    if allow_file:
        return (
            head + "，但不在作者名录或放行名单中。学生、家长的真名不能出现在网站上，请删除；团队成员请登记在作者名录中，在这里写编号。"
            f"若审核确认这是公众人物或已公开署名的人，在 {allow_file} 加一行 {token}（全站放行）。"
        )
    return (
        head + "，但不在化名（pseudonyms）、作者或放行名单中。学生、家长的真名不能出现在案例里："
        "请改为化名（如 小A）并写进 pseudonyms。若审核确认这是公众人物、书中人物或已公开署名的人，"
        f'在 front matter 加一行 privacy_allow: ["{token}"]（已有 privacy_allow 时，把 "{token}" 加进列表）。'
    )
