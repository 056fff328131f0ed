"""What a speaker mention is: a name, a pronoun, a role noun, an organisation or a country.

Built from the subject of a cue in the dependency parse; offsets are article offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from onrecord.quotes.lexicon import (
    COUNTRY_ADJECTIVES,
    FEMALE_ROLES,
    GENERATIONAL_SUFFIXES,
    GENERIC_COMPANIES,
    GENERIC_DOCUMENTS,
    GENERIC_ORGANISATIONS,
    MALE_ROLES,
    METONYMS,
    ORG_HEADS,
    PERSONAL_PRONOUNS,
    PLATFORMS,
    ROLE_NOUNS,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MentionKind = Literal["name", "pronoun", "role", "organisation", "country", "other"]
_TRIM = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<rest>.+)$")
_PUNCT = " ,;:.-–—\"'“”‘’«»()"


@dataclass(frozen=True, slots=True)
class Mention:
    """One way the text names a speaker, with its span in the article."""

    start: int
    end: int
    text: str
    kind: MentionKind
    name: str | None = None
    """The name as written for names, organisations and countries (normalised); None otherwise."""
    role: str | None = None
    gender: str | None = None


def clean_name(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip(_PUNCT)).strip(_PUNCT)
    return re.sub(r"\s+", " ", text)


def organisation_name(text: str) -> str:
    """ "Russia’s Foreign Ministry" and "the Russian Foreign Ministry" -> "Russian Foreign Ministry"."""
    text = _TRIM.sub("", clean_name(text))
    m = _POSSESSIVE.match(text)
    if m and m.group("owner").lower() in COUNTRY_ADJECTIVES:
        text = f"{COUNTRY_ADJECTIVES[m.group('owner').lower()]} {m.group('rest')}"
    return text[:1].upper() + text[1:]


def country_name(text: str) -> str | None:
    key = clean_name(text).lower()
    return METONYMS.get(key) or METONYMS.get(_TRIM.sub("", key))


def entity_label(label: str, text: str) -> str:
    """The entity tagger's label, except a platform it took for a person ("Twitter said it …")."""
    return "ORG" if label == "PERSON" and text.lower() in PLATFORMS else label


def _entity_of(tok: Token) -> tuple[int, int, str] | None:
    if tok.ent_type_:
        doc = tok.doc
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.start, ent.end, entity_label(ent.label_, ent.text)
    return None


def mention_of(tok: Token, offset: int) -> Mention:
    """The mention whose head is ``tok`` (a cue's subject or an "according to" object)."""
    doc: Doc = tok.doc
    low = tok.lower_
    antecedent = tok.head.head
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl" and antecedent.tag_ not in ("WP", "WDT"):
        # "Sanders, who said …": the mention is the relative pronoun (as annotators mark it), the
        # speaker the noun its clause hangs on, so no one is recorded as saying "who".
        found = mention_of(antecedent, offset)
        return replace(found, start=offset + tok.idx, end=offset + tok.idx + len(tok), text=tok.text)
    if low in PERSONAL_PRONOUNS:
        return Mention(
            offset + tok.idx, offset + tok.idx + len(tok), tok.text, "pronoun", gender=PERSONAL_PRONOUNS[low]
        )
    left, right = _np_bounds(tok)
    span = doc[left:right]
    start, end = offset + span.start_char, offset + span.end_char
    text = span.text
    ent = _entity_of(tok)
    head_lemma = tok.lemma_.lower()
    country = country_name(text)
    if country and (ent is None or ent[2] in ("GPE", "NORP", "LOC", "ORG", "FAC")) and len(span) <= 3:
        return Mention(start, end, text, "country", name=country)
    if ent is not None and ent[2] == "PERSON":
        name_span = doc[ent[0] : ent[1]]
        role = role_words(doc, left, ent[0])
        gender = gender_before(doc, left, ent[0])
        return Mention(start, end, text, "name", name=clean_name(name_span.text), role=role, gender=gender)
    if ent is None and tok.pos_ == "NOUN" and (named := _named_apposition(tok)) is not None:
        # "the economist Jared Bernstein", "a former congressman, Mark Siljander,": the parse makes
        # the name an apposition of the role noun; the speaker is the person named, the noun their role.
        right = max(right, named[1])
        end = offset + doc[right - 1].idx + len(doc[right - 1])
        role = _TRIM.sub("", clean_name(doc[left : named[0]].text)) or None
        name = clean_name(doc[named[0] : named[1]].text)
        return Mention(start, end, doc[left:right].text, "name", name=name, role=role)
    if ent is None and tok.dep_ == "appos" and (owner := _entity_of(tok.head)) is not None and owner[2] == "PERSON":
        # "Deborah Tamargo, the chairwoman of …" when only the apposition was taken for the speaker.
        name = clean_name(doc[owner[0] : owner[1]].text)
        return Mention(start, end, text, "name", name=name, role=_TRIM.sub("", clean_name(text)) or None)
    if head_lemma in ORG_HEADS or (ent is not None and ent[2] in ("ORG", "NORP")):
        return Mention(start, end, text, "organisation", name=organisation_name(text))
    if ent is not None and ent[2] == "GPE":
        return Mention(start, end, text, "country", name=clean_name(doc[ent[0] : ent[1]].text))
    if tok.pos_ == "PROPN":
        # A name the entity recogniser missed: the run of proper nouns ending at the head.
        first = tok.i
        while first > left and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound":
            first -= 1
        role = role_words(doc, left, first)
        return Mention(start, end, text, "name", name=clean_name(doc[first : tok.i + 1].text), role=role)
    if head_lemma in ROLE_NOUNS:
        # A plural role ("officials", "Mrs. Clinton's aides") is a group, marked as "they" is.
        plural = tok.tag_ in ("NNS", "NNPS")
        gender = "p" if plural else "f" if head_lemma in FEMALE_ROLES else "m" if head_lemma in MALE_ROLES else None
        return Mention(start, end, text, "role", role=_TRIM.sub("", clean_name(text)), gender=gender)
    return Mention(start, end, text, "other", name=_TRIM.sub("", clean_name(text)) or None)


def _named_apposition(tok: Token) -> tuple[int, int] | None:
    """The token bounds of a person's name in apposition to a noun, when the apposition opens with
    it. The parse often hangs the name on the organisation that ends the role ("the director of
    the European Centre, Ina Kirsch"); an organisation or place is no person, so the name is the
    role's."""
    for child in tok.subtree:
        if child.dep_ != "appos" or child.ent_type_ != "PERSON" or child.i < tok.i:
            continue
        owner = child.head
        if owner != tok and (owner.ent_type_ not in ("ORG", "GPE", "NORP", "FAC") or owner.head.dep_ != "prep"):
            continue
        ent = _entity_of(child)
        if ent is not None and ent[0] == child.left_edge.i:
            return ent[0], ent[1]
    return None


def _np_bounds(tok: Token) -> tuple[int, int]:
    """The noun phrase headed by ``tok``, without trailing relative clauses after a comma."""
    left = tok.left_edge.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("compound", "flat", "appos", "prep", "nmod") or child.pos_ == "PROPN":
            if child.dep_ == "appos" and any(t.dep_ == "punct" for t in tok.doc[tok.i : child.i]):
                # "Ryabkov, the deputy minister," keeps the apposition.
                right = max(right, child.right_edge.i + 1)
            elif child.dep_ != "appos":
                right = max(right, child.right_edge.i + 1)
    while left < tok.i and tok.doc[left].is_punct:
        left += 1
    return left, right


_FEMALE_TITLES = frozenset({"mrs.", "ms.", "mrs", "ms", "miss"})
_MALE_TITLES = frozenset({"mr.", "mr", "mister"})
_HONORIFICS = _FEMALE_TITLES | _MALE_TITLES | {"messrs."}
_INDEFINITE = re.compile(r"\s*(?:a|an|one|another|some|several|many|few|most)\s", re.I)
_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "adm": "admiral",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
}


def offices(role: str | None) -> frozenset[str]:
    """The role nouns a role names, abbreviations spelled out: "New Jersey Gov." -> {"governor"}."""
    if not role:
        return frozenset()
    words = (w.strip(".,").lower() for w in role.split())
    return frozenset(o for w in words if (o := _ABBREVIATIONS.get(w, w)) in ROLE_NOUNS)


_PERSON_TITLES = frozenset(t.rstrip(".") for t in _HONORIFICS) | frozenset(_ABBREVIATIONS)
"""Forms of address and abbreviated titles ("Mr", "Gov"): written before a name, never a name's word."""
TITLES = _PERSON_TITLES | frozenset({"dr", "prof", "ag", "rev", "sir", "dame"}) | ROLE_NOUNS
"""Words written before a name that are no part of it ("Mr Farage", "Gov. Fallin", "Senator Warren")."""


def split_suffix(words: list[str]) -> tuple[list[str], str]:
    """A name's words without a generational suffix, and the suffix: ["Joseph", "R.", "Biden",
    "Jr."] -> (["Joseph", "R.", "Biden"], "jr"). "Donald Jr" keeps it, or no surname would be left."""
    if len(words) > 2 and (last := words[-1].strip(".,").lower()) in GENERATIONAL_SUFFIXES:
        return words[:-1], last
    return words, ""


_FEMININE = _FEMALE_TITLES | FEMALE_ROLES
_MASCULINE = _MALE_TITLES | MALE_ROLES


def is_indefinite(text: str) -> bool:
    """A noun phrase that introduces someone new ("a reporter", "one aide", "some officials")."""
    return _INDEFINITE.match(text) is not None


FIRST_NAMES = Path(__file__).parent / "data" / "first_names.tsv"
"""First names and the sex most people born with them had, from US Social Security birth records
(public domain; built by scripts/build_first_names.py). Names given to both sexes are not in it."""


@cache
def _first_names() -> dict[str, str]:
    with FIRST_NAMES.open(encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t") for line in f if not line.startswith("#"))


def first_name_gender(name: str) -> str | None:
    """ "f" or "m" for a full name whose first name nearly always goes with one sex ("Hillary
    Clinton" -> "f"); None for a bare surname, an initial or a name given to both ("Chris")."""
    words = [w for w in name.split() if w.lower() not in _HONORIFICS]
    if len(words) < 2 or len(first := words[0].strip(".,").lower()) < 2:
        return None
    return _first_names().get(first)


_NAMING = frozenset({"PERSON", "ORG", "NORP", "GPE"})
"""Entity types that name someone or something, as a proper name may."""
_NOT_PEOPLE = _NAMING | {"LOC", "FAC"}


def _name_opens(span: Span, words: frozenset[str]) -> int:
    """Where a person's name opens in the entity tagger's span: after capitalised English ``words``
    that the tagger reads as no proper noun and that are no first name ("Top Clinton", "Billionaire
    Donald Trump"; not "Barack Obama" or "Will Doyle", whatever the tags of "Barack" and "Will")."""
    i = 0
    while (
        i < len(span) - 1
        and span[i].pos_ not in ("PROPN", "PUNCT")
        and span[i].text[:1].isupper()
        and span[i].lemma_.lower() in words
        and span[i].lower_ not in _first_names()
    ):
        i += 1
    # Only a proper noun left to stand as the name ("He's" stays what it was).
    return i if any(t.pos_ == "PROPN" for t in span[i:]) else 0


def english_words(nlp: Language) -> frozenset[str]:
    """The English words the spaCy pipeline's lemmatizer knows (WordNet's lemma index), lower case;
    empty without one."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w.lower() for words in index.values() for w in words)


def person_names(sent: Span, words: frozenset[str] = frozenset()) -> list[Span]:
    """The people a sentence names: the entity tagger's persons (without the English ``words`` it put
    before a name), and the names it missed or took for something else ("Ivanka Trump strode across
    the stage", tagged as a product): two or three proper nouns in a row, after any title, that open
    with a first name of known sex and that the tagger did not call an organisation or a place."""
    names = [e[_name_opens(e, words) :] for e in sent.ents if entity_label(e.label_, e.text) == "PERSON"]
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        end = i
        while end < sent.end and doc[end].pos_ == "PROPN":
            end += 1
        first = i
        while first < end and doc[first].lower_.rstrip(".") in TITLES:
            first += 1
        if (
            2 <= end - first <= 3
            and doc[first].lower_ in _first_names()
            and doc[first].text.istitle()
            and doc[end - 1].text.istitle()
            # "Dodd-Frank Act", "Special Operations": a word of a longer name or a plural is no surname.
            and doc[end - 1].tag_ != "NNPS"
            and (first == 0 or doc[first - 1].text not in "-–")
            and not any(t.ent_type_ in _NOT_PEOPLE for t in doc[first:end])
        ):
            names.append(doc[first:end])
        i = end
    return sorted(names, key=lambda s: s.start)


def gender_before(doc: Doc, start: int, end: int) -> str | None:
    """ "f" or "m" when the words before a name say so ("Mrs.", "Mr.", "spokeswoman"), else None."""
    words = {t.lower_ for t in doc[start:end]} | {t.lemma_.lower() for t in doc[start:end]}
    female, male = bool(words & _FEMININE), bool(words & _MASCULINE)
    return "f" if female and not male else "m" if male and not female else None


def role_words(doc: Doc, start: int, end: int) -> str | None:
    """The title or role written before a name ("Deputy Foreign Minister", "New Jersey Gov.")."""
    # An honorific ("Mr.", "Mrs.") is a form of address, not a role; "both" in "both Mrs. Clinton
    # and …" is neither.
    words = [
        t.text
        for t in doc[start:end]
        if t.dep_ not in ("det", "punct", "case", "preconj") and not t.is_punct and t.lower_ not in _HONORIFICS
    ]
    role = " ".join(words).strip()
    return role or None


_NOT_NAMES = frozenset({"DATE", "TIME", "ORDINAL", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
_DEFINITE_GENERIC = re.compile(r"^(?:[Tt]he|[Tt]his)\s+(?:[a-z-]+\s+){0,2}([A-Za-z]+)$")
"""A definite noun with at most two lower-case words before it: "the news outlet", not "the Clinton
campaign", which names its own."""
_GENERIC = GENERIC_ORGANISATIONS | GENERIC_COMPANIES | GENERIC_DOCUMENTS
SUBJECT = "*"
"""The noun of an organisation ``named_organisations`` found as the subject of a main clause."""


def generic_organisation(text: str) -> str | None:
    """The noun of a definite organisation noun without a name ("the campaign" -> "campaign", "the
    news outlet" -> "outlet"), else None."""
    m = _DEFINITE_GENERIC.match(text.strip())
    noun = m.group(1).lower() if m else None
    return noun if noun in _GENERIC else None


def named_organisations(doc: Doc, offset: int) -> list[tuple[int, str, str]]:
    """Organisations named with a generic noun in one paragraph, as (article offset, noun, name):
    "the Sanders campaign" -> "Sanders campaign", "Mrs. Clinton's campaign" -> "Clinton campaign",
    "the Supreme Court" -> "Supreme Court"; and organisations that are the subject of a main clause
    ("Twitter said …"), with the noun ``SUBJECT``. A later "the campaign", "the company" points back
    to them."""
    found = []
    for ent in doc.ents:
        main = ent.root.dep_ in ("nsubj", "nsubjpass") and ent.root.head.i == ent.sent.root.i
        if (
            main
            and entity_label(ent.label_, ent.text) == "ORG"
            and ent.root.lemma_.lower() not in GENERIC_ORGANISATIONS
        ):
            found.append((offset + ent.start_char, SUBJECT, organisation_name(ent.text)))
    for tok in doc:
        noun = tok.lemma_.lower()
        if (noun not in GENERIC_ORGANISATIONS and noun not in GENERIC_DOCUMENTS) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        modifiers = [c for c in tok.lefts if c.dep_ not in ("det", "predet", "punct", "cc")]
        if not modifiers:
            continue
        words = doc[min(c.left_edge.i for c in modifiers) : tok.i]
        if any(t.ent_type_ in _NOT_NAMES for t in words):
            continue  # "Monday's poll", "the 2016 campaign"
        named = [t.i for t in words if t.pos_ == "PROPN" or t.ent_type_ in _NAMING]
        # Proper names before the noun, after any lower-case words ("a new Rasmussen Reports poll"):
        # "the Sanders campaign", not "the presidential campaign".
        words = doc[named[0] : tok.i] if named else words
        if not named or any(
            t.pos_ != "PROPN" and t.ent_type_ not in _NAMING and t.dep_ not in ("case", "det") for t in words
        ):
            continue
        kept = [
            COUNTRY_ADJECTIVES.get(t.lower_, t.text)  # "China's foreign ministry" -> "Chinese foreign ministry"
            for t in words
            if t.dep_ not in ("case", "det") and t.lower_.rstrip(".") not in _PERSON_TITLES
        ]
        # "the Illinois Board of Elections" keeps its "of" phrase when that is a name too.
        of = [
            c
            for c in tok.rights
            if c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in c.children)
        ]
        tail = doc[of[0].i : of[0].right_edge.i + 1].text if of else ""
        if kept:
            found.append((offset + words[0].idx, noun, clean_name(" ".join([*kept, tok.text, tail]))))
    return found
