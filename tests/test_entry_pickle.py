"""An entry as the build cache and the workers pickle it: the same entry back, its body decoded only when read."""

from __future__ import annotations

import pickle
import sys
import threading
from pathlib import Path

from xinyu.content.entry import Entry


def entry(body: str, folder: str = "/site/cases/a") -> Entry:
    return Entry("cases", "a", Path("/site/cases/a/index.md"), "cases/a/index.md", Path(folder), "cases", data={"title": "标题"}, body=body)


def test_an_entry_comes_back_the_same_whatever_its_body_holds():
    for body in ["正文", "", "😀 \ud83d\ude00 \udcff", "[x](../b/index.md)"]:
        for original in (entry(body), entry(body, folder="/elsewhere")):
            back = pickle.loads(pickle.dumps(original))
            again = pickle.loads(pickle.dumps(back))  # pickled before its body was ever read
            for e in (back, again, back.copy()):
                assert e.body == body and e.folder == original.folder and e.path == original.path and e == original


def test_mentions_answers_as_the_body_would_before_and_after_it_is_read():
    for body in ["见[另一个条目](../b/index.md)。", "没有链接。", "%2E%2E/x", "\udcff../"]:
        e = pickle.loads(pickle.dumps(entry(body)))
        before = [e.mentions("../"), e.mentions("%2"), e.mentions("../", "%2")]
        assert "body" not in e.__dict__, "asked without decoding the body"
        assert before == [("../" in body), ("%2" in body), ("../" in body or "%2" in body)]
        assert e.body == body
        assert [e.mentions("../"), e.mentions("%2"), e.mentions("../", "%2")] == before


def test_threads_reading_one_unread_body_all_get_it():
    """serve's threads (search, exports, read-ahead) may read one entry's body at the same moment."""
    body = "汉" * 2000
    blob = pickle.loads(pickle.dumps(entry(body)))
    failures: list[BaseException] = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(1000):
            e = pickle.loads(pickle.dumps(blob))
            start = threading.Barrier(4)

            def read(e=e, start=start):
                start.wait()
                try:
                    assert e.body == body
                except BaseException as exc:  # noqa: BLE001 - collected, reported below
                    failures.append(exc)

            threads = [threading.Thread(target=read) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:3]


def test_what_the_check_asked_of_a_body_travels_with_the_entry():
    """check_item asks whether the body has outward links where it reads it; a load from the cache finds the answer."""
    from xinyu.content.links import OUTWARD

    for body in ["见[另一个条目](../b/index.md)。", "没有链接。"]:
        checked = entry(body)
        answer = checked.mentions(*OUTWARD)
        back = pickle.loads(pickle.dumps(checked))
        back.__dict__["_body_utf8"] = b"../ %2"  # were the body searched again, the answer would change
        assert back.mentions(*OUTWARD) is answer
        assert back.mentions("zz") is False, "other marks are still searched"
