"""Problems are listed in one order: by file, line, field, then message with its numbers as numbers.

``sort_problems`` keeps its last result (``serve`` sorts nearly the same problems at every rebuild) and places only
the problems that came or went: the order must be the one a whole sort gives, whatever came before."""

from __future__ import annotations

import random

from xinyu.content import problems as module
from xinyu.content.problems import ERROR, WARNING, Problem, sort_problems


def _whole(found) -> list[Problem]:
    module._LAST[:] = [frozenset(), []]
    return sort_problems(found)


def test_numbers_in_messages_sort_as_numbers_and_ties_have_one_order():
    found = [
        Problem("cases/a/index.md", 3, "title", "第 25 列有问题"),
        Problem("cases/a/index.md", 3, "title", "第 6 列有问题"),
        Problem("cases/a/index.md", 3, "title", "第 6 列有问题", WARNING),
        Problem("cases/a/index.md", 1, "date", "日期不对"),
    ]
    ordered = _whole(found)
    assert [(p.line, p.message, p.severity) for p in ordered] == [
        (1, "日期不对", ERROR),
        (3, "第 6 列有问题", ERROR),
        (3, "第 6 列有问题", WARNING),
        (3, "第 25 列有问题", ERROR),
    ]
    assert _whole(reversed(found)) == ordered


def test_a_sort_after_another_equals_a_whole_sort():
    rng = random.Random(5)
    pool = [
        Problem(
            f"cases/c{rng.randrange(40)}/index.md",
            rng.randrange(1, 30),
            rng.choice(["title", "date", "正文"]),
            f"第 {rng.randrange(100)} 列：{rng.choice(['甲', '乙', '丙'])}",
            rng.choice([ERROR, WARNING]),
        )
        for _ in range(3000)
    ]
    found = set(pool[:2000])
    for step in range(30):
        changed = rng.sample(pool, rng.choice([1, 5, 40, 600]))  # a few (placed one by one) or many (sorted whole)
        found = found ^ set(changed)
        kept = sort_problems(found)
        assert kept == sorted(found, key=module._order), step
        assert sort_problems(list(found)) == kept  # the same problems again
    assert _whole(found) == kept


def test_sorting_by_place_then_within_a_place_equals_the_whole_order():
    """The whole sort groups by (file, line, field) and orders messages only inside a group of two or more."""
    rng = random.Random(17)
    found = {
        Problem(
            f"cases/c{rng.randrange(300)}/index.md",
            rng.randrange(1, 4),
            rng.choice(["title", "正文"]),
            f"第 {rng.randrange(30)} 行第 {rng.randrange(12)} 列：{rng.choice(['甲', '乙'])}",
            rng.choice([ERROR, WARNING]),
        )
        for _ in range(5000)
    }
    assert module._sorted(found) == sorted(found, key=module._order)
    assert module._sorted(reversed(sorted(found, key=module._order))) == sorted(found, key=module._order)


def _words_and_numbers(text: str) -> tuple:
    """The order the messages are meant to have: split into words and numbers, numbers compared by value."""
    import re
    import unicodedata

    parts = re.split(r"(\d+)", text)
    return tuple(int("".join(str(unicodedata.digit(c)) for c in p) or "0") if i % 2 else p for i, p in enumerate(parts))


def test_the_order_of_numbers_is_that_of_words_and_numbers_for_any_text():
    """Any words, spaces, punctuation and digits (ASCII, full-width, leading zeros, longer than int() converts)."""
    import sys

    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("0123456789０１９ 　,.!#:列第甲a\u0660\u0669") + ["12", "007"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(alphabet, max_size=12).map("".join), st.lists(alphabet, max_size=12).map("".join))
    def compare(a: str, b: str) -> None:
        key_a, key_b = module._numbers_as_numbers(a), module._numbers_as_numbers(b)
        old_a, old_b = _words_and_numbers(a), _words_and_numbers(b)
        assert (key_a < key_b) == (old_a < old_b), (a, b)
        assert (key_a == key_b) == (old_a == old_b), (a, b)

    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the reference converts any length; the key never converts
    try:
        compare()
    finally:
        sys.set_int_max_str_digits(limit)


def test_a_message_quoting_a_huge_number_is_sorted_not_a_crash():
    huge = "9" * 6000
    found = [Problem("cases/a/index.md", 2, "title", f"值“{huge}”不对"), Problem("cases/a/index.md", 2, "title", "值“12”不对")]
    assert [p.message[:4] for p in _whole(found)] == ["值“12", "值“99"]


def test_keys_made_ahead_travel_with_problems_and_change_nothing_else():
    """keyed() (run where an item is checked) keeps each problem's key with it, pickled too: the order, equality,
    hashing and the problem's fields are as without it."""
    import dataclasses
    import pickle

    from xinyu.content.problems import keyed

    rng = random.Random(7)
    found = [Problem("cases/a/index.md", rng.randrange(3), "正文", f"警告：第 {rng.randrange(300)} 列的“某某”像是真实姓名") for _ in range(60)]
    plain = [dataclasses.replace(p) for p in found]
    keyed(found)
    assert sum("_order" in p.__dict__ for p in found) > 0
    back = pickle.loads(pickle.dumps(found))
    assert all("_order" in b.__dict__ for p, b in zip(found, back, strict=True) if "_order" in p.__dict__)
    assert back == plain and {hash(p) for p in back} == {hash(p) for p in plain}
    assert [dataclasses.asdict(p) for p in back] == [dataclasses.asdict(p) for p in plain]
    assert _whole(back) == _whole(plain) == sorted(set(plain), key=lambda p: (p.path, p.line, p.field, module._numbers_as_numbers(p.message), p.message, p.severity))
