"""Same statement, several reports: which quotes report the same words or the same claim.

Two quotes are one statement when their speakers can be the same person and their words are
close. "Can be the same person": the same entity, or one of them unknown (an unresolved "he")
*and the unknown quote's article names the other speaker* (a pronoun points to someone its
article named, so "he" in an article that never names Hodges is not Hodges). "Close": a small
logistic regression over five signals, fit on the labelled pairs (see ``MODEL``):

- the sentence-embedding cosine (all-MiniLM-L6-v2, see ``embed.py``);
- containment: the share of the shorter quote's content words (stemmed) found in the longer one
  (trimmed and extended copies);
- the longest common word sequence over the shorter quote's length (word order: a verbatim copy
  keeps it, an indirect report of a direct quote shares the content words but not their order);
- both speakers known and the same (a speaker restating a claim in new words);
- both speakers unknown;
- both quotes describe someone's statement rather than report it ("Trump's proposal to ban
  Muslims", "his claims that he had been offered a scholarship"): two comments on one proposal
  are not one statement, unless the same speaker makes both.

Two vetoes come before the model: quotes that give different numbers ("65 percent" vs "68
percent" of the delegates) are different statements, and a quote that names the other quote's
speaker ("Trump's proposal to ban Muslims", said by Clinton) talks *about* that statement rather
than reporting it. Groups are the connected components of the decision (single link), so a
paraphrase joins through the verbatim copy it paraphrases, except that a group never holds two
different known speakers (an unresolved "he" quoting the proposal does not chain its author and
its critics together).

Everything is calibrated on ``tests/data/statement_pairs.tsv`` (hand-labelled pairs of attributed
contents from PolNeAR train, 2016 US politics, seven outlets); ``onrecord eval statements``
prints precision and recall on it, in-sample and cross-validated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onrecord.link.speakers import translit_key

if TYPE_CHECKING:
    import numpy as np

COSINE_FLOOR = 0.5
"""Below this embedding cosine two quotes are never one statement: the labelled pairs were drawn
at cosine >= 0.5, so the model knows nothing below it (and grouping compares no further)."""
MIN_WORDS = 3
"""Quotes with fewer content words ("militarily", "completely eroded") are judged on cosine and
speakers alone: two words in common say nothing, so their lexical signals count as zero."""
MAX_TOKENS = 200
"""Words per quote kept for the longest-common-sequence signal (quadratic; quotes are short)."""

FEATURES = ("cosine", "containment", "common_sequence", "same_speaker", "both_unknown", "both_about")


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic regression over ``FEATURES``: one statement when its probability >= ``threshold``."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


MODEL = Model(
    weights=(1.414, 2.691, 2.505, 0.404, -0.147, -1.359),
    bias=-3.707,
    threshold=0.6,
)
"""Fit by ``evaluation.statement_pairs.fit_model`` (ridge 1.0) on the 131 of the 295 labelled
PolNeAR train pairs in ``tests/data/statement_pairs.tsv`` that pass the speaker check and the
vetoes (79 of them the same statement). The ridge and the threshold 0.6 were chosen on the grouped
5-fold cross-validation of the first 268 pairs, before the last 27 (one named speaker, two
different articles) were drawn and labelled. Refit after editing the pairs: the eval prints the
refit weights next to these, and the golden test fails when they differ."""


ABOUT = re.compile(
    r"\b(?:his|her|their|its|[A-Z][\w.-]*['’]s?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:proposals?|calls?|plans?|claims?|comments?|remarks?|positions?|statements?|ideas?|pledges?|promises?"
    r"|vows?|suggestions?|demands?|dictum|story|rhetoric|views?)\b"
)
"""A possessive before a noun for something said ("Trump's repeated calls", "his longstanding
proposal"): the quote names a statement instead of giving its words. The noun list is the
speech-act nouns of the labelled pairs' contents plus their near synonyms."""


@dataclass(frozen=True, slots=True)
class QuoteSignals:
    """What the decision reads of one quote, computed once per quote (grouping compares many pairs)."""

    words: frozenset[str]
    """Content words, stop words out, stemmed (``content_words``)."""
    tokens: tuple[str, ...]
    """Every word, stemmed, in order (for the longest common word sequence)."""
    numbers: frozenset[str]
    """Numbers the quote gives ("250,000" -> "250000")."""
    names: frozenset[str]
    """Name keys of the capitalised words in the quote itself ("Trump's proposal" -> "trump")."""
    speaker: str | None
    """The speaker's identity (canonical name in the store; a key in the PolNeAR eval); None = unknown."""
    about: bool = False
    """The quote describes someone's statement ("his proposal to ...", ``ABOUT``) instead of giving it."""
    named: frozenset[str] | None = None
    """Name keys of everyone the quote's article names; None when not known (no check)."""


def signals(text: str, speaker: str | None, named: frozenset[str] | None = None) -> QuoteSignals:
    """The signals of one quote (``named``: ``names_in`` of its article's text)."""
    tokens = tuple(_stem(w) for w in re.findall(r"[^\W\d_][\w'-]*", text.lower().replace("’", "'")))
    return QuoteSignals(
        words=frozenset(content_words(text)),
        tokens=tokens[:MAX_TOKENS],
        numbers=frozenset(n.replace(",", "") for n in re.findall(r"\d[\d,.]*\d|\d", text)),
        names=names_in(text),
        speaker=speaker,
        about=ABOUT.search(text) is not None,
        named=named,
    )


def names_in(text: str) -> frozenset[str]:
    """Spelling-insensitive keys of the capitalised words of ``text`` (possessives dropped)."""
    return frozenset(translit_key(re.sub(r"['’]s?$", "", w)) for w in re.findall(r"\b[A-Z][\w'’.-]*", text))


def speaker_key(speaker: str) -> str:
    """The key a speaker is named by: the last word of the name ("Donald Trump" -> "trump").

    A group from the PolNeAR pairs ("group:jewish groups", "group:about three-quarters", see
    ``source_key``) keeps its whole key: it is no name, so no unresolved "he" or "who" can be it.
    """
    if speaker.startswith("group:"):
        return speaker
    words = speaker.split()
    return translit_key(re.sub(r"['’]s?$", "", words[-1])) if words else ""


def could_be(speaker: str | None, quote: QuoteSignals) -> bool:
    """Whether ``quote``'s unknown speaker can be ``speaker``: only someone its article names."""
    return speaker is None or quote.named is None or speaker_key(speaker) in quote.named


def speakers_compatible(a: QuoteSignals, b: QuoteSignals) -> bool:
    """The same speaker, or one unknown whose article names the other."""
    if a.speaker is None or b.speaker is None:
        return could_be(a.speaker, b) and could_be(b.speaker, a)
    return a.speaker == b.speaker


def vetoed(a: QuoteSignals, b: QuoteSignals) -> bool:
    """Different numbers, or one quote naming the other's speaker: not one statement, whatever the words."""
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return True
    # A speaker naming themselves ("Russia's Foreign Ministry" in the ministry's statement) is no sign.
    return any(
        other.speaker is not None and other.speaker != quote.speaker and speaker_key(other.speaker) in quote.names
        for quote, other in ((a, b), (b, a))
    )


def common_sequence(a: Sequence[str], b: Sequence[str]) -> float:
    """Longest common word subsequence over the shorter length: 1.0 for a trimmed verbatim copy."""
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            cur[j + 1] = prev[j] + 1 if x == y else max(prev[j + 1], cur[j])
        prev = cur
    return prev[-1] / min(len(a), len(b))


def pair_features(cosine: float, a: QuoteSignals, b: QuoteSignals, order: bool = True) -> tuple[float, ...]:
    """The model's inputs for one pair, in ``FEATURES`` order (``order=False``: common_sequence 0,
    skipping the one quadratic signal)."""
    lexical = min(len(a.words), len(b.words)) >= MIN_WORDS
    return (
        cosine,
        containment(a.words, b.words) if lexical else 0.0,
        common_sequence(a.tokens, b.tokens) if lexical and order else 0.0,
        float(a.speaker is not None and a.speaker == b.speaker),
        float(a.speaker is None and b.speaker is None),
        float(a.about and b.about),
    )


def eligible(cosine: float, a: QuoteSignals, b: QuoteSignals) -> bool:
    """Whether the model is asked at all: cosine above the floor, speakers compatible, no veto."""
    return cosine >= COSINE_FLOOR and speakers_compatible(a, b) and not vetoed(a, b)


def same_statement(cosine: float, a: QuoteSignals, b: QuoteSignals, model: Model = MODEL) -> bool:
    """The calibrated decision for one pair of quotes (``model`` overrides ``MODEL``, for cross-validation)."""
    if not eligible(cosine, a, b):
        return False
    # The word-order signal is quadratic in quote length: skip it when it cannot change the answer
    # (grouping a big store asks this for every pair of one speaker's quotes above the floor).
    rest = pair_features(cosine, a, b, order=False)
    k = FEATURES.index("common_sequence")
    low, high = sorted(model.probability((*rest[:k], v, *rest[k + 1 :])) for v in (0.0, 1.0))
    if high < model.threshold or low >= model.threshold:
        return low >= model.threshold
    return model.probability(pair_features(cosine, a, b)) >= model.threshold


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


def containment(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a ∩ b| / min(|a|, |b|): 1.0 when the shorter quote is a trimmed copy of the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True, slots=True)
class StatementInput:
    """What grouping needs of a quote: its id, words, canonical speaker and a sort key for "first"."""

    id: str
    text: str
    speaker: str | None
    when: str
    """Statement date, else published date, else '~' (sorts last): the first report is the earliest."""
    named: frozenset[str] | None = None
    """``names_in`` of the quote's article text: whom an unknown speaker can be (None: anyone)."""


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

    quotes = [signals(it.text, it.speaker, it.named) for it in items]
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
                for c in np.nonzero(sims[r] >= COSINE_FLOOR)[0]:
                    j = cols[int(c)]
                    if j == i or find(i) == find(j):
                        continue
                    ri, rj = find(i), find(j)
                    # A group holds one known speaker at most: an unresolved "he" must not bridge
                    # Trump's proposal and his critics' words about it into one statement. An
                    # unknown speaker joins a known one only if its own article names them.
                    if said_by[ri] is not None and said_by[rj] is not None and said_by[ri] != said_by[rj]:
                        continue
                    if (items[i].speaker is None and not could_be(said_by[rj], quotes[i])) or (
                        items[j].speaker is None and not could_be(said_by[ri], quotes[j])
                    ):
                        continue
                    if same_statement(float(sims[r, c]), quotes[i], quotes[j]):
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
