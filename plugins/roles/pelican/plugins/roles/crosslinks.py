"""Cross-links between essays through their roles, from indexes built once.

Every essay's links are lookups in indexes built in one pass over the
essays, so the work grows with posts × roles, never with pairs of posts.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, islice
from operator import attrgetter, neg


class Later(Sequence):
    """A list worked out the first time a page shows it.

    An essay's related essays and role neighbours appear on its own page
    only, so they are computed by the process that writes that page, not
    up front for every essay in the one process that reads them all.
    """

    # No closure per essay: at 10,000 essays closures took 20 MB.
    __slots__ = ("_work", "_args", "_items")

    def __init__(self, work, *args):
        self._work, self._args, self._items = work, args, None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._work(*self._args)
            self._work = self._args = None
        return self._items

    def __getitem__(self, index):
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())


@dataclass
class RoleNeighbours:
    """The essays just before and after one essay within one of its roles."""

    role: object
    older: object | None
    newer: object | None


class RoleIndex:
    """Published essays by role, newest first, and what ranks related essays.

    For related essays each essay is a number (its place among all essays,
    newest first, so a smaller number is a newer essay), a bit mask of its
    roles and its tag slugs. Essays are grouped by their exact set of roles
    (at most 2^roles groups) and by (role set, tag).
    """

    def __init__(self, roles, articles):
        self._bit = {role.slug: 1 << i for i, role in enumerate(roles)}
        self.by_role = {role.slug: [] for role in roles}
        self._essays = sorted(articles, key=attrgetter("date"), reverse=True)
        self._number = {id(a): n for n, a in enumerate(self._essays)}
        self._by_group = defaultdict(list)
        self._by_group_tag = defaultdict(list)
        for n, article in enumerate(self._essays):
            for role in article.roles:
                self.by_role[role.slug].append(article)
            group = self._mask(article)
            self._by_group[group].append(n)
            for tag in self._tag_slugs(article):
                self._by_group_tag[group, tag].append(n)
        self._position = {
            slug: {id(a): i for i, a in enumerate(essays)}
            for slug, essays in self.by_role.items()
        }
        self._tiers = {}

    def _mask(self, article) -> int:
        mask = 0
        for role in article.roles:
            mask |= self._bit[role.slug]
        return mask

    @staticmethod
    def _tag_slugs(article) -> set[str]:
        return {tag.slug for tag in getattr(article, "tags", None) or ()}

    def more_for(self, slug: str, article, count: int, taken: set[int] = frozenset()) -> list:
        """Up to `count` essays for a role, newest first, never `article` itself nor
        one whose id is in `taken` (linked already by an earlier section of the page)."""
        found = []
        for other in self.by_role[slug]:
            if other is not article and id(other) not in taken:
                found.append(other)
                if len(found) == count:
                    break
        return found

    def read_next(self, article, count: int, per_list: int) -> list:
        """Up to `count` essays: the next newer one in each of the essay's roles, then
        related ones; each once."""
        chosen = {id(step.newer): step.newer for step in self.neighbours(article) if step.newer}
        for other in self.related(article, count, per_list):
            chosen.setdefault(id(other), other)
        return list(chosen.values())[:count]

    def neighbours(self, article) -> list[RoleNeighbours]:
        """Previous (older) and next (newer) essay within each of the essay's roles."""
        found = []
        for role in article.roles:
            essays = self.by_role[role.slug]
            i = self._position[role.slug].get(id(article))
            if i is None:  # a draft or hidden essay is in no role's sequence
                continue
            older = essays[i + 1] if i + 1 < len(essays) else None
            newer = essays[i - 1] if i > 0 else None
            if older or newer:
                found.append(RoleNeighbours(role, older, newer))
        return found

    def _tiers_for(self, mask: int) -> list[list[int]]:
        """The role groups sharing roles with `mask`, most shared roles first."""
        if mask not in self._tiers:
            tiers = defaultdict(list)
            for group in self._by_group:
                shared = (group & mask).bit_count()
                if shared:
                    tiers[shared].append(group)
            self._tiers[mask] = [tiers[k] for k in sorted(tiers, reverse=True)]
        return self._tiers[mask]

    def related(self, article, count: int, per_list: int) -> list:
        """Up to `count` essays sharing the most roles, then the most tags, then newest.

        Within each tier of shared roles, essays sharing tags come from the
        (role set, tag) lists, each read no further than `per_list` entries
        so that a tag on every essay cannot make one essay cost the whole
        site; the rest of the tier is filled with its newest essays.
        """
        me = self._number.get(id(article))
        tags = self._tag_slugs(article)
        chosen = []
        for groups in self._tiers_for(self._mask(article)):
            hits = Counter(chain.from_iterable(
                self._by_group_tag.get((group, tag), ())[:per_list]
                for group in groups for tag in tags))
            hits.pop(me, None)
            # (-shared tags, number): most shared tags first, then newest.
            ranked = heapq.nsmallest(count - len(chosen), zip(map(neg, hits.values()), hits))
            chosen += [n for _, n in ranked]
            if len(chosen) < count:
                newest = heapq.merge(*(self._by_group[g] for g in groups))
                untagged = (n for n in newest if n != me and n not in hits)
                chosen += islice(untagged, count - len(chosen))
            if len(chosen) >= count:
                break
        return [self._essays[n] for n in chosen]
