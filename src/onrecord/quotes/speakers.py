"""Resolve speaker mentions within one article: names, surnames, pronouns, role nouns, organisations.

There is no offline neural coreference for English on PyPI, so this is a small, explicit
resolver: a surname maps to the full name the article used, a pronoun or role noun ("he warned",
"the senior diplomat") to the person speaking just before it (or the person named earlier in the
same sentence), and failing that to the next person the article names (headlines and ledes name
a "senior diplomat" before they name him). A plural mention ("they", "officials") is no one
person, and an indefinite one ("a reporter", "one aide") someone new: both stay unnamed, with their
role, except a lede's indefinite role before anyone is named. What the article says of the people
it names narrows the choice: a "she" skips a "Mr.", and "the governor" skips a speaker named as a
senator for the last person named as a governor. "It" is the organisation that spoke just before.
"""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.quotes.mentions import Mention, is_indefinite, offices

_NOT_A_NAME_WORDS = """
    it its this that these those you your his her their which what some another other others many
    few both all each either neither one none someone something
"""
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())
"""Mentions that are pronouns or determiners: never a speaker's name, whatever they point to."""
_IT_REACH = 1500
"""How far back (characters between sentence starts) an organisation that spoke is still "it"."""


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    sentence_start: int
    subject: bool
    gender: str | None = None
    """"f" or "m" when the text marks it next to the name ("Mrs. Clinton", "spokeswoman Maria …")."""
    role: str | None = None
    """The title or role written with the name ("Ohio Gov.", "Deputy Foreign Minister")."""


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str | None
    kind: str
    role: str | None


class ArticleSpeakers:
    """Names seen in one article and how its pronouns and role nouns point back to them."""

    def __init__(self, persons: list[PersonMention]) -> None:
        self.persons = sorted(persons, key=lambda p: p.start)
        self._full: dict[str, str] = {}
        for p in self.persons:
            words = p.name.split()
            if len(words) >= 2:
                self._full.setdefault(words[-1].lower(), p.name)
        self._orgs: list[str] = []
        self._last_org: tuple[str, int] | None = None
        # A person's gender where the article marks it; a name marked both ways stays unknown.
        marked: dict[str, set[str]] = {}
        for p in self.persons:
            if p.gender in ("f", "m"):
                marked.setdefault(self.full_name(p.name), set()).add(p.gender)
        self._gender = {name: next(iter(g)) for name, g in marked.items() if len(g) == 1}
        # The offices each person is named with here ("Gov. Chris Christie" -> governor).
        self._offices: dict[str, set[str]] = {}
        for p in self.persons:
            if found := offices(p.role):
                self._offices.setdefault(self.full_name(p.name), set()).update(found)

    def full_name(self, name: str) -> str:
        words = name.split()
        if len(words) == 1:
            return self._full.get(words[0].lower(), name)
        full = self._full.get(words[-1].lower())
        # "Deputy Foreign Ministry Sergei Ryabkov": keep the person's own name words only; "de Vos"
        # and "Rodham Clinton" are the end of a full name ("Pierre de Vos").
        if full and (name.endswith(full) or full.endswith(" " + name)):
            return full
        return name

    def resolve(self, mention: Mention | None, sentence_start: int, last: Resolved | None) -> Resolved:
        if mention is None:
            return last if last is not None else Resolved(None, "unknown", None)
        if mention.kind == "name" and mention.name:
            return Resolved(self.full_name(mention.name), "person", mention.role)
        if mention.name and mention.name.lower() in self._full:
            # The entity tagger sometimes calls a bare surname an ORG or a place ("Zakharova said").
            return Resolved(self._full[mention.name.lower()], "person", None)
        if mention.kind == "country":
            return Resolved(mention.name, "country", None)
        if mention.kind == "organisation" and mention.name:
            self._last_org = (self._organisation(mention.name), sentence_start)
            return Resolved(self._last_org[0], "organisation", None)
        if mention.kind in ("pronoun", "role"):
            person = self._antecedent(mention, sentence_start, last)
            role = mention.role if mention.kind == "role" else None
            if person is not None:
                return Resolved(person, "person", role or (last.role if last and last.name == person else None))
            return Resolved(None, "unknown", role)
        word = (mention.name or "").lower()
        if word == "it" and self._last_org is not None and sentence_start - self._last_org[1] <= _IT_REACH:
            # "Twitter said … It added that …": "it" is the organisation that spoke just before.
            return Resolved(self._last_org[0], "organisation", None)
        if word in _NOT_A_NAME:
            return Resolved(None, "unknown", None)  # "it", "those", "you": no one to name
        return Resolved(mention.name, "unknown", None)

    def _organisation(self, name: str) -> str:
        for known in self._orgs:
            if known != name and known.endswith(" " + name):
                return known
        self._orgs.append(name)
        return name

    def _fits(self, name: str, gender: str | None) -> bool:
        """Whether a "she" (or "spokeswoman") may be this person: no gender marked against it."""
        return gender not in ("f", "m") or self._gender.get(self.full_name(name), gender) == gender

    def _antecedent(self, mention: Mention, sentence_start: int, last: Resolved | None) -> str | None:
        if mention.gender in ("p", "s"):
            return None  # a group ("they", "officials") or the quote's own "I": no one person
        gender = mention.gender
        before = [p for p in self.persons if p.end <= mention.start and self._fits(p.name, gender)]
        if mention.kind == "role" and is_indefinite(mention.text):
            # "a reporter", "one Clinton aide" introduce someone new, never the last speaker. Only a
            # lede's "a senior diplomat said", before anyone is named, is the person named next.
            return None if any(p.end <= mention.start for p in self.persons) else self._next(mention)
        if mention.kind == "role" and (wanted := offices(mention.role)):
            # "the governor" after a speaker the article names as something else (a candidate, a
            # senator) is the last person it names as a governor. A speaker named with no office
            # may still hold this one, so only a known, different office moves the role on.
            usual = last.name if last is not None and last.kind == "person" and last.name else None
            usual = usual or (self.full_name(before[-1].name) if before else None)
            known = self._offices.get(usual, set()) if usual else set()
            holders = [p for p in before if wanted & self._offices.get(self.full_name(p.name), set())]
            if known and not wanted & known and holders:
                return self.full_name(holders[-1].name)
        if mention.kind == "pronoun":
            same = [p for p in before if sentence_start <= p.start]
            if same:
                subjects = [p for p in same if p.subject]
                return self.full_name((subjects or same)[-1].name)
        if last is not None and last.kind == "person" and last.name and self._fits(last.name, gender):
            return last.name
        if before:
            return self.full_name(before[-1].name)
        return self._next(mention)

    def _next(self, mention: Mention) -> str | None:
        after = [p for p in self.persons if p.start >= mention.end and self._fits(p.name, mention.gender)]
        return self.full_name(after[0].name) if after else None
