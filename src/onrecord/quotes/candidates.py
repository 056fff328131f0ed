"""Find quote candidates in one parsed paragraph: direct, mixed and indirect.

Three passes over a paragraph, each claiming text the next one must not reuse:
1. quotation marks: full quoted sentences are direct quotes, their cue and speaker found in the
   words around them; short quoted terms ("a ”bridgehead”") are scare quotes, not speech;
2. reporting cues in the dependency parse: "X said (that) …", "…, X said", "according to X, …"
   and parentheticals ("…, X said, …"); a complement that holds quoted words is a mixed quote whose
   content is those words;
3. quoted fragments no cue claimed: governed by a cue further up the parse, or continuing the
   previous speaker.
Speakers are left as mentions here; ``speakers.py`` resolves them across the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onrecord.quotes import headlines
from onrecord.quotes.lexicon import CUE_VERBS, MENTAL_STATE_CUES, NEGATIONS, WEAK_CUES
from onrecord.quotes.mentions import Mention, mention_of
from onrecord.quotes.parsed import text_of, token_range
from onrecord.quotes.quotemarks import Quoted, scan

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token

_SCARE_BEFORE = {
    "a",
    "an",
    "the",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "this",
    "that",
    "these",
    "those",
    "so-called",
    "called",
    "dubbed",
    "termed",
    "labelled",
    "labeled",
    "branded",
    "as",
}
_REL_PRONOUNS = {"which", "that", "who", "whom", "what", "it", "this", "there"}
_EDGE_WORDS = {"that", "however", "but", "also", "and", "so", "then", "yet", "meanwhile", "moreover"}
_SENTENCE_END = re.compile(r"[.!?…]")
_OPENERS = "“\"«‘„'"


@dataclass(slots=True)
class Candidate:
    """A quote before its speaker is resolved; offsets are article offsets."""

    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    cue_lemma: str | None
    mention: Mention | None
    continuation: bool = False
    medium: str | None = None
    when: str | None = None
    """The words that date the statement ("on Thursday"), resolved against the published date."""
    stage: str = "rules"
    statement: bool = True
    """False for a position, not a statement (quotes/merge.py): a stance, a question, a denial,
    a state of mind in the reporter's words. It becomes an ``Article.positions`` entry, not a quote."""

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)


def reports_a_mind(cand: Candidate) -> bool:
    """Unquoted content under a cue of belief, fear, hope …: a position, not a statement."""
    return cand.kind == "indirect" and cand.cue_lemma in MENTAL_STATE_CUES


def paragraph_candidates(doc: Doc, offset: int, *, headline: bool = False) -> tuple[list[Candidate], bool]:
    """Quote candidates in one paragraph and whether its quotation marks were unbalanced."""
    text = text_of(doc)
    marks = scan(text)
    quoted = marks.quotes
    candidates: list[Candidate] = []

    if headline:
        found = headlines.match(text, offset, quoted)
        if found is not None:
            return [found], marks.unbalanced

    inside = _inside_index(quoted, len(text))
    scare = {q for q in quoted if _is_scare(doc, q)}
    speech = [q for q in quoted if q not in scare]
    direct: list[Quoted] = []
    fragments: list[Quoted] = []
    for q in speech:
        (direct if _is_direct(text, q, quoted) else fragments).append(q)

    # Pass 1: direct quotes, merging split quotes ("…," he noted, "…").
    merged_into: dict[Quoted, Quoted] = {}
    for q in direct:
        nxt = _next_quote(q, speech)
        if nxt is not None and _is_split(text, q, nxt, doc):
            merged_into[nxt] = q
            if nxt in fragments:
                fragments.remove(nxt)
    for q in direct:
        if q in merged_into:
            continue
        parts = [q] + [n for n, into in merged_into.items() if into is q]
        cue = _cue_for_direct(doc, text, q, quoted, inside)
        cand = Candidate(
            kind="direct",
            content=[_inner_span(text, p, offset) for p in parts],
            cue=None,
            cue_lemma=None,
            mention=None,
            continuation=cue is None,
        )
        if cue is not None:
            _attach_cue(cand, cue, offset)
        candidates.append(cand)
    claimed_direct = [(q.open, q.close + 1) for q in direct] + [(n.open, n.close + 1) for n in merged_into]

    # Pass 2: reporting cues with a clausal complement.
    claimed_fragments: set[Quoted] = set()
    for tok in doc:
        cue_kind = _cue_kind(tok, inside)
        if cue_kind is None:
            continue
        for cand in _cue_candidates(doc, tok, cue_kind, offset, claimed_direct, fragments, claimed_fragments):
            candidates.append(cand)

    # Pass 3: quoted fragments no complement claimed.
    for q in fragments:
        if q in claimed_fragments:
            continue
        cand = _fragment_candidate(doc, text, q, offset, inside)
        if cand is not None:
            candidates.append(cand)

    candidates.sort(key=lambda c: c.start)
    return candidates, marks.unbalanced


# -- quotation marks -------------------------------------------------------------------------


def _inner_span(text: str, q: Quoted, offset: int) -> tuple[int, int]:
    start, end = q.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return offset + start, offset + end


def _inside_index(quoted: Sequence[Quoted], n: int) -> list[bool]:
    inside = [False] * (n + 1)
    for q in quoted:
        for i in range(q.open, q.close + 1):
            inside[i] = True
    return inside


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [doc[i] for i in token_range(doc, start, end)]


def _is_scare(doc: Doc, q: Quoted) -> bool:
    """A quoted term, not quoted speech: 'a ”bridgehead”', 'Zelenskyy's "peace formula"'."""
    text = text_of(doc)
    inner = text[q.open + 1 : q.close]
    if len(_words(inner)) > 3 or re.search(r"[.,;:!?]\s*$", inner):
        return False
    before = text[: q.open].rstrip()
    prev_word = (_words(before)[-1:] or [""])[0].lower()
    possessive = before.endswith(("’s", "'s", "s’", "s'"))
    after = text[q.close + 1 :].lstrip()
    toks = _tokens_in(doc, q.open + 1, q.close)
    governed = any(_cue_ancestor(t, 2) is not None for t in toks)
    if governed:
        return False
    if prev_word in _SCARE_BEFORE or possessive:
        return True
    # "‘Open Door’ policy": a quoted modifier of the next noun.
    nxt = _tokens_in(doc, q.close + 1, q.close + 1 + len(after) + 2)
    return bool(nxt and nxt[0].pos_ == "NOUN" and any(t.head == nxt[0] for t in toks))


def _is_direct(text: str, q: Quoted, quoted: Sequence[Quoted]) -> bool:
    """A quotation that stands as a sentence of its own (not words embedded in reported speech)."""
    inner = text[q.open + 1 : q.close].lstrip()
    if not inner:
        return False
    first = inner[0]
    if not (first.isupper() or first.isdigit() or first in "[…("):
        return False
    prefix = _prefix(text, q, quoted)
    stripped = prefix.strip()
    if not stripped:
        return True
    return stripped.endswith(":") or (stripped.endswith(",") and len(stripped.split()) <= 8)


def _prefix(text: str, q: Quoted, quoted: Sequence[Quoted]) -> str:
    """Text before the opening mark back to the previous sentence end or quotation."""
    boundary = 0
    for other in quoted:
        if other.close < q.open:
            boundary = max(boundary, other.close + 1)
    segment = text[boundary : q.open]
    ends = [m.end() for m in _SENTENCE_END.finditer(segment)]
    # "U.S." and "Feb." are not sentence ends: require a space and an upper-case letter after.
    ends = [
        e
        for e in ends
        if e == len(segment)
        or (segment[e : e + 1] == " " and (segment[e + 1 : e + 2].isupper() or segment[e + 1 : e + 2] in _OPENERS))
    ]
    return segment[ends[-1] :] if ends else segment


def _after(text: str, q: Quoted, quoted: Sequence[Quoted]) -> tuple[int, int]:
    """Char range after the closing mark up to the sentence end or the next quotation."""
    start = q.close + 1
    nxt = min((o.open for o in quoted if o.open > q.close), default=len(text))
    m = None
    for m in _SENTENCE_END.finditer(text, start, nxt):
        e = m.end()
        if e >= len(text) or (
            text[e : e + 1] in (" ", "\n") and (e + 1 >= len(text) or text[e + 1].isupper() or text[e + 1] in '“"«‘')
        ):
            return start, e
    return start, nxt


def _next_quote(q: Quoted, quoted: Sequence[Quoted]) -> Quoted | None:
    later = [o for o in quoted if o.open > q.close]
    return min(later, key=lambda o: o.open) if later else None


def _is_split(text: str, q: Quoted, nxt: Quoted, doc: Doc) -> bool:
    """'“…,” he noted, “…”': one speaker and one cue between two parts of one quotation."""
    between = text[q.close + 1 : nxt.open]
    inner_end = text[q.close - 1 : q.close]
    if not re.fullmatch(r"\s*,?\s*[^.!?“”\"]{2,80},\s*", between):
        return False
    if not (between.lstrip().startswith(",") or inner_end == ","):
        return False
    toks = _tokens_in(doc, q.close + 1, nxt.open)
    cues = [t for t in toks if t.lemma_.lower() in CUE_VERBS and t.pos_ in ("VERB", "AUX")]
    return len(cues) == 1


# -- cues ---------------------------------------------------------------------------------


def _cue_kind(tok: Token, inside: list[bool]) -> str | None:
    if inside[tok.idx]:
        return None
    low = tok.lower_
    if low == "according" and any(c.lower_ == "to" for c in tok.children):
        return "according"
    if tok.pos_ not in ("VERB",) or tok.lemma_.lower() not in CUE_VERBS:
        return None
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in tok.children):
        return None
    return "verb"


def _cue_ancestor(tok: Token, depth: int) -> Token | None:
    cur = tok
    for _ in range(depth):
        if cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in CUE_VERBS:
            return cur
    return None


def _subject(cue: Token) -> Token | None:
    """The cue's subject, inherited from the verb it hangs off ("…, lamenting that")."""
    cur = cue
    for _ in range(4):
        for child in cur.children:
            if child.dep_ == "nsubj":
                return child
        if cur.tag_ == "VBN" and cur.dep_ in ("advcl", "acl"):
            # "When asked if …": the speaker is asked, not asking.
            return None
        if cur.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and cur.head is not cur:
            cur = cur.head
        elif cur.dep_ == "relcl" and cur.head is not cur:
            return None
        else:
            return None
    return None


def _usable_subject(subj: Token | None) -> bool:
    if subj is None:
        return False
    return subj.lower_ not in _REL_PRONOUNS


def _cue_for_direct(doc: Doc, text: str, q: Quoted, quoted: Sequence[Quoted], inside: list[bool]) -> Token | None:
    a, b = _after(text, q, quoted)
    for tok in _tokens_in(doc, a, b):
        if _cue_kind(tok, inside) == "verb" and _usable_subject(_subject(tok)):
            return tok
    prefix = _prefix(text, q, quoted)
    start = q.open - len(prefix)
    cues = [t for t in _tokens_in(doc, start, q.open) if _cue_kind(t, inside) == "verb" and _subject(t)]
    return cues[-1] if cues else None


def _attach_cue(cand: Candidate, cue: Token, offset: int) -> None:
    cand.cue = (offset + cue.idx, offset + cue.idx + len(cue))
    cand.cue_lemma = cue.lemma_.lower()
    subj = _subject(cue)
    cand.mention = mention_of(subj, offset) if _usable_subject(subj) else None
    cand.medium = _medium(cue)
    cand.when = _when(cue)


def _cue_candidates(
    doc: Doc,
    tok: Token,
    cue_kind: str,
    offset: int,
    claimed_direct: list[tuple[int, int]],
    fragments: list[Quoted],
    claimed_fragments: set[Quoted],
) -> list[Candidate]:
    if cue_kind == "according":
        to = next(c for c in tok.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None or tok.head is tok:
            return []
        head = tok.head
        exclude = set(t.i for t in tok.subtree)
        mention = mention_of(source, offset)
        cue_span = (offset + tok.idx, offset + to.idx + len(to))
        lemma = "according to"
        heads = [head]
    else:
        subj = _subject(tok)
        if not _usable_subject(subj):
            return []
        assert subj is not None
        mention = mention_of(subj, offset)
        cue_span = (offset + tok.idx, offset + tok.idx + len(tok))
        lemma = tok.lemma_.lower()
        exclude = set()
        heads = [c for c in tok.children if c.dep_ == "ccomp"]
        if not heads and tok.dep_ in ("parataxis",) and tok.head is not tok:
            # "These warnings, he said, were ignored": the cue sits inside its content.
            heads = [tok.head]
            exclude = set(t.i for t in tok.subtree)
        if not heads and tok.lemma_.lower() in WEAK_CUES:
            return []
    out: list[Candidate] = []
    if not heads:
        return out
    groups = _split_conjuncts(heads[0], fragments, doc) if len(heads) == 1 else [heads]
    for head in heads[:1]:
        for group_heads in groups:
            content_tokens = _content_tokens(group_heads, exclude | {tok.i})
            if len([t for t in content_tokens if not t.is_punct]) < 2:
                continue
            spans = _runs(doc, content_tokens)
            if not spans:
                continue
            lo, hi = spans[0][0], spans[-1][1]
            if any(min(hi, e) > max(lo, s) for s, e in claimed_direct):
                # The clause is (or wraps) a direct quotation already attributed to this cue.
                continue
            inner = [q for q in fragments if lo <= q.open < hi]
            if inner:
                claimed_fragments.update(inner)
                content = [_inner_span(text_of(doc), q, offset) for q in inner]
                kind = "mixed"
            else:
                content = [(offset + s, offset + e) for s, e in spans]
                kind = "indirect"
            cand = Candidate(kind=kind, content=content, cue=cue_span, cue_lemma=lemma, mention=mention)
            cand.statement = not reports_a_mind(cand)
            if cue_kind == "verb":
                cand.medium = _medium(tok)
                cand.when = _when(tok)
            else:
                cand.when = _when(head)
            out.append(cand)
    return out


def _split_conjuncts(head: Token, fragments: list[Quoted], doc: Doc) -> list[list[Token]]:
    """Conjoined clauses go separately only when one quotes the speaker and another does not."""
    conjuncts = [
        c for c in head.children if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    ]
    if not conjuncts:
        return [[head]]
    parts = [head, *conjuncts]

    def own_range(tok: Token) -> tuple[int, int]:
        if tok is head:
            first_conj = min(c.left_edge.i for c in conjuncts)
            return doc[head.left_edge.i].idx, doc[first_conj].idx
        return doc[tok.left_edge.i].idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i])

    has_quote = [any(own_range(p)[0] <= q.open < own_range(p)[1] for q in fragments) for p in parts]
    if all(has_quote) or not any(has_quote):
        return [[head]]
    return [[p] for p in parts]


def _content_tokens(heads: list[Token], exclude: set[int]) -> list[Token]:
    """The complement's words, without nested reporting clauses, cues and edge words."""
    keep: list[Token] = []
    banned: set[int] = set(exclude)
    for head in heads:
        for t in head.subtree:
            if t.i in banned:
                continue
            if (
                t is not head
                and t.pos_ == "VERB"
                and t.lemma_.lower() in CUE_VERBS
                and (
                    t.dep_ == "parataxis"
                    or (t.dep_ in ("advcl", "relcl", "conj", "acl") and any(c.dep_ == "ccomp" for c in t.children))
                )
            ):
                banned.update(x.i for x in t.subtree)
                # "…, warning that …": the comma before the nested cue goes too.
        keep.extend(t for t in head.subtree if t.i not in banned)
    keep = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    # A colon introducing a list ends the reported claim ("… three key proposals that are: …"):
    # tuned on the seeds (003).
    for i, t in enumerate(keep):
        if t.text == ":":
            keep = keep[:i]
            break
    while keep and (keep[0].is_punct or keep[0].lower_ in _EDGE_WORDS or keep[0].dep_ in ("mark", "cc")):
        keep = keep[1:]
    while keep and (keep[-1].is_punct or keep[-1].dep_ == "cc"):
        keep = keep[:-1]
    return keep


def _runs(doc: Doc, toks: list[Token]) -> list[tuple[int, int]]:
    """Contiguous runs of tokens as paragraph char ranges (a parenthetical cue splits a run)."""
    runs: list[tuple[int, int]] = []
    prev: Token | None = None
    for t in toks:
        if (prev is not None and t.i == prev.i + 1) or (
            prev is not None and all(doc[j].is_punct or doc[j].is_space for j in range(prev.i + 1, t.i))
        ):
            runs[-1] = (runs[-1][0], t.idx + len(t))
        else:
            runs.append((t.idx, t.idx + len(t)))
        prev = t
    cleaned = []
    text = text_of(doc)
    for s, e in runs:
        piece = text[s:e]
        stripped = piece.rstrip(" ,;:—–-")
        e = s + len(stripped)
        if len(_words(text[s:e])) >= 2:
            cleaned.append((s, e))
    return cleaned


def _fragment_candidate(doc: Doc, text: str, q: Quoted, offset: int, inside: list[bool]) -> Candidate | None:
    toks = _tokens_in(doc, q.open + 1, q.close)
    cue = None
    for t in toks:
        cue = _cue_ancestor(t, 4)
        if cue is not None and not inside[cue.idx]:
            break
        cue = None
    if cue is None:
        sentence = toks[0].sent if toks else None
        if sentence is not None:
            cues = [t for t in sentence if _cue_kind(t, inside) == "verb" and _usable_subject(_subject(t))]
            before = [t for t in cues if t.idx < q.open]
            cue = before[-1] if before else (cues[0] if cues else None)
    cand = Candidate(kind="mixed", content=[_inner_span(text, q, offset)], cue=None, cue_lemma=None, mention=None)
    if cue is not None:
        _attach_cue(cand, cue, offset)
        if cand.mention is not None:
            return cand
    if len(_words(text[q.open + 1 : q.close])) >= 4:
        cand.continuation = True
        cand.cue = None
        cand.cue_lemma = None
        cand.mention = None
        return cand
    return None


# -- medium and dates ---------------------------------------------------------------------------


def _medium(cue: Token) -> str | None:
    """The outlet or channel the words were said to ("told RIA Novosti", "interview with Izvestia")."""
    for child in cue.children:
        if child.dep_ in ("dobj", "dative", "obj", "iobj") and cue.lemma_.lower() in ("tell", "inform", "brief"):
            name = _proper_name(child)
            if name:
                return name
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "with"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                name = _proper_name(pobj) if child.lower_ == "to" else None
                if name:
                    return name
                if pobj.lemma_.lower() in ("interview", "statement", "comment", "remark", "post", "op-ed", "article"):
                    for prep in pobj.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "for"):
                            for obj in prep.children:
                                name = _proper_name(obj)
                                if name:
                                    return name
    return None


def _proper_name(tok: Token) -> str | None:
    """The name of an outlet or channel inside a noun phrase ("the Russian daily Izvestia")."""
    if tok.ent_type_ == "PERSON":
        return None
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    ents = [e for e in doc.ents if lo <= e.start and e.end <= hi and e.label_ in _MEDIUM_LABELS]
    if ents:
        return re.sub(r"^the\s+", "", ents[-1].text, flags=re.I)
    runs: list[list[Token]] = []
    for t in doc[lo:hi]:
        if t.pos_ == "PROPN" and t.ent_type_ not in ("NORP", "PERSON"):
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    return doc[runs[-1][0].i : runs[-1][-1].i + 1].text if runs else None


_MEDIUM_LABELS = ("ORG", "WORK_OF_ART", "PRODUCT", "FAC")


_WHEN_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"last (?:week|month|year|night)|earlier this (?:week|month|year)|this (?:week|month)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?|"
    r"in (?:19|20)\d\d)\b",
    re.I,
)


def _when(cue: Token) -> str | None:
    """Time words attached to the cue verb ("said on Thursday", "On Friday, … demanded")."""
    for child in cue.children:
        if child.dep_ in ("npadvmod", "prep", "obl", "advmod", "tmod", "nmod"):
            words = " ".join(t.text for t in child.subtree)
            m = _WHEN_WORDS.search(words)
            if m:
                return m.group(0)
    return None
