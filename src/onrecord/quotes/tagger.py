"""The attribution tagger: a linear-chain CRF that labels cue, source and content tokens.

It reads one parsed paragraph plus what the rules (``candidates.py``) found in it, and labels
every token ``B-``/``I-``/``L-``/``U-`` (begin, inside, last, single word) of ``CUE``, ``SRC`` or
``CON``, or ``O``; the labels are read back as ``B-``/``I-`` (``to_bio``). The rules' own labels are
features, so the model learns where the rules are right and what they miss (reported speech
without a cue verb from the lexicon, "according to", sources with appositives, multi-sentence
content). ``assemble`` turns the labels back into quotes: each content span joins the nearest cue
(the one it hangs off in the parse, else the nearest in its sentence, else in the paragraph) and
each cue takes the nearest source in its sentence.

Trained on PolNeAR's ``train`` compartment by ``scripts/train_attribution.py`` with CRFsuite; the
weights ship in ``quotes/models/`` in CRFsuite's format and are run in numpy
(``quotes/crf.py``): ``token_columns`` gives the tokens' feature values, ``FeatureRows`` turns them
into weight rows, and an article's paragraphs are decoded together. Feature building is still
most of the tagger's cost (README, "Performance").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from importlib import resources
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from onrecord.quotes.candidates import Candidate, _medium, _when
from onrecord.quotes.crf import LinearChainCRF
from onrecord.quotes.lexicon import CUE_VERBS
from onrecord.quotes.mentions import Mention, mention_of
from onrecord.quotes.parsed import columns, text_of, token_range
from onrecord.quotes.quotemarks import DOUBLE_MARK, scan

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc

MODEL_FILE = "attribution.crfsuite"
ROLES = ("CUE", "SRC", "CON")
FEATURES_VERSION = 4
"""Bump when ``token_features`` changes: a model trained on other features must be retrained."""

# Nouns and adjectives that report or hold a stance ("according to", "is expected", "her view"):
# the CRF sees them as a feature; cue verbs beyond the rules' lexicon are learned from words.
_CUE_NOUNS = frozenset(
    {"statement", "view", "claim", "belief", "argument", "warning", "report", "accord", "opinion", "interview"}
)
# Cue lemmas learned from PolNeAR: the verbs, nouns and adjectives labelled cue at least 5 times in
# the train compartment less its last 84 articles (the holdout, so holdout scores stay honest), in at
# least 30 % of their occurrences (by spaCy lemma and POS, first annotator). Most are beyond the rules'
# lexicon ("call", "describe", "criticize", "cite", "expect", "seem", "statement"); with them the
# cue-path features (nearest cue, cue ancestor) reach the stance and report words PolNeAR annotates.
_POLNEAR_CUE_WORDS = """
    accord accuse acknowledge acquiesce add admit advocate agree aim allege allude anger announce
    answer apologize appear applaud approve argue articulate ask assail assert assertion assumption
    assure attack attribute aware backing balk bemoan blame blast boast boo brag brush call caution
    champion chant characterize charge chide cite claim clarify comment complain complaint concede
    conclude condemn confident confirm congratulate contemplate contend contradict convince credit
    criticism criticize declare decline decry deem defend demand denounce deny deride describe
    desire detail devote disagreement disavow disclose discuss dismiss dispute distance document
    doubt eager echo email emphasize encourage endorse envision estimate expect explain express fear
    footage hail highlight hint hop hope hopeful identify imply indicate inform insist interject
    interpret invoke issue joke label lament lash lay liken list mention mock name note observe
    offer oppose order outline outspoken paint persuade pivot plead pledge point portray post praise
    predict prefer press proclaim project promise promote propose push question quick quote rail
    rattle reaffirm rebuff rebuke rebut recall recite recognize recommend recount refer reference
    refuse regard reiterate reject reluctant remark remember remind renew repeat reply report
    request resist respond restrict retweete reveal rule say seek seem shout show signal single
    skeptical slam sound spar speculate state statement stress suggest suggestion supportive suspect
    talk tell thank threaten title tout tweet underscore understanding unveil urge view voice vouch
    vow warn wary wonder worried worry write yell
"""
_POLNEAR_CUES = frozenset(_POLNEAR_CUE_WORDS.split())
_DASHES = frozenset({"\u2013", "\u2014", "--"})
_QUOTE_CHARS = frozenset('"“”‘’«»„')
_QUOTE_CHAR = re.compile("[" + "".join(sorted(_QUOTE_CHARS)) + "]")


def rule_labels(doc: Doc, offset: int, candidates: list[Candidate]) -> list[str]:
    """What the rules said about each token: R-CON / R-CUE / R-SRC (with the quote kind) or O."""
    labels = ["O"] * len(doc)

    def mark(start: int, end: int, label: str) -> None:
        for i in token_range(doc, start - offset, end - offset):
            if labels[i] == "O":
                labels[i] = label

    for cand in candidates:
        if cand.cue:
            mark(*cand.cue, "R-CUE")
        if cand.mention is not None:
            mark(cand.mention.start, cand.mention.end, "R-SRC")
        for s, e in cand.content:
            mark(s, e, f"R-CON-{cand.kind}")
    return labels


def quote_state(doc: Doc) -> list[str]:
    """Per token: inside a quotation (``in``), a quotation mark (``mark``) or outside (``out``)."""
    state = ["out"] * len(doc)
    idx = columns(doc).idx
    text = text_of(doc)
    for q in scan(text).quotes:
        for i in range(bisect_left(idx, q.open), bisect_right(idx, q.close)):
            state[i] = "mark" if idx[i] in (q.open, q.close) else "in"
    # Any other token that starts with a quotation mark (an unpaired one, an apostrophe).
    for m in _QUOTE_CHAR.finditer(text):
        i = bisect_left(idx, m.start())
        if i < len(idx) and idx[i] == m.start() and state[i] == "out":
            state[i] = "mark"
    return state


def lexicon_cue(pos: str, lemma: str, lower: str) -> bool:
    """A cue the rules know: a verb of their lexicon (``lemma`` lower-cased), or "according"."""
    return (pos in ("VERB", "AUX") and lemma in CUE_VERBS) or lower == "according"


def polnear_cue(pos: str, lemma: str) -> bool:
    """A word PolNeAR's train compartment often labels as cue (``lemma`` lower-cased)."""
    return pos in ("VERB", "AUX", "NOUN", "ADJ") and lemma in _POLNEAR_CUES


_FEATURE_KEYS = (
    *("w", "lem", "pos", "tag", "dep", "shape", "suf", "ent", "hlem", "hpos", "depH", "q", "cue", "cuen", "pcue"),
    *("anc", "canc", "clem", "canc+lem", "kids", "hkids", "ancl", "side", "scue", "dist", "side+dist", "subjcue"),
    *("insubj", "r", "sstart", "send", "anc+r", "q+r"),
)
"""A token's own features, in the order ``token_features`` lists them (``key=value`` each)."""
_SHORT = ("w", "pos", "dep", "q", "r", "cue", "pcue", "side", "canc")
"""The features each token lends its neighbours (two either side), in this order."""
_KID_DEPS = frozenset({"ccomp", "nsubj", "nsubjpass", "dobj", "xcomp", "prep"})
_SUBJ_DEPS = ("nsubj", "nsubjpass")
_FAR = 1 << 20


def token_columns(doc: Doc, rules: list[str]) -> list[list[str]]:
    """The value of each of ``_FEATURE_KEYS`` (in that order) for every token: word, parse,
    entities, quotation state, cue paths, rule labels. One list per key, since the tagger looks
    values up key by key (``FeatureRows``).

    Built from plain per-token lists read off the Doc once: walking heads and children through
    spaCy Token objects cost most of the tagger's time (one Token per step).
    """
    n = len(doc)
    cols = columns(doc)
    head, dep, pos, low, lem = cols.head, cols.dep, cols.pos, cols.lower, cols.lemma
    lex = [lexicon_cue(pos[i], lem[i], low[i]) for i in range(n)]
    cue = [lex[i] or polnear_cue(pos[i], lem[i]) for i in range(n)]
    kid_deps: list[list[str]] = [[] for _ in range(n)]
    for i in range(n):
        if head[i] != i:
            kid_deps[head[i]].append(dep[i])
    has_ccomp = ["ccomp" in kids for kids in kid_deps]
    sent_start = ["0"] * n
    sent_end = ["0"] * n
    for start, end in cols.sents:
        sent_start[start] = sent_end[end - 1] = "1"
    quotes = quote_state(doc)

    # Per token, whatever does not depend on its neighbours' values.
    subj_of_cue = [dep[i] in _SUBJ_DEPS and cue[head[i]] for i in range(n)]
    kids = ["+".join(sorted({k for k in ks if k in _KID_DEPS})) or "-" for ks in kid_deps]
    hkids = ["+".join(sorted({k for k in ks if k in ("ccomp", "nsubj")})) or "-" for ks in kid_deps]
    # The paths up the tree, each token's from its head's (heads first). No feature looks more than
    # eight heads up: a word found further up counts as none.
    # The first cue-like ancestor: (depth, dependency of the branch below it, its lemma).
    cue_up: list[tuple[int, str, str] | None] = [None] * n
    # The nearest word at or above that takes a clausal complement, whatever its lemma: (distance,
    # dependency of the branch below it or "self", its lemma).
    ccomp_up: list[tuple[int, str, str] | None] = [None] * n
    # How far up (0: the word itself) the nearest word that is a cue's subject is.
    subj_up = [_FAR] * n
    for i in _heads_first(head):
        h = head[i]
        if h == i:
            # A root cue word is its own first cue ancestor, at depth 1: the shipped weights were
            # trained on features that walked Token objects, which never stopped at the root.
            cue_up[i] = (1, dep[i], lem[i]) if cue[i] else None
        elif cue[h]:
            cue_up[i] = (1, dep[i], lem[h])
        elif head[h] != h and (above := cue_up[h]) is not None and above[0] < 8:
            cue_up[i] = (above[0] + 1, above[1], above[2])
        if has_ccomp[i]:
            ccomp_up[i] = (0, "self", lem[i])
        elif h != i and (above := ccomp_up[h]) is not None and above[0] < 7:
            ccomp_up[i] = (above[0] + 1, dep[i] if above[0] == 0 else above[1], above[2])
        subj_up[i] = 0 if subj_of_cue[i] else _FAR if h == i else subj_up[h] + 1
    anc_col = [f"{c[1]}/{min(c[0], 4)}" if c else "none/0" for c in cue_up]
    ancl_col = [c[2] if c else "-" for c in cue_up]
    canc_col = [f"{c[1]}/{min(c[0], 4)}" if c else "none/-" for c in ccomp_up]
    clem_col = [c[2] if c else "-" for c in ccomp_up]
    cancl_col = [f"{c[1]}|{c[2]}" if c else "none|-" for c in ccomp_up]
    insubj_col = ["1" if d <= 4 else "0" for d in subj_up]
    # The nearest cue word in the sentence (the earlier one of two as near): which side, its lemma,
    # how far.
    nearest = _nearest_cues(cue, cols.sents)
    side_col = [
        "none" if c < 0 else "self" if c == i else "before" if c < i else "after" for i, c in enumerate(nearest)
    ]
    scue_col = ["-" if c < 0 else lem[c] for c in nearest]
    dist_col = ["-" if c < 0 else _DISTANCE[min(abs(c - i), 9)] for i, c in enumerate(nearest)]
    flag = ("0", "1")
    # In the order of _FEATURE_KEYS.
    return [
        low,
        lem,
        pos,
        cols.tag,
        dep,
        [s[:4] for s in cols.shape],
        [w[-3:] for w in low],
        cols.ent,
        [lem[h] for h in head],
        [pos[h] for h in head],
        [f"{d}>{pos[h]}" for d, h in zip(dep, head, strict=True)],
        quotes,
        [flag[x] for x in lex],
        [flag[x in _CUE_NOUNS] for x in lem],
        [flag[x] for x in cue],
        anc_col,
        canc_col,
        clem_col,
        cancl_col,
        kids,
        [hkids[h] for h in head],
        ancl_col,
        side_col,
        scue_col,
        dist_col,
        [f"{a}|{b}" for a, b in zip(side_col, dist_col, strict=True)],
        [flag[x] for x in subj_of_cue],
        insubj_col,
        rules,
        sent_start,
        sent_end,
        [f"{a}|{r}" for a, r in zip(anc_col, rules, strict=True)],
        [f"{q}|{r}" for q, r in zip(quotes, rules, strict=True)],
    ]


_DISTANCE = ("0", "1", "2-3", "2-3", "4-8", "4-8", "4-8", "4-8", "4-8", "far")
"""A gap in words (9 standing for anything further) as the feature names it."""


def _nearest_cues(cue: list[bool], sents: list[tuple[int, int]]) -> list[int]:
    """Per token, the nearest cue word in its sentence (the earlier of two as near), -1 for none."""
    out = [-1] * len(cue)
    for start, end in sents:
        last = -1
        for i in range(start, end):  # the nearest at or before
            if cue[i]:
                last = i
            out[i] = last
        last = -1
        for i in range(end - 1, start - 1, -1):  # a nearer one after wins
            if cue[i]:
                last = i
            if last >= 0 and (out[i] < 0 or last - i < i - out[i]):
                out[i] = last
    return out


def _heads_first(head: list[int]) -> list[int]:
    """Token indices ordered so that every token comes after its head (``head[i] == i`` at a root)."""
    depth = [-1] * len(head)
    for i in range(len(head)):
        path = []
        j = i
        while depth[j] < 0 and head[j] != j:
            path.append(j)
            j = head[j]
        d = max(depth[j], 0)
        depth[j] = d
        for k in reversed(path):
            d += 1
            depth[k] = d
    return sorted(range(len(head)), key=depth.__getitem__)


def token_values(doc: Doc, rules: list[str]) -> list[list[str]]:
    """Per token, the value of each of ``_FEATURE_KEYS``, in that order (``token_columns`` by row)."""
    return [list(row) for row in zip(*token_columns(doc, rules), strict=True)]


_SHORT_AT = tuple(_FEATURE_KEYS.index(k) for k in _SHORT)
_OFFSETS = (-2, -1, 1, 2)


def token_features(doc: Doc, rules: list[str]) -> list[list[str]]:
    """One feature list per token, as CRFsuite reads them: ``key=value`` for each of the token's
    own values, its neighbours' short ones prefixed with their offset (``-1:w=the``), ``{d}:edge``
    past the paragraph's ends, ``BOP``/``EOP`` at them. What ``FeatureRows`` does with numbers."""
    own = [[f"{k}={v}" for k, v in zip(_FEATURE_KEYS, row, strict=True)] for row in token_values(doc, rules)]
    n = len(own)
    short = [[row[j] for j in _SHORT_AT] for row in own]
    for i in range(n):
        row = own[i]
        for d in _OFFSETS:
            j = i + d
            if 0 <= j < n:
                prefix = f"{d}:"
                row.extend([prefix + kv for kv in short[j]])
            else:
                row.append(f"{d}:edge")
        if i == 0:
            row.append("BOP")
        if i == n - 1:
            row.append("EOP")
    return own


def gold_labels(doc: Doc, offset: int, spans: list[tuple[str, int, int, int]]) -> list[str]:
    """BIO labels from gold spans (role, start, end, unit id) in article offsets."""
    labels = ["O"] * len(doc)
    units = [-1] * len(doc)
    for t in doc:
        a = offset + t.idx
        for role, s, e, unit in spans:
            if s <= a < e:
                labels[t.i] = role
                units[t.i] = unit
                break
    out = []
    for i, role in enumerate(labels):
        if role == "O":
            out.append("O")
        elif i > 0 and labels[i - 1] == role and units[i - 1] == units[i]:
            out.append(f"I-{role}")
        else:
            out.append(f"B-{role}")
    return out


def to_bilou(labels: Sequence[str]) -> list[str]:
    """BIO labels as the CRF learns them: a span's last word ``L-``, a one-word span ``U-``.

    With an end state of its own the model learns where spans stop (before ", who …", at a clause's
    edge), not only where they start; the ``B-``/``I-`` decoding in ``assemble`` is unchanged
    (``to_bio``)."""
    out = list(labels)
    for i, label in enumerate(labels):
        if label == "O":
            continue
        goes_on = i + 1 < len(labels) and labels[i + 1] == f"I-{label[2:]}"
        if not goes_on:
            out[i] = ("U-" if label.startswith("B-") else "L-") + label[2:]
    return out


_TO_BIO = {"U": "B", "L": "I"}


def to_bio(tags: Sequence[str]) -> list[str]:
    """The tagger's labels as ``B-``/``I-``/``O`` (a BIO-trained model's pass through unchanged)."""
    return [t if t == "O" else _TO_BIO.get(t[0], t[0]) + t[1:] for t in tags]


@dataclass(slots=True)
class _Run:
    role: str
    start: int  # token index
    end: int  # token index, exclusive


def _runs(tags: list[str], doc: Doc | None = None) -> list[_Run]:
    """Labelled spans; a whitespace token (a non-breaking space is one in spaCy) never breaks a span."""
    runs: list[_Run] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        bio, role = tag.split("-", 1)
        bridged = (
            doc is not None
            and runs
            and runs[-1].end < i
            and all(doc[j].is_space for j in range(runs[-1].end, i))
            and (bio == "I" or doc[i - 1].is_space)
        )
        if (bio == "I" or bridged) and runs and runs[-1].role == role and (runs[-1].end == i or bridged):
            runs[-1].end = i + 1
        else:
            runs.append(_Run(role, i, i + 1))
    return runs


def _char_span(doc: Doc, run: _Run, offset: int) -> tuple[int, int]:
    cols = columns(doc)
    toks = [i for i in range(run.start, run.end) if not cols.space[i]]
    while toks and (cols.punct[toks[-1]] and cols.text[toks[-1]] not in _QUOTE_CHARS):
        toks.pop()
    if not toks:
        return offset + cols.idx[run.start], offset + cols.idx[run.start]
    return offset + cols.idx[toks[0]], offset + cols.idx[toks[-1]] + len(cols.text[toks[-1]])


def _mark_positions(text: str) -> set[int]:
    """Where the paragraph's quotation marks are: paired marks from the scanner, plus double marks
    it could not pair. Apostrophes ("Russia’s", "don’t") are not marks."""
    marks = scan(text)
    found = {i for q in marks.quotes for i in (q.open, q.close)}
    found.update(m.start() for m in DOUBLE_MARK.finditer(text))
    return found


def _unquoted(text: str, offset: int, start: int, end: int, marks: set[int]) -> list[tuple[int, int]]:
    """A content span cut at quotation marks: the marks are never content (as for direct quotes)."""
    pieces: list[tuple[int, int]] = []
    s = start
    for i in sorted(m + offset for m in marks if start <= m + offset < end):
        pieces.append((s, i))
        s = i + 1
    pieces.append((s, end))
    out = []
    for a, b in pieces:
        while a < b and text[a - offset].isspace():
            a += 1
        while b > a and text[b - 1 - offset].isspace():
            b -= 1
        if b > a and any(c.isalnum() for c in text[a - offset : b - offset]):
            out.append((a, b))
    return out


def assemble(doc: Doc, offset: int, tags: list[str], stage: str = "crf") -> list[Candidate]:
    """Quotes from the tagger's labels: content joins a cue, a cue takes a source. Each candidate
    keeps ``stage``, the model that labelled it, as its provenance."""
    runs = _runs(tags, doc)
    cues = [r for r in runs if r.role == "CUE"]
    sources = [r for r in runs if r.role == "SRC"]
    contents = [r for r in runs if r.role == "CON"]
    cols = columns(doc)
    head = cols.head
    sent_of = [0] * len(doc)
    for start, end in cols.sents:
        sent_of[start:end] = [start] * (end - start)
    cue_at = {i: cue for cue in cues for i in range(cue.start, cue.end)}

    def cue_for(run: _Run) -> _Run | None:
        if not cues:
            return None
        # The cue the content hangs off in the parse wins (the first met walking up from each of its
        # words in turn); then one in a sentence the content touches; then the nearest in the paragraph.
        for i in range(run.start, run.end):
            a = i
            for _ in range(len(head) + 1):
                cue = cue_at.get(a)
                if cue is not None and not (run.start <= a < run.end):
                    return cue
                if head[a] == a:
                    break
                a = head[a]
        sents = {sent_of[i] for i in range(run.start, run.end)}
        same = [c for c in cues if sent_of[c.start] in sents]
        pool = same or cues
        return min(pool, key=lambda c: min(abs(c.start - run.end), abs(run.start - c.end)))

    grouped: dict[int, list[_Run]] = {}
    orphans: list[_Run] = []
    for run in contents:
        cue = cue_for(run)
        if cue is None:
            orphans.append(run)
        else:
            grouped.setdefault(cues.index(cue), []).append(run)
    # A cue the tagger found without content keeps its clause from the parse ("he said the deal is
    # dead" with the clause left unlabelled): the clausal complement's words, when none is labelled.
    for ci, cue in enumerate(cues):
        if ci in grouped:
            continue
        head = doc[cue.start : cue.end].root
        for child in head.children:
            if child.dep_ == "ccomp" and not (cue.start <= child.i < cue.end):
                lo, hi = child.left_edge.i, child.right_edge.i + 1
                if all(tags[i] == "O" for i in range(lo, hi)):
                    grouped[ci] = [_Run("CON", lo, hi)]
                break

    text = text_of(doc)
    marks = _mark_positions(text)
    out: list[Candidate] = []

    def gap(s: _Run, cue: _Run) -> int:
        return min(abs(s.start - cue.end), abs(cue.start - s.end))

    chosen: dict[int, _Run | None] = {}
    for ci in grouped:
        cue = cues[ci]
        same = [s for s in sources if sent_of[s.start] == sent_of[cue.start]]
        # The source the parse ties to the cue (its subject, the object of "according to", the
        # agent of a passive) wins over a nearer one ("Trump told reporters that Clinton …").
        tied = [s for s in same if _tied(doc, s, cue)]
        chosen[ci] = min(tied or same, key=lambda s: gap(s, cue)) if same else None
    # A cue with no source in its sentence takes the nearest source no other cue took ("Trump …
    # In a statement, he said"): a labelled source left unused is a lost speaker.
    taken = {id(s) for s in chosen.values() if s is not None}
    for ci in sorted(grouped):
        spare = [s for s in sources if id(s) not in taken]
        if chosen[ci] is None and spare:
            chosen[ci] = min(spare, key=lambda s: gap(s, cues[ci]))
            taken.add(id(chosen[ci]))
    for ci, parts in sorted(grouped.items()):
        cue = cues[ci]
        source = chosen[ci]
        content = [p for r in parts for p in _unquoted(text, offset, *_char_span(doc, r, offset), marks)]
        if not content:
            continue
        cue_span = _char_span(doc, cue, offset)
        # The cue span follows PolNeAR ("said on Monday", "according to", "is expected"); its lemma
        # is the head word's, as the rules give it ("say"), except for "according to".
        verb = doc[cue.start : cue.end].root
        lemma = "according to" if verb.lower_ == "according" else verb.lemma_.lower()
        mention = _mention(doc, offset, source) if source else None
        out.append(
            Candidate(
                kind=_kind(parts, doc, marks),
                content=content,
                cue=cue_span,
                cue_lemma=lemma,
                mention=mention,
                medium=_medium(verb),
                when=_when(verb),
                stage=stage,
            )
        )
    for run in orphans:
        content = _unquoted(text, offset, *_char_span(doc, run, offset), marks)
        if content:
            # No cue in the paragraph: the words go on from the previous quote (the stage gives them
            # its speaker and cue, or drops them when there is none nearby).
            out.append(
                Candidate(
                    kind=_kind([run], doc, marks),
                    content=content,
                    cue=None,
                    cue_lemma=None,
                    mention=None,
                    continuation=True,
                    stage=stage,
                )
            )
    out.sort(key=lambda c: c.start)
    return out


_SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "agent", "poss", "dobj"})


def _tied(doc: Doc, source: _Run, cue: _Run) -> bool:
    """Whether the parse links the source to the cue: a source word hangs off a cue word (or off a
    preposition or verb that does) as its subject, object or possessor."""
    inside = range(cue.start, cue.end)
    for t in doc[source.start : source.end]:
        if t.dep_ not in _SOURCE_DEPS:
            continue
        head = t.head
        if head.i in inside or (head.head.i in inside and head.dep_ in ("prep", "agent", "xcomp", "ccomp")):
            return True
    return False


def _kind(parts: list[_Run], doc: Doc, marks: set[int]) -> str:
    """direct: every part is one quotation; mixed: some quoted words; indirect: none."""
    quoted = [any(t.idx in marks for t in doc[r.start : r.end]) for r in parts]
    if not any(quoted):
        return "indirect"
    for r in parts:
        toks = [t for t in doc[r.start : r.end] if not t.is_space]
        while toks and toks[-1].is_punct and toks[-1].idx not in marks:
            toks.pop()
        while toks and toks[0].is_punct and toks[0].idx not in marks:
            toks.pop(0)
        inner_marks = [t for t in toks[1:-1] if t.idx in marks]
        if not toks or toks[0].idx not in marks or toks[-1].idx not in marks or inner_marks:
            return "mixed"
    return "direct"


def _mention(doc: Doc, offset: int, run: _Run) -> Mention:
    """The source span as the tagger drew it, typed (name, pronoun, role …) from its head word."""
    span = doc[run.start : run.end]
    head = span.root
    # A dateline the speaker's name follows ("LA CROSSE, Wisc. — Gov. Mike Pence on Thursday"): the
    # person named after the dash is the speaker, though the parse may root the span in the place.
    dash = next((t.i for t in span[1:] if t.text in _DASHES), None)
    if dash is not None and not any(e.label_ == "PERSON" and e.end <= dash for e in span.ents):
        head = next((e.root for e in doc[dash + 1 : run.end].ents if e.label_ == "PERSON"), head)
    typed = mention_of(head, offset)
    start, end = _char_span(doc, run, offset)
    return replace(typed, start=start, end=end, text=text_of(doc)[start - offset : end - offset])


class FeatureRows:
    """Token values (``token_values``) as rows of the CRF's state weights, a fixed number of columns
    per token: its own values, its neighbours' short ones, the paragraph edges. A value the model
    never saw is row 0, which weighs nothing, as CRFsuite drops an unknown attribute."""

    def __init__(self, crf: LinearChainCRF) -> None:
        attrs = crf.attributes
        short = set(_SHORT)
        # Per key, value → number: the attribute row for most keys; for the short keys an index
        # into ``own`` and ``near``, since one lookup serves the token and its four neighbours.
        self.maps: list[dict[str, int]] = [{} for _ in _FEATURE_KEYS]
        index = {k: j for j, k in enumerate(_FEATURE_KEYS)}
        known: dict[str, dict[str, int]] = {k: {} for k in _SHORT}
        for name in attrs:
            head, _, rest = name.partition(":")
            near = head in ("-2", "-1", "1", "2")
            key, eq, value = (rest if near else name).partition("=")
            if eq and key in short:
                known[key].setdefault(value, len(known[key]) + 1)
            elif eq and key in index and not near:
                self.maps[index[key]][value] = attrs[name]
        self.own: dict[int, np.ndarray] = {}
        self.near: dict[tuple[int, int], np.ndarray] = {}
        for key, values in known.items():
            j = index[key]
            self.maps[j] = values
            self.own[j] = np.array([0] + [attrs.get(f"{key}={v}", 0) for v in values], dtype=np.int64)
            for d in _OFFSETS:
                self.near[d, j] = np.array([0] + [attrs.get(f"{d}:{key}={v}", 0) for v in values], dtype=np.int64)
        self.edge = {d: attrs.get(f"{d}:edge", 0) for d in _OFFSETS}
        self.first, self.last = attrs.get("BOP", 0), attrs.get("EOP", 0)

    def __call__(self, paragraphs: list[list[list[str]]]) -> np.ndarray:
        """(columns, tokens) rows for the paragraphs' tokens, one after the other; each paragraph
        as ``token_columns`` gives it."""
        lengths = np.array([len(p[0]) for p in paragraphs], dtype=np.int64)
        total = int(lengths.sum())
        start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        pos = np.arange(total) - start  # each token's place in its paragraph
        length = np.repeat(lengths, lengths)
        by_key = [list(chain.from_iterable(p[j] for p in paragraphs)) for j in range(len(_FEATURE_KEYS))]
        ids = [
            np.fromiter(map(m.get, col, repeat(0)), dtype=np.int64, count=total)
            for m, col in zip(self.maps, by_key, strict=True)
        ]
        out = [self.own[j][v] if j in self.own else v for j, v in enumerate(ids)]
        here = np.arange(total)
        for d in _OFFSETS:
            inside = (pos + d >= 0) & (pos + d < length)
            there = np.clip(here + d, 0, max(total - 1, 0))
            out.extend(np.where(inside, self.near[d, j][ids[j][there]], 0) for j in _SHORT_AT)
            out.append(np.where(inside, 0, self.edge[d]))
        out.append(np.where(pos == 0, self.first, 0))
        out.append(np.where(pos == length - 1, self.last, 0))
        return np.stack(out) if total else np.zeros((len(out), 0), dtype=np.int64)


class AttributionTagger:
    """Loads the CRF weights once (lazily) and tags parsed paragraphs, an article's at a time."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else None
        self._model: tuple[LinearChainCRF, FeatureRows] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Each worker reads the file itself rather than receiving the arrays pickled.
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._model = None

    @property
    def model_path(self) -> str:
        if self.path:
            return self.path
        return str(resources.files("onrecord.quotes").joinpath("models", MODEL_FILE))

    def _open(self) -> tuple[LinearChainCRF, FeatureRows]:
        if self._model is None:
            crf = LinearChainCRF.read(self.model_path)
            self._model = crf, FeatureRows(crf)
        return self._model

    def _emissions(self, items: Sequence[tuple[Doc, list[str]]]) -> list[np.ndarray]:
        crf, rows = self._open()
        values = [token_columns(doc, rules) for doc, rules in items]
        scores = crf.emissions(rows(values))
        bounds = np.cumsum([len(v[0]) for v in values])[:-1]
        return np.split(scores, bounds) if items else []

    def tag_many(self, items: Sequence[tuple[Doc, list[str]]]) -> list[list[str]]:
        """The BIO labels of each paragraph (with the rules' labels of its tokens)."""
        crf, _ = self._open()
        return [to_bio([crf.labels[y] for y in path]) for path in crf.viterbi(self._emissions(items))]

    def tag(self, doc: Doc, rules: list[str]) -> list[str]:
        return self.tag_many([(doc, rules)])[0]

    def marginals(self, doc: Doc, rules: list[str], labels: Sequence[str]) -> np.ndarray:
        """(tokens, labels): each token's marginal probability of each of ``labels``, BIO or BILOU,
        what the encoder combines with its own scores. A model label not asked for adds to its BIO
        reading (``U-`` to ``B-``, ``L-`` to ``I-``); a label the model lacks gets what maps to it, or 0."""
        return self.marginals_many([(doc, rules)], labels)[0]

    def marginals_many(self, items: Sequence[tuple[Doc, list[str]]], labels: Sequence[str]) -> list[np.ndarray]:
        """``marginals`` of each paragraph, computed together."""
        crf, _ = self._open()
        wanted = {y: j for j, y in enumerate(labels)}
        into = np.zeros((len(crf.labels), len(labels)))
        for k, y in enumerate(crf.labels):
            target = wanted.get(y, wanted.get(to_bio([y])[0]))
            if target is not None:
                into[k, target] = 1.0
        return [probs @ into for probs in crf.marginals_many(self._emissions(items))]

    def candidates_many(self, items: Sequence[tuple[Doc, int, list[Candidate]]]) -> list[list[Candidate]]:
        """Each paragraph's quotes as the model sees them, the rules' candidates as its evidence."""
        labelled = [(doc, rule_labels(doc, offset, cands)) for doc, offset, cands in items]
        return [
            assemble(doc, offset, tags) for (doc, offset, _), tags in zip(items, self.tag_many(labelled), strict=True)
        ]

    def candidates(self, doc: Doc, offset: int, rule_candidates: list[Candidate]) -> list[Candidate]:
        return self.candidates_many([(doc, offset, rule_candidates)])[0]
