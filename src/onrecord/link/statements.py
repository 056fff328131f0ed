"""Same statement, several reports: which quotes report the same words or the same claim.

Two quotes are one statement when their speakers are compatible (the same entity, or one of
them unknown) and their words are close: sentence-embedding cosine (all-MiniLM-L6-v2, see
``embed.py``) or lexical containment (the share of the shorter quote's content words found in
the longer one: trimmed and extended copies of one quote). Groups are the connected components of
that relation (single link), so a paraphrase joins through the verbatim copy it paraphrases,
except that a group never holds two different known speakers (an unresolved "he" quoting the
proposal does not chain its author and its critics together).
Both speakers known and the same lowers the cosine needed: a speaker restating a claim in new
words is the commonest "same statement" that shares few words.

The thresholds are calibrated on ``tests/data/statement_pairs.tsv``: 268 pairs of attributed
contents from PolNeAR train (2016 US politics, seven outlets) labelled by hand as the same
statement or not; ``onrecord eval statements`` prints precision and recall on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onrecord.link.speakers import translit_key

if TYPE_CHECKING:
    import numpy as np

COSINE = 0.92
"""Embedding cosine at or above which two quotes with compatible speakers are one statement."""
COSINE_SAME_SPEAKER = 0.78
"""The same, when both speakers are known and are the same entity (a restated claim in new words)."""
CONTAINMENT = 0.9
"""Share of the shorter quote's content words found in the longer one at or above which two quotes
are one statement (a trimmed or extended copy), when their cosine is at least ``CONTAINMENT_COSINE``."""
CONTAINMENT_COSINE = 0.6
MIN_WORDS = 3
"""Quotes with fewer content words ("militarily", "completely eroded") join only on cosine: two
words in common say nothing."""
# Tuned on tests/data/statement_pairs.tsv (268 PolNeAR train pairs, 72 the same statement): a grid
# over COSINE (0.88-0.94), COSINE_SAME_SPEAKER (0.74-0.84) and CONTAINMENT (0.7-1.0), keeping the
# highest recall with precision >= 0.9 (P 0.911, R 0.708). COSINE_SAME_SPEAKER 0.74 gains one pair
# more there; 0.78 was kept because only 26 of the pairs have two known, equal speakers, too few to
# trust a lower value on a store where most quotes have one.

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "him",
        "his",
        "she",
        "her",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "than",
        "then",
        "so",
        "such",
        "just",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "said",
        "says",
        "say",
    ]
)


def content_words(text: str) -> set[str]:
    """Lower-cased content words, stop words out, crudely stemmed (build/building/builds -> build)
    so that a trimmed or reworded copy still overlaps its original."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text.lower())
    return {_stem(w.replace("’", "'")) for w in words if w not in _STOP and len(w) > 1}


def _stem(word: str) -> str:
    word = re.sub(r"'s?$", "", word)
    for suffix in ("ingly", "edly", "ing", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = re.sub(r"([^aeiouls])\1$", r"\1", word[: -len(suffix)])  # banning -> bann -> ban
            break
    return re.sub(r"y$", "i", word)  # temporary / temporarily -> temporari


def containment(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / min(|a|, |b|): 1.0 when the shorter quote is a trimmed copy of the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def same_statement(
    cosine: float,
    words_a: set[str],
    words_b: set[str],
    speaker_a: str | None,
    speaker_b: str | None,
    threshold: float | None = None,
) -> bool:
    """The calibrated decision for one pair of quotes (``threshold`` overrides ``COSINE``, for sweeps)."""
    if not speakers_compatible(speaker_a, speaker_b):
        return False
    if cosine >= (COSINE if threshold is None else threshold) or (
        speaker_a is not None and speaker_a == speaker_b and cosine >= COSINE_SAME_SPEAKER
    ):
        return True
    if min(len(words_a), len(words_b)) < MIN_WORDS:
        return False
    return cosine >= CONTAINMENT_COSINE and containment(words_a, words_b) >= CONTAINMENT


def speakers_compatible(a: str | None, b: str | None) -> bool:
    """The same speaker, or one of them unknown (an unresolved "he" may be anyone)."""
    return a is None or b is None or a == b


@dataclass(frozen=True, slots=True)
class StatementInput:
    """What grouping needs of a quote: its id, words, canonical speaker and a sort key for "first"."""

    id: str
    text: str
    speaker: str | None
    when: str
    """Statement date, else published date, else '~' (sorts last): the first report is the earliest."""


def group_statements(items: Sequence[StatementInput], vectors: np.ndarray) -> list[list[int]]:
    """Indices of ``items`` in groups of one statement (each group sorted by ``when``), singletons too."""
    import numpy as np

    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [content_words(it.text) for it in items]
    said_by: list[str | None] = [it.speaker for it in items]  # per group root: its known speaker, if any
    # Compare within blocks of one speaker (plus the unknown speakers against everyone): speakers
    # are required to be compatible anyway, and blocking keeps this far below n² for big stores.
    by_speaker: dict[str | None, list[int]] = {}
    for i, it in enumerate(items):
        by_speaker.setdefault(it.speaker, []).append(i)
    unknown = by_speaker.pop(None, [])
    blocks = [(idx, idx) for idx in by_speaker.values()]
    if unknown:
        blocks.append((unknown, list(range(n))))
    for rows, cols in blocks:
        # Row chunks keep the similarity block small (1024 x block) however big one speaker gets.
        for lo in range(0, len(rows), 1024):
            chunk = rows[lo : lo + 1024]
            sims = vectors[chunk] @ vectors[cols].T
            for r, i in enumerate(chunk):
                for c in np.nonzero(sims[r] >= min(CONTAINMENT_COSINE, COSINE_SAME_SPEAKER))[0]:
                    j = cols[int(c)]
                    if j == i or find(i) == find(j):
                        continue
                    ri, rj = find(i), find(j)
                    # A group holds one known speaker at most: an unresolved "he" must not bridge
                    # Trump's proposal and his critics' words about it into one statement.
                    if not speakers_compatible(said_by[ri], said_by[rj]):
                        continue
                    if same_statement(float(sims[r, c]), words[i], words[j], items[i].speaker, items[j].speaker):
                        parent[ri] = rj
                        said_by[rj] = said_by[rj] or said_by[ri]
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [sorted(g, key=lambda i: (items[i].when, items[i].id)) for g in groups.values()]


def source_key(source: str) -> str | None:
    """A speaker key from a raw source mention, for corpora whose speakers are mentions, not
    linked entities (the PolNeAR pairs); mirrors what the in-article resolver can tell apart.

    A name ("Trump’s", "Congressman Chris Collins, a Trump supporter") -> its surname key; a
    pronoun or a singular role noun ("he", "the businessman") -> None, unknown (it names someone
    the article named); a group ("opponents", "Jewish groups", "About three-quarters",
    "exit polls") -> the words themselves, a speaker of its own that no person matches.
    """
    text = re.sub(r"['’]s?\b", "", source.strip())
    low = text.lower()
    if not low or low in _PRONOUNS:
        return None
    for run in re.finditer(r"(?:[A-Z][\w.-]*)(?:\s+(?:[A-Z][\w.-]*|of|de|van|von))*", text):
        words = [w for w in run.group(0).split() if w not in _OPENERS and w.lower() not in _CALENDAR]
        after = text[run.end() :].lstrip()
        # A capitalised run followed by a lower-case word is a modifier ("Jewish groups",
        # "The GOP candidate"), not the speaker's name.
        if words and not (after and after[0].islower() and not after.startswith(("who", "a ", "an "))):
            return translit_key(words[-1])
    head = low.split(",")[0].split()[:4]
    group = any(
        (w.endswith("s") and not w.endswith("ss") and w not in _NOT_PLURAL) or w[:1].isdigit() or w in _AMOUNTS
        for w in head
    )
    return "group:" + " ".join(low.split()) if group else None


_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "him",
        "his",
        "her",
        "who",
        "which",
        "that",
        "it",
        "its",
        "they",
        "their",
        "them",
        "we",
        "i",
        "you",
        "one",
    ]
)
_NOT_PLURAL = frozenset(["us", "this", "his", "its", "was", "as", "is", "has", "news", "campaign's"])
_AMOUNTS = frozenset(["half", "majority", "three-quarters", "two-thirds", "percent", "dozens"])
_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "About",
        "Some",
        "Many",
        "Most",
        "Large",
        "Exit",
        "Former",
        "Fewer",
        "Forty",
        "Thirty",
        "Half",
        "All",
        "Both",
        "Several",
        "Few",
        "Other",
        "Others",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Sen",
        "Sen.",
        "Rep",
        "Rep.",
        "Gov",
        "Gov.",
        "Dr",
        "Dr.",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "His",
        "Her",
        "Their",
    ]
)
