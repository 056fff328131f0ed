"""Combining the rules' quote candidates with the attribution model's, paragraph by paragraph.

The model (trained on PolNeAR) finds far more reported speech than the rules; the rules are the
better judge of quotation marks and of what counts as a statement outside US political news.
``CandidateMerge`` keeps the model's spans and the rules' checks; see its docstring for why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from onrecord.quotes.candidates import Candidate, reports_a_mind
from onrecord.quotes.lexicon import NEGATIONS
from onrecord.quotes.mentions import mention_of
from onrecord.quotes.parsed import text_of, token_range

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Merge = Callable[[list[Candidate], list[Candidate], "Doc", int], list[Candidate]]
"""How one paragraph's rule and model candidates become its quotes: ``merge(rules, model, doc, offset)``.

``doc`` is the parsed paragraph and ``offset`` its start in the article (candidates hold article
offsets). Any callable of this shape can be given to ``QuoteExtractor(merge=...)``."""

# Parts of speech whose tag marks a finite verb: a content holding one is a clause.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Parts of speech that carry substance: content of only pronouns and particles ("its") is noise.
_SUBSTANCE = frozenset({"NOUN", "PROPN", "VERB", "AUX", "ADJ", "NUM", "ADV"})
# Heads of cue spans that deny or withhold the statement ("refused to guarantee that …").
_REFUSALS = frozenset({"refuse", "decline", "fail"})


def replace_with_model(rules: list[Candidate], model: list[Candidate], doc: Doc, offset: int) -> list[Candidate]:
    """The model's candidates alone: the rules were only its evidence (the behaviour before merging)."""
    return model


def rules_only(rules: list[Candidate], model: list[Candidate], doc: Doc, offset: int) -> list[Candidate]:
    """The rules' candidates alone (the model is run but ignored; for comparisons)."""
    return rules


@dataclass(frozen=True, slots=True)
class CandidateMerge:
    """Rule and model candidates of one paragraph combined: the model's spans, the rules' checks.

    Why: the tagger is trained on PolNeAR (US politics news), whose notion of attribution is liberal
    (stances such as "backed Cruz" or "criticized the plan", questions and denials are attributions)
    and whose content spans run long (the "that", trailing relative clauses). Replacing the rules
    with it wins on PolNeAR but costs the rules' strengths on other news: quotation marks, and
    quoting only what was said. So, per paragraph:

    1. A model candidate that overlaps a rule candidate is the same quote seen twice: the model's
       span, cue and source are kept (they follow PolNeAR's conventions, and on its train holdout they
       are as good or better than the rules' almost every time), except:
       - where the rules found a direct quote and the model did not: quotation marks are the rules'
         strength, so the rules' direct quote stands and the model's mixed/indirect reading goes;
       - where the model's indirect content is the rules' plus a trailing relative clause on a noun
         of it ("… the principle of X, which says …", "… the proposals that are: …"): that gloss is
         usually the reporter's, so the content ends where the rules end it;
       - where the model labelled no source (or cue) and the overlapping rule candidates agree on
         one, theirs fills it in;
       - where the content is unquoted under a cue of belief, fear, hope … (``reports_a_mind``):
         it is a position, as the rules' own reading of it is.
    2. A model candidate that overlaps no rule candidate is new. With no cue in its paragraph it
       continues the previous quote when its words are quoted; unquoted, they are the reporter's
       and go. Otherwise, without a source, it takes its cue's grammatical subject from the parse
       (``_source_from_parse``; also where the rules named no speaker either).
       It is a statement (a quote) when
       it reports something said: quoted words, or a clause under a cue that is neither negated nor
       refused nor a state of mind. Otherwise it is a *position* (``Candidate.statement`` False): a
       stance toward something (a noun phrase: "backed Cruz", "blamed NATO expansion for …"), a
       question ("asked whether …"), a denial ("did not say", "refused to guarantee that …") or what
       someone believes, fears or hopes in the reporter's words ("the diplomat believes there are
       no prospects …"). Positions are kept, apart from quotes, because they are on the record too
       (PolNeAR counts them) but are not anyone's words. With ``positions=False`` they are
       dropped. Content with no word of substance (a lone "its") is dropped either way.
    3. A rule candidate that overlaps no kept candidate comes back when it is direct or indirect
       (headline quotes, say, which the model can miss); the rules' lone mixed fragments do not.

    Measured on the seeds and on PolNeAR's train holdout (never dev): README, "Quality on PolNeAR".
    """

    positions: bool = True

    def __call__(self, rules: list[Candidate], model: list[Candidate], doc: Doc, offset: int) -> list[Candidate]:
        out: list[Candidate] = []
        claimed: set[int] = set()
        for cand in model:
            hits = [i for i, r in enumerate(rules) if _overlaps(cand, r)]
            if hits:
                same = [rules[i] for i in hits]
                if cand.kind != "direct" and any(r.kind == "direct" for r in same):
                    continue  # the rules' direct quote stands (added back below)
                claimed.update(hits)
                if len(same) == 1 and cand.kind == same[0].kind == "indirect":
                    cand = _cut_relative_tail(doc, offset, cand, same[0])
                cand = _source_from_parse(_fill_from_rules(cand, same), doc, offset)
                if reports_a_mind(cand):
                    if self.positions:
                        out.append(replace(cand, statement=False))
                    continue
                out.append(cand)
            elif cand.continuation:
                # No cue in the paragraph: quoted words go on from the previous quote, as
                # reporters continue a speech; unquoted words with no cue are the reporter's own.
                if cand.kind != "indirect":
                    out.append(cand)
            else:
                cand = _source_from_parse(cand, doc, offset)
                verdict = classify(cand, doc, offset)
                if verdict == "statement":
                    out.append(cand)
                elif verdict == "position" and self.positions:
                    out.append(replace(cand, statement=False))
        for i, r in enumerate(rules):
            if i in claimed or r.kind == "mixed" or any(_overlaps(r, o) for o in out):
                continue
            if not r.statement and not self.positions:
                continue
            out.append(r)
        out.sort(key=lambda c: c.start)
        return out


def _fill_from_rules(cand: Candidate, rules: list[Candidate]) -> Candidate:
    """The model's candidate with the source (and cue) the overlapping rule candidates agree on,
    where the model left it out: the rules read the speaker off the parse ("…,” the minister
    said) even where the model labelled no source."""
    if cand.mention is None:
        found = {(r.mention.start, r.mention.end): r.mention for r in rules if r.mention is not None}
        if len(found) == 1:
            cand = replace(cand, mention=next(iter(found.values())))
    if cand.cue is None and not cand.continuation:
        cues = {(r.cue, r.cue_lemma) for r in rules if r.cue is not None}
        if len(cues) == 1:
            cue, lemma = next(iter(cues))
            cand = replace(cand, cue=cue, cue_lemma=lemma)
    return cand


def _source_from_parse(cand: Candidate, doc: Doc, offset: int) -> Candidate:
    """A model candidate without a source takes its cue's grammatical subject, as the rules would:
    "…, the ministry warned" with no source labelled. A cue with no subject of its own borrows the
    one of the clause it hangs on ("spoke for an hour, accusing …", "campaigned and praised …"),
    except a "when asked" participle, whose subject is asked; a participle on a noun ("ledgers
    showing that …") has that noun as its source. Chosen on the train holdouts (README)."""
    if cand.mention is not None or cand.cue is None:
        return cand
    cue = _tokens_in(doc, offset, [cand.cue])
    if not cue:
        return cand
    head = _root(cue)
    inside = {(s - offset, e - offset) for s, e in cand.content}

    def outside(tok: Token) -> bool:
        return not any(s <= tok.idx < e for s, e in inside)

    for _ in range(4):  # as far up as the rules' own subject search goes
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and outside(child):
                return replace(cand, mention=mention_of(child, offset))
        if head.dep_ == "acl" and head.tag_ == "VBG" and head.head.pos_ in ("NOUN", "PROPN"):
            noun = head.head
            return replace(cand, mention=mention_of(noun, offset)) if outside(noun) else cand
        if head.dep_ not in ("advcl", "xcomp", "conj") or (head.dep_ == "advcl" and head.tag_ == "VBN"):
            return cand
        head = head.head
    return cand


def classify(cand: Candidate, doc: Doc, offset: int) -> str:
    """``statement``, ``position`` or ``noise`` for a candidate only the model found (see CandidateMerge)."""
    words = [t for t in _tokens_in(doc, offset, cand.content) if not t.is_punct and not t.is_space]
    if not any(t.pos_ in _SUBSTANCE for t in words):
        return "noise"
    cue = _tokens_in(doc, offset, [cand.cue]) if cand.cue else []
    if any(_denies(t) for t in cue) or words[0].lower_ in ("whether", "if") or reports_a_mind(cand):
        return "position"
    if cand.kind != "indirect":
        return "statement"  # quoted words: the speaker's own
    return "statement" if _is_clause(words) else "position"


def _is_clause(words: list[Token]) -> bool:
    """Whether the content states something: its root is a verb, or a finite verb heads it that is
    not inside a relative or adjectival clause on a noun ("its proposals that were outlined …").
    A finite verb that hangs off a word outside the content is another clause the span runs into
    ("linked X to Y and what he described as Z": ``described`` is a conjunct of the cue)."""
    root = _root(words)
    if root.pos_ in ("VERB", "AUX"):
        return True
    inside = {t.i for t in words}
    for t in words:
        if t.tag_ not in _FINITE_TAGS or t.head.i not in inside:
            continue
        chain = [t, *(a for a in t.ancestors if a.i in inside)]
        if not any(a.dep_ in ("relcl", "acl") for a in chain):
            return True
    return False


merge_candidates = CandidateMerge()
"""The default merge: see ``CandidateMerge``."""
MERGES: dict[str, Merge] = {
    "merge": merge_candidates,
    "strict": CandidateMerge(positions=False),
    "model": replace_with_model,
    "rules": rules_only,
}
"""Merges by name, for settings and scripts."""


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return any(s < e2 and s2 < e for s, e in a.content for s2, e2 in b.content)


def _denies(tok: Token) -> bool:
    """A cue word that negates or withholds ("not", "refused", "did n't say")."""
    return tok.lower_ in NEGATIONS or tok.lemma_.lower() in _REFUSALS or any(c.dep_ == "neg" for c in tok.children)


def _tokens_in(doc: Doc, offset: int, spans: list[tuple[int, int]]) -> list[Token]:
    """The tokens that start inside any of the spans (article offsets), in text order."""
    inside = {i for s, e in spans for i in token_range(doc, s - offset, e - offset)}
    return [doc[i] for i in sorted(inside)]


def _root(tokens: list[Token]) -> Token:
    """The token nearest the top of the parse (the first, on a tie)."""
    return min(tokens, key=lambda t: (sum(1 for _ in t.ancestors), t.i))


def _cut_relative_tail(doc: Doc, offset: int, model: Candidate, rule: Candidate) -> Candidate:
    """The model's one-span content cut to the rule's end when all it adds is a relative clause on a
    noun inside the rule's content (a leading "that" the rules leave out may stay)."""
    if len(model.content) != 1 or len(rule.content) != 1:
        return model
    (ms, me), (rs, re_) = model.content[0], rule.content[0]
    if me <= re_ or ms > rs:
        return model
    lead = _tokens_in(doc, offset, [(ms, rs)])
    if any(not t.is_space and t.lower_ != "that" for t in lead):
        return model
    tail = [t for t in _tokens_in(doc, offset, [(re_, me)]) if not t.is_punct and not t.is_space]
    if not tail:
        return model

    def in_gloss(t: Token) -> bool:
        return any(a.dep_ == "relcl" and rs <= offset + a.head.idx < re_ for a in [t, *t.ancestors])

    if not all(in_gloss(t) for t in tail):
        return model
    end = re_
    while end > ms and text_of(doc)[end - 1 - offset] in " ,;:":
        end -= 1
    return replace(model, content=[(ms, end)])
