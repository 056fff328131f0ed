"""One speaker per person or organisation across articles.

Names are grouped by a transliteration key of the surname (Sergey/Sergei, Zelensky/Zelenskyy);
full names in a group merge only when their first names agree too, so two people who share a
surname stay apart. A surname-only mention joins a full name only when exactly one person with
that surname is known. The canonical spelling is the most frequent full form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


def translit_key(word: str) -> str:
    """A spelling-insensitive key: Sergey/Sergei -> 'sergei', Zelensky/Zelenskyy -> 'zelenski'."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(ch for ch in w if not unicodedata.combining(ch) and (ch.isalnum() or ch == "-"))
    w = w.replace("kh", "h").replace("ck", "k").replace("ph", "f")
    w = re.sub(r"[yj]", "i", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


def name_key(name: str) -> tuple[str, str]:
    """(first-name key, surname key) of a person's name."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return "", ""
    return (translit_key(words[0]) if len(words) > 1 else "", translit_key(words[-1]))


@dataclass(frozen=True, slots=True)
class NameSeen:
    name: str
    kind: str


def canonical_names(seen: Iterable[NameSeen]) -> dict[str, str]:
    """Map every speaker name seen to its canonical name."""
    counts: Counter[tuple[str, str]] = Counter((s.name, s.kind) for s in seen if s.name)
    mapping: dict[str, str] = {}
    by_surname: dict[str, list[tuple[str, int]]] = defaultdict(list)
    singles: list[str] = []
    for (name, kind), n in counts.items():
        if kind != "person":
            mapping[name] = name
            continue
        first, last = name_key(name)
        if first:
            by_surname[last].append((name, n))
        else:
            singles.append(name)
    for _last, names in by_surname.items():
        groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for name, n in names:
            groups[name_key(name)[0]].append((name, n))
        for members in groups.values():
            best = max(members, key=lambda m: (m[1], -len(m[0]), m[0]))[0]
            for name, _ in members:
                mapping[name] = best
    for name in singles:
        groups_for = {mapping[n] for n, _ in by_surname.get(name_key(name)[1], [])}
        mapping[name] = groups_for.pop() if len(groups_for) == 1 else name
    return mapping
