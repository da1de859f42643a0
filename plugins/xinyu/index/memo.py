"""What ``build_index`` computes from its inputs alone, kept in the build cache between builds.

Two steps of the index cost most of it and depend on nothing but their inputs and the code: a facet
value's slug (pinyin: loading its dictionaries is most of a one-edit build's index) and a collection's
related items (every item's features against every other's). Each is kept under a key made of the
plugin's code (with the libraries' versions: pypinyin's, rjieba's) and exactly its inputs, so a result
is found only for the same inputs. Without a store (``xinyu stats``, tests), everything is computed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..pipeline.keys import code_digest

if TYPE_CHECKING:
    from ..pipeline.store import Store

SLUG_KIND = "slug"  # a facet value's slug
RELATED_KIND = "related"  # a collection's related items, as places in its order by date


# What finish() last kept of each kind, by store: a serve rebuild that used the same keys and made no new one
# leaves the store as it is (the keep is a transaction with its disk sync: ~0.05 s a kind, every rebuild). Keys
# stand for their inputs, so a result left in the store is never a wrong answer, only one not asked for.
_KEPT: dict[tuple[int, str], frozenset[str]] = {}


class IndexMemo:
    """One build's lookups; :meth:`finish` keeps what this build used and drops the rest (a withdrawn item's
    values and features leave the cache with it)."""

    def __init__(self, store: Store | None):
        self.store = store
        self.used: dict[str, set[str]] = {SLUG_KIND: set(), RELATED_KIND: set()}
        self.made: set[str] = set()  # kinds with a result put by this build

    def slugs(self, values: list[str], make: Callable[[str], str]) -> dict[str, str]:
        """``make(value)`` for every value, from the cache where it was made before."""
        keys = {value: _key("slug", value) for value in dict.fromkeys(values)}
        found = self._get(SLUG_KIND, keys.values())
        out, fresh = {}, {}
        for value, key in keys.items():
            slug = found[key].decode("utf-8") if key in found else None
            if slug is None:
                slug = make(value)
                fresh[key] = slug.encode("utf-8")
            out[value] = slug
        self._put(SLUG_KIND, fresh)
        return out

    def related(self, inputs: tuple, make: Callable[[], list[list[int]]]) -> list[list[int]]:
        """``make()``, the related places of a collection whose inputs (see related_items) are ``inputs``."""
        key = _key("related", repr(inputs))
        found = self._get(RELATED_KIND, [key]).get(key)
        if found is not None:
            try:
                return json.loads(found)
            except ValueError:  # cut short: computed again
                pass
        answer = make()
        self._put(RELATED_KIND, {key: json.dumps(answer).encode()})
        return answer

    def finish(self) -> None:
        if self.store is not None:
            for kind, keys in self.used.items():
                mark, kept = (id(self.store), kind), frozenset(keys)
                if kind in self.made or _KEPT.get(mark) != kept:
                    self.store.keep(kind, keys)
                    _KEPT[mark] = kept

    def _get(self, kind: str, keys) -> dict[str, bytes]:
        keys = list(keys)
        self.used[kind].update(keys)
        return self.store.get_many_raw(kind, keys) if self.store is not None else {}

    def _put(self, kind: str, values: dict[str, bytes]) -> None:
        if self.store is not None and values:
            self.store.put_many_raw(kind, values)
            self.made.add(kind)


def _key(what: str, text: str) -> str:
    return hashlib.sha1(f"{code_digest()}\0{what}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
