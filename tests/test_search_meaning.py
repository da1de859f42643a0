"""Search that finds what a teacher means: attachments, site pages, synonyms, phrases, pinyin and typos (no browser)."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import minimal_pdf
from test_search_index import DICTIONARY, ROOT
from test_search_index import doc as item
from xinyu.search import SearchAttachment, SearchDoc, Searcher, Synonyms, query_terms, read_attachments, write_index
from xinyu.search.analyze import ATTACHED
from xinyu.search.encode import read_data_file

SYNONYMS = ROOT / "data/synonyms.txt"


ITEMS = [
    item(
        "exam",
        "初三学生考试焦虑的个体辅导",
        "小A面临中考，出现明显的考试焦虑，辅导教师采用放松训练。",
        tags=["考试焦虑"],
        date="2024-05-01",
        facets={"grade": ["初中"]},
    ),
    item(
        "refusal",
        "初二学生拒绝到校的家校沟通",
        "小B最近不想上学，早上总说肚子疼，父母很着急。",
        date="2023-03-01",
        facets={"grade": ["初中"]},
        attachments=[
            SearchAttachment(
                "家长访谈记录",
                "cases/refusal/访谈记录.docx",
                chunks=[("正文", "访谈中家长提到孩子喜欢画画，我们约定用彩虹日记记录每天的心情。")],
            )
        ],
    ),
    item("yanxue", "厌学学生的团体辅导", "针对厌学情绪，开展了六次团体活动。", date="2022-03-01", facets={"grade": ["小学高年级"]}),
    item("phrase", "情绪温度计", "情绪温度计使用起来很方便，学生每天记录一次。", date="2021-01-01"),
    item(
        "apart",
        "情绪温度计与使用说明：情绪温度计",
        "本课介绍情绪温度计。第二部分，教师使用量表进行评估，使用时注意保护隐私。",
        date="2025-01-01",
    ),
]
PAGES = [
    SearchDoc(
        url="contribute/",
        collection="page",
        collection_label="站内页面",
        title="投稿指南",
        text="欢迎投稿：新建一个文件夹，写好考试焦虑或其他主题的案例后提交合并请求。",
    ),
    SearchDoc(url="people/wang/", collection="people", collection_label="作者与名师", title="王晓红", text="区心理教研员，研究考试焦虑。"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    out = tmp_path_factory.mktemp("meaning")
    write_index(ITEMS, out, dictionary=DICTIONARY, synonyms=SYNONYMS, pages=PAGES)
    return Searcher(out)


def urls(searcher: Searcher, q: str, filters=None) -> list[str]:
    return [h.url for h in searcher.search(q, filters).hits]


# -- synonyms ------------------------------------------------------------------


def test_synonyms_file_has_the_seeded_groups():
    groups = Synonyms.load(SYNONYMS).groups
    assert len(groups) >= 60
    for a, b in [("厌学", "不想上学"), ("网瘾", "游戏成瘾"), ("自伤", "自残"), ("早恋", "青春期情感")]:
        assert any(a in g and b in g for g in groups), (a, b)


def test_synonyms_file_format(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# 注释\n厌学 不想上学、逃学  # 行尾注释\n\n孤单，孤独\n只有一个\n爱 喜欢\n", encoding="utf-8")
    assert Synonyms.load(path).groups == [["厌学", "不想上学", "逃学"], ["孤单", "孤独"]]  # single characters are too loose


def test_a_synonym_finds_the_other_words_written_word_first(searcher):
    answer = searcher.search("厌学")
    assert [h.url for h in answer.hits] == ["cases/yanxue/", "cases/refusal/"]
    assert answer.hits[0].synonyms == [] and answer.hits[1].synonyms == ["不想上学"]
    assert "不想上学" in answer.query.marks


def test_synonyms_do_not_grow_the_index(searcher):
    assert "不想上学" not in searcher.meta["dictionary"]
    assert searcher.postings("不想上学") == {}


def test_synonyms_combine_with_other_words_and_facets(searcher):
    assert urls(searcher, "初中 厌学") == ["cases/refusal/"]
    assert urls(searcher, "厌学", {"grade": ["小学高年级"]}) == ["cases/yanxue/"]


# -- attachments ---------------------------------------------------------------


def test_attachment_only_phrase_is_found_and_flagged(searcher):
    answer = searcher.search("彩虹日记")
    assert [h.url for h in answer.hits] == ["cases/refusal/"] and answer.hits[0].attached
    assert not searcher.search("肚子疼").hits[0].attached


def test_attachment_terms_weigh_least(searcher):
    refusal = searcher.urls.index("cases/refusal/")
    assert 0 < searcher.postings("彩虹")[refusal] < ATTACHED <= searcher.postings("肚子")[refusal]


def test_attachment_text_is_kept_for_excerpts(searcher):
    refusal = searcher.urls.index("cases/refusal/")
    record = searcher.record(refusal)
    assert record["a"] == [["家长访谈记录", "cases/refusal/访谈记录.docx"]] and record["k"] == 1
    key, piece = read_data_file((searcher.dir / f"d/0/{refusal}-0.js").read_text(encoding="utf-8"))
    assert key == f"d/0/{refusal}-0" and piece[0] == 0 and "彩虹日记" in piece[2]


def _docx(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_only_text_a_reader_sees_is_read(tmp_path):
    """Comments and document properties are the guard's business, not the reader's."""
    docx = tmp_path / "学习单.docx"
    docx.write_bytes(
        _docx(
            {
                "word/document.xml": f"<w:document {W}><w:body><w:p><w:r><w:t>看得见的正文呼吸练习</w:t></w:r></w:p></w:body></w:document>",
                "word/comments.xml": f"<w:comments {W}><w:comment><w:p><w:r><w:t>批注里的悄悄话</w:t></w:r></w:p></w:comment></w:comments>",
                "docProps/core.xml": "<cp:coreProperties><dc:creator>文档作者属性</dc:creator></cp:coreProperties>",
            }
        )
    )
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(minimal_pdf(""))  # no text layer: nothing to index, no error
    doc = item(
        "x",
        "标题",
        "正文",
        attachments=[
            SearchAttachment("学习单", "cases/x/学习单.docx", path=str(docx)),
            SearchAttachment("扫描件", "cases/x/扫描件.pdf", path=str(scanned)),
        ],
    )
    read_attachments([doc])
    text = " ".join(t for a in doc.attachments for _, t in a.chunks)
    assert "呼吸练习" in text and "悄悄话" not in text and "文档作者属性" not in text
    assert doc.attachments[1].chunks == []


def test_tracked_deletions_are_not_read(tmp_path):
    """The guard reads them (a real name may hide there); a reader of the document does not see them."""
    docx = tmp_path / "记录.docx"
    body = "<w:p><w:r><w:t>保留的句子</w:t></w:r><w:del><w:r><w:delText>删掉的真名张小明</w:delText></w:r></w:del></w:p>"
    docx.write_bytes(_docx({"word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>"}))
    doc = item("x", "标题", "正文", attachments=[SearchAttachment("记录", "cases/x/记录.docx", path=str(docx))])
    read_attachments([doc])
    text = " ".join(t for a in doc.attachments for _, t in a.chunks)
    assert "保留的句子" in text and "删掉的真名" not in text


def test_pdf_line_breaks_inside_a_sentence_are_joined(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(minimal_pdf("abc"))
    doc = item("x", "t", "", attachments=[SearchAttachment("a", "cases/x/a.pdf", path=str(pdf))])
    read_attachments([doc])
    assert doc.attachments[0].chunks == [("第 1 页", "abc")]


# -- site pages ------------------------------------------------------------------


def test_site_pages_are_found_after_items(searcher):
    assert urls(searcher, "投稿") == ["contribute/"]
    # the page mentions 考试焦虑 as often as an item's title: items still come first
    assert urls(searcher, "考试焦虑") == ["cases/exam/", "contribute/", "people/wang/"]
    assert searcher.search("考试焦虑").hits[-1].page


def test_site_pages_never_match_a_facet_filter(searcher):
    assert urls(searcher, "考试焦虑", {"grade": ["初中"]}) == ["cases/exam/"]
    assert "page" not in {v[0] for v in searcher.meta["facets"]["collection"]["values"]}


# -- precision -------------------------------------------------------------------


def test_phrase_across_a_dictionary_word_edge_ranks_first(searcher):
    query = query_terms("情绪温度计使用", searcher.dictionary, searcher.synonyms)
    assert query.terms == ["情绪温度计", "使用"] and query.phrase == ["计使"]
    hits = searcher.search("情绪温度计使用").hits
    assert [h.url for h in hits] == ["cases/phrase/", "cases/apart/"]  # "apart" scores higher, but has the words apart
    assert hits[0].phrase and not hits[1].phrase and hits[1].score > hits[0].score


# -- no dead ends ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested", "pinyin"),
    [
        ("考式焦虑", "考试焦虑", False),  # same sound
        ("考试焦率", "考试焦虑", False),  # one character off
        ("kaoshijiaolv", "考试焦虑", True),  # full pinyin
        ("ksjl", "考试焦虑", True),  # initials
        ("kaoshi jiaolv", "考试焦虑", True),
    ],
)
def test_no_result_suggests_a_query_that_finds_something(searcher, typed, suggested, pinyin):
    answer = searcher.search(typed)
    assert answer.hits == [] or answer.relaxed  # nothing, or only part of the query
    first = answer.suggestions[0]
    assert (first.text, first.pinyin) == (suggested, pinyin)
    assert first.total == len(searcher.search(first.text).hits) > 0


def test_suggestions_only_offer_queries_with_results(searcher):
    assert searcher.search("量子力学").suggestions == []
    for s in searcher.search("考式焦虑").suggestions:
        assert searcher.search(s.text).hits and not searcher.search(s.text).relaxed


def test_pinyin_table_is_small(searcher):
    assert (searcher.dir / "pinyin.js").stat().st_size < 150_000
    table = searcher.pinyin()
    assert "考试焦虑" in dict(table.words) and "kao" in table.readings["考"]
