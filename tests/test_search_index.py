"""Search index: segmentation, dictionary, shard format, ranking, facets and recall (no browser)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyu.search import Dictionary, SearchDoc, Searcher, plain_text, query_terms, read_attachments, write_index
from xinyu.search.analyze import bigram_code, bigram_text
from xinyu.search.encode import DIGITS, decode_postings, encode_postings, fnv1a, item_codes, posting_table, posting_width, read_data_file
from xinyu.search.writer import _bigram_buckets

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "data/dictionary.txt"


def doc(slug: str, title: str, text: str, **kw) -> SearchDoc:
    kw.setdefault("collection", "cases")
    kw.setdefault("collection_label", "优秀案例")
    return SearchDoc(url=f"{kw['collection']}/{slug}/", title=title, text=text, **kw)


CORPUS = [
    doc(
        "exam",
        "初三学生考试焦虑的个体辅导",
        "小A面临中考，出现明显的考试焦虑，辅导教师采用放松训练。",
        summary="缓解考试焦虑",
        facets={"grade": ["初中"], "topics": ["情绪调适"], "type": ["个体辅导"], "year": ["2024"]},
        people=["王晓红"],
        school="滨江区实验中学",
        tags=["考试焦虑", "放松训练"],
        date="2024-05-01",
    ),
    doc(
        "emotion",
        "认识情绪",
        "学会情绪管理。焦虑是一种常见的情绪，适度的焦虑有积极作用。",
        collection="courses",
        collection_label="课程资源",
        summary="初一情绪单元第一课",
        facets={"grade": ["初中"], "topics": ["情绪调适"], "kind": ["课件"], "year": ["2023"]},
        people=["李明"],
        school="城南中学",
        tags=["情绪管理"],
        date="2023-09-01",
    ),
    doc(
        "sand",
        "沙盘游戏在小学人际交往辅导中的运用",
        "通过沙盘游戏，小林逐渐学会与同伴相处。家校共育也发挥了作用。",
        summary="沙盘游戏团体辅导",
        facets={"grade": ["小学中年级"], "topics": ["人际交往"], "type": ["团体辅导"], "year": ["2022"]},
        people=["赵静"],
        school="城南小学",
        tags=["沙盘游戏"],
        date="2022-03-01",
    ),
    doc(
        "lecture",
        "生涯规划从初中开始",
        "讲座介绍生涯规划的理念与方法，使用PPT展示案例。",
        collection="lectures",
        collection_label="论坛讲座",
        summary="2024年论坛讲座",
        facets={"topics": ["升学择业"], "year": ["2024"]},
        people=["孙教授"],
        date="2024-11-01",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search")
    write_index(CORPUS, out, dictionary=DICTIONARY)
    return out


@pytest.fixture(scope="module")
def searcher(index: Path) -> Searcher:
    return Searcher(index)


def urls(searcher: Searcher, q: str, filters=None) -> list[str]:
    return [h.url for h in searcher.search(q, filters).hits]


@pytest.fixture(scope="module")
def words() -> Dictionary:
    return Dictionary.load(DICTIONARY)


# -- segmentation ----------------------------------------------------------


def test_dictionary_terms_are_kept_whole_in_queries(words):
    assert query_terms("考试焦虑", words).terms == ["考试焦虑"]
    assert query_terms("心理健康教育", words).terms == ["心理健康教育"]


def test_query_is_segmented_around_dictionary_words(words):
    q = query_terms("如何缓解考试焦虑", words)
    assert "考试焦虑" in q.terms and "缓解" in q.terms
    assert "解考" not in q.terms  # no term across a dictionary word's edge
    assert "考试焦虑" in q.marks


def test_loose_character_pairs_with_its_neighbour(words):
    assert query_terms("焦虑症", words).terms == ["焦虑", "虑症"]


def test_latin_and_full_width_are_normalised(words):
    assert query_terms("ＰＰＴ 课件", words).terms == ["ppt", "课件"]


def test_dictionary_file_comments_and_tags(tmp_path):
    path = tmp_path / "dictionary.txt"
    path.write_text("# 注释\n叙事疗法  # 行尾注释\n\n", encoding="utf-8")
    found = Dictionary.load(path, extra=["沙盘游戏"])
    assert found.words == {"叙事疗法", "沙盘游戏"}


def test_frequent_tags_join_the_dictionary(tmp_path):
    docs = [doc(f"d{i}", "标题", "我们使用了彩虹伞游戏。", tags=["彩虹伞游戏"]) for i in range(2)]
    write_index(docs, tmp_path, dictionary=None)
    assert "彩虹伞游戏" in Searcher(tmp_path).meta["dictionary"]
    assert query_terms("彩虹伞游戏", Searcher(tmp_path).dictionary).terms == ["彩虹伞游戏"]


# -- matching and ranking ---------------------------------------------------


def test_part_of_a_word_finds_the_whole_word(searcher):
    assert urls(searcher, "焦虑")[0] == "cases/exam/"  # title + tag + text beat a mention
    assert set(urls(searcher, "焦虑")) == {"cases/exam/", "courses/emotion/"}
    assert urls(searcher, "考试焦虑") == ["cases/exam/"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("情绪管理", "courses/emotion/"),
        ("王晓红", "cases/exam/"),
        ("滨江区实验中学", "cases/exam/"),
        ("沙盘", "cases/sand/"),
        ("ppt", "lectures/lecture/"),
        ("孙教授", "lectures/lecture/"),
        ("家校共育", "cases/sand/"),
    ],
)
def test_text_and_metadata_are_searchable(searcher, query, expected):
    assert expected in urls(searcher, query)


def test_every_word_is_required_when_possible(searcher):
    assert urls(searcher, "焦虑 中考") == ["cases/exam/"]
    answer = searcher.search("沙盘 量子")
    assert answer.relaxed and [h.url for h in answer.hits] == ["cases/sand/"]


def test_unknown_words_find_nothing(searcher):
    assert urls(searcher, "量子力学") == []


def test_facets_filter_text_results(searcher):
    assert urls(searcher, "焦虑", {"collection": ["courses"]}) == ["courses/emotion/"]
    assert urls(searcher, "焦虑", {"grade": ["初中"], "year": ["2024"]}) == ["cases/exam/"]
    assert urls(searcher, "焦虑", {"year": ["2023", "2024"]}) == ["cases/exam/", "courses/emotion/"]
    assert urls(searcher, "", {"topics": ["情绪调适"]}) == ["cases/exam/", "courses/emotion/"]  # newest first


def test_listing_pages_never_enter_the_index(index):
    # only what the plugin passes is indexed: every url is an item's
    assert read_data_file((index / "urls.js").read_text(encoding="utf-8"))[1] == [
        "lectures/lecture/",
        "cases/exam/",
        "courses/emotion/",
        "cases/sand/",
    ]


# -- format ------------------------------------------------------------------


def test_files_are_script_loadable_json(index):
    key, meta = read_data_file((index / "meta.js").read_text(encoding="utf-8"))
    assert key == "meta" and meta["docs"] == 4 and meta["shards"] & (meta["shards"] - 1) == 0
    assert meta["facets"]["collection"]["values"][0][1] in {"优秀案例", "课程资源", "论坛讲座"}
    shards = sorted((index / "t").glob("*.js"))
    assert len(shards) == meta["shards"]
    for path in shards:
        key, shard = read_data_file(path.read_text(encoding="utf-8"))
        assert key == f"t/{path.stem}"
        assert all(isinstance(v, (str, list)) for v in shard.values())
    key, record = read_data_file((index / "d/0/1.js").read_text(encoding="utf-8"))
    assert record["u"] == "cases/exam/" and record["l"] == "优秀案例" and "¶" not in record["t"]


def test_rewriting_removes_stale_files(tmp_path):
    write_index(CORPUS, tmp_path, dictionary=DICTIONARY)
    write_index(CORPUS[:1], tmp_path, dictionary=DICTIONARY)
    assert sorted(p.name for p in (tmp_path / "d/0").iterdir()) == ["0.js"]


def test_fnv1a_known_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C


@settings(deadline=None)  # correctness, not speed: the shared machine may be busy
@given(st.dictionaries(st.integers(min_value=0, max_value=20000), st.integers(min_value=0, max_value=63), min_size=1))
def test_posting_lists_round_trip(postings):
    width = posting_width(20001)
    pairs = sorted(postings.items())
    code = encode_postings(pairs, width)
    assert len(code) == width * len(pairs) and decode_postings(code, width) == pairs
    assert code == b"".join(item_codes(i, width)[w] for i, w in pairs).decode()
    table = posting_table(20001, width)
    assert code == b"".join(table[i * 64 + w] for i, w in pairs).decode()


@settings(deadline=None)
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x3400, max_codepoint=0xFFFF), min_size=2, max_size=2), max_size=200))
def test_bigram_buckets_are_the_low_bits_of_fnv1a(bigrams):
    from array import array

    codes = array("I", map(bigram_code, bigrams))
    for mask in (0, 3, 255):
        assert list(_bigram_buckets(codes, mask)) == [fnv1a(bigram_text(c)) & mask for c in codes]


def test_many_shards_answer_as_few(tmp_path):
    """More shards than the writer's buckets (each shard is whole in one bucket): the same answers, every shard written."""
    write_index(CORPUS, tmp_path / "few", dictionary=DICTIONARY)
    stats = write_index(CORPUS, tmp_path / "many", dictionary=DICTIONARY, shard_bytes=1)
    assert stats["shards"] > 256 and len(list((tmp_path / "many/t").glob("*.js"))) == stats["shards"]
    few, many = Searcher(tmp_path / "few"), Searcher(tmp_path / "many")
    for query in ["焦虑", "考试焦虑", "王晓红", "ppt", "沙盘 量子", "情绪管理"]:
        assert urls(many, query) == urls(few, query), query


def test_posting_digits_need_no_json_escaping():
    assert len(DIGITS) == 92 and json.dumps(DIGITS)[1:-1] == DIGITS
    assert posting_width(100) == 2 and posting_width(12_167) == 3 and posting_width(12_168) == 4


def test_plain_text_drops_markup():
    md = '## 基本情况 {#basic}\n\n**小A** 是[初三](../x/)学生。<span>焦虑</span>\n\n!!! note "提示"\n    内容\n\n| 列 | 值 |\n|---|---|\n| a | b |\n'
    text = plain_text(md)
    assert "基本情况" in text and "小A 是初三学生。" in text and "焦虑" in text and "提示" in text
    for junk in ("##", "**", "](", "<span>", "{#", "|", "!!!"):
        assert junk not in text


# -- recall on a generated corpus -------------------------------------------


def test_recall_on_generated_cases(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_search

    items = bench_search.make_corpus(80, seed=3)
    docs = bench_search.search_docs(items)
    read_attachments(docs)  # as the plugin's indexing process does
    write_index(docs, tmp_path, dictionary=DICTIONARY)
    searcher = Searcher(tmp_path)
    for q in bench_search.queries(items):
        want = bench_search.expected(items, q)
        got = {h.url for h in searcher.search(q).hits}
        assert want <= got, (q, want - got)


@pytest.mark.slow
def test_sample_site_is_indexed(sample_site):
    result = sample_site.build()
    assert result.code == 0, result.err
    searcher = Searcher(sample_site.out / "search")
    catalog = {item["url"] for item in sample_site.catalog()}
    assert set(searcher.urls[: searcher.items]) == catalog
    pages = set(searcher.urls[searcher.items :])
    assert {"contribute/", "about/"} <= pages and any(u.startswith("people/") for u in pages)
    assert not pages & {"", "cases/", "people/", "cases/grade/"}  # never the home, listing or taxonomy pages
    for item in sample_site.catalog():
        for tag in item.get("tags", [])[:2]:
            assert item["url"] in {h.url for h in searcher.search(tag).hits}, (tag, item["url"])
    assert json.loads(json.dumps(searcher.meta))["items"] == len(catalog)


def test_odd_input_is_indexed(tmp_path):
    """No items, no Chinese, emoji, a very repetitive text (weight past the table), a facet value needing JSON escapes."""
    assert write_index([], tmp_path / "empty", dictionary=None)["terms"] == 0
    docs = [
        doc("a", "Emoji 😀 测试", "😀焦虑😀" + "哈" * 40000, facets={"grade": ['初"中\\']}),
        doc("b", "ＰＰＴ 全角", "no cjk at all 2024"),
        doc("c", "", ""),
    ]
    write_index(docs, tmp_path / "odd", dictionary=DICTIONARY)
    searcher = Searcher(tmp_path / "odd")
    for query, expected in [
        ("焦虑", ["cases/a/"]),
        ("哈哈", ["cases/a/"]),
        ("ppt", ["cases/b/"]),
        ("2024", ["cases/b/"]),
        ("全角", ["cases/b/"]),
    ]:
        assert urls(searcher, query) == expected, query
    assert urls(searcher, "", {"grade": ['初"中\\']}) == ["cases/a/"]


def test_a_small_index_written_here_equals_the_one_the_indexing_process_writes(tmp_path, monkeypatch):
    """A small site's index is written in the build's own process (search.writer.HERE_BELOW): the same files, byte for
    byte, as the indexing process writes for it."""
    from xinyu.search import writer

    def written(name: str) -> dict[str, bytes]:
        (tmp_path / name).mkdir()
        stats = writer.start_index(CORPUS, tmp_path / name / "search", dictionary=None, markdown=True).result(timeout=600)
        assert stats["docs"] == len(CORPUS)
        folder = tmp_path / name / "search"
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    here = written("here")
    monkeypatch.setattr(writer, "HERE_BELOW", 0)
    assert written("process") == here and len(here) > 5
