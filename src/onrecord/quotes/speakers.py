"""Resolve speaker mentions within one article: names, surnames, pronouns, role nouns, organisations.

There is no offline neural coreference for English on PyPI, so this is a small, explicit
resolver: a surname maps to the full name the article used, a pronoun or role noun ("he warned",
"the senior diplomat") to the person speaking just before it (or the person named earlier in the
same sentence, or for a pronoun the subject the text has turned to since), and failing that
to the next person the article names (headlines and ledes name a "senior diplomat" before they
name him). A plural mention ("they", "officials") is no one
person, and an indefinite one ("a reporter", "one aide") someone new: both stay unnamed, with their
role, except a lede's indefinite role before anyone is named. What the article says of the people
it names narrows the choice: a "she" skips a "Mr.", and "the governor" skips a speaker named as a
senator for the last person named as a governor. A role is first the subject named in an earlier
sentence of its paragraph ("Christie accused Cruz … the governor said"). A role held for someone
("the spokesman", "his chief aide", "Lazar's counsel") is only a person named in that role, and a
headline's bare "analyst says" is someone new. "It" is the organisation that spoke just before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from onrecord.quotes.lexicon import GENERIC_DOCUMENTS
from onrecord.quotes.mentions import (
    SUBJECT,
    Mention,
    first_name_gender,
    generic_organisation,
    is_indefinite,
    offices,
    split_suffix,
)

_NOT_A_NAME_WORDS = """
    it its this that these those you your his her their which what some another other others many
    few both all each either neither one none someone something
"""
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())
"""Mentions that are pronouns or determiners: never a speaker's name, whatever they point to."""
_IT_REACH = 1500
"""How far back (characters between sentence starts) an organisation that spoke is still "it"."""
_LEDE_PARAGRAPHS = 3
"""The headline and the first paragraphs: where "a senior diplomat said" precedes the name."""
_AGENTS = frozenset({"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "representative"})
"""Roles of people who speak for someone else: "the spokesman" is whoever the article named as one."""
_OWNERS = "his|her|its|their|our|my|your"
_POSSESSOR = re.compile(rf"\s*(?:{_OWNERS})\s", re.I)
_DEFINITE = re.compile(rf"\s*(?:the|this|that|these|those|{_OWNERS})\s", re.I)
_OWNED = re.compile(r"\w['’]s?\s")
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
_QUALIFIER = re.compile(r"\s(?:of|on|for|at|in|to|from|with)\s")


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
    quoted: bool = False
    """Named inside quotation marks: someone the speaker talks about, not a speaker to point back to."""
    main: bool = False
    """The subject of its sentence's main clause ("Mr. Autor … is still persuaded"), not of a clause
    inside it ("Trump said Putin would …")."""
    heading: bool = False
    """Named in a title-case heading, where the entity tagger takes capitalised words for names."""


def surname(words: list[str]) -> str:
    """The last word of a name, or the one before a generational suffix ("Harry B. Harris Jr.")."""
    return split_suffix(words)[0][-1]


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str | None
    kind: str
    role: str | None


class ArticleSpeakers:
    """Names seen in one article and how its pronouns and role nouns point back to them."""

    def __init__(
        self,
        persons: list[PersonMention],
        paragraphs: list[int] | None = None,
        organisations: list[tuple[int, str, str]] | None = None,
    ) -> None:
        self.persons = sorted(persons, key=lambda p: p.start)
        # (offset, noun, name) of organisations named with a generic noun ("the Sanders campaign").
        self._named_orgs = sorted(organisations or [])
        self._paragraphs = sorted(paragraphs or [0])
        self._full: dict[str, str] = {}
        # A bare surname is the first full name with it, one from running text before one from a
        # title-case heading: the entity tagger makes "persons" of headings ("Top Clinton Aide …",
        # "Team Trump Says …"), and those must not take over every "Clinton" or "Trump" of the
        # article. Five words or more are no one's name ("Hillary Clinton Slams Donald Trump").
        full_names = [p for p in self.persons if 2 <= len(p.name.split()) <= 4]
        for p in sorted(full_names, key=lambda p: p.heading):
            self._full.setdefault(surname(p.name.split()).lower(), p.name)
        self._orgs: list[str] = []
        self._last_org: tuple[str, int] | None = None
        # A person's gender where the article marks it; a name marked both ways stays unknown.
        marked: dict[str, set[str]] = {}
        for p in self.persons:
            if p.gender in ("f", "m"):
                marked.setdefault(self.full_name(p.name), set()).add(p.gender)
        self._gender = {name: next(iter(g)) for name, g in marked.items() if len(g) == 1}
        # Where the text marks nothing, the first name's usual sex: "she said" after "Chris Christie
        # … Hillary Clinton" is Clinton.
        for p in self.persons:
            full = self.full_name(p.name)
            if full not in marked and (usual := first_name_gender(full)):
                self._gender.setdefault(full, usual)
        # The offices each person is named with here ("Gov. Chris Christie" -> governor).
        self._offices: dict[str, set[str]] = {}
        for p in self.persons:
            if found := offices(p.role):
                self._offices.setdefault(self.full_name(p.name), set()).update(found)

    def full_name(self, name: str) -> str:
        words = name.split()
        if len(words) == 1:
            return self._full.get(words[0].lower(), name)
        full = self._full.get(surname(words).lower())
        # "Deputy Foreign Ministry Sergei Ryabkov": keep the person's own name words only; "de Vos"
        # and "Rodham Clinton" are the end of a full name ("Pierre de Vos").
        # Case apart: "De Blasio" opening a sentence is "Bill de Blasio".
        if full and (name.lower().endswith(full.lower()) or full.lower().endswith(" " + name.lower())):
            return full
        return name

    def resolve(
        self, mention: Mention | None, sentence_start: int, last: Resolved | None, last_at: int | None = None
    ) -> Resolved:
        """Who a mention names; ``last`` is the last named speaker and ``last_at`` where its quote's
        sentence starts."""
        if mention is None:
            return last if last is not None else Resolved(None, "unknown", None)
        if mention.kind == "name" and mention.name:
            return Resolved(self.full_name(mention.name), "person", mention.role)
        if (noun := generic_organisation(mention.text)) and (named := self._named_org(noun, mention.start)):
            # "The Sanders campaign is filing … The campaign says": the one the article named.
            self._last_org = (named, sentence_start)
            return Resolved(named, "organisation", None)
        if mention.name and mention.name.lower() in self._full:
            # The entity tagger sometimes calls a bare surname an ORG or a place ("Zakharova said").
            return Resolved(self._full[mention.name.lower()], "person", None)
        if mention.kind == "country":
            return Resolved(mention.name, "country", None)
        if mention.kind == "organisation" and mention.name:
            self._last_org = (self._organisation(mention.name), sentence_start)
            return Resolved(self._last_org[0], "organisation", None)
        if mention.kind in ("pronoun", "role"):
            person = self._antecedent(mention, sentence_start, last, last_at)
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

    def _named_org(self, noun: str, before: int) -> str | None:
        names = [name for at, n, name in self._named_orgs if n == noun and at < before]
        if names or noun in GENERIC_DOCUMENTS:
            return names[-1] if names else None
        # Else the organisation this paragraph or the one before made its subject ("Twitter
        # suspended the account … The company said").
        here = self._paragraph(before)
        subjects = [
            name
            for at, n, name in self._named_orgs
            if n == SUBJECT
            and at < before
            and 0 <= here - self._paragraph(at) <= 1
            and name.lower() not in self._full  # a person the entity tagger took for one ("Trump")
        ]
        return subjects[-1] if subjects else None

    def _organisation(self, name: str) -> str:
        for known in self._orgs:
            if known != name and known.endswith(" " + name):
                return known
        self._orgs.append(name)
        return name

    def _fits(self, name: str, gender: str | None) -> bool:
        """Whether a "she" (or "spokeswoman") may be this person: no gender marked against it."""
        return gender not in ("f", "m") or self._gender.get(self.full_name(name), gender) == gender

    def _antecedent(
        self, mention: Mention, sentence_start: int, last: Resolved | None, last_at: int | None = None
    ) -> str | None:
        if mention.gender in ("p", "s"):
            return None  # a group ("they", "officials") or the quote's own "I": no one person
        gender = mention.gender
        # A person named only inside quotation marks is someone a speaker talks about: '"Obviously,
        # Bernie is highlighting those issues," she said' is not Bernie speaking.
        before = [p for p in self.persons if p.end <= mention.start and not p.quoted and self._fits(p.name, gender)]
        if mention.kind == "role" and (is_indefinite(mention.text) or _bare(mention.text)):
            # "a reporter", "one Clinton aide", a headline's "analyst says" introduce someone new, never
            # the last speaker. Only a lede's "a senior diplomat said", before anyone is named, is the
            # person named next (in a later sentence: the one named beside it is someone else).
            if any(p.end <= mention.start for p in self.persons) or not self._in_lede(mention.start):
                return None
            return self._next(mention, after_sentence=sentence_start)
        if mention.kind == "role" and (agent := _relational(mention)):
            # "the spokesman", "his chief aide", "the former vice president's spokeswoman", "my editor"
            # are someone's: a person the article named in that role, or no one it named.
            usual = _person(last)
            if usual and agent in self._held_by_last(last):
                return usual
            holders = [p for p in before if agent in self._offices.get(self.full_name(p.name), set())]
            return self.full_name(holders[-1].name) if holders else None
        if mention.kind == "role" and (wanted := offices(mention.role)):
            # "the governor" after a speaker the article names as something else (a candidate, a
            # senator) is the last person it names as a governor. A speaker named with no office
            # may still hold this one, so only a known, different office moves the role on.
            usual = _person(last) or (self.full_name(before[-1].name) if before else None)
            known = self._offices.get(usual, set()) if usual else set()
            holders = [p for p in before if wanted & self._offices.get(self.full_name(p.name), set())]
            if known and not wanted & known and holders:
                return self.full_name(holders[-1].name)
        if mention.kind == "role":
            # "Christie accused Cruz … 'He went for the easy vote,' the New Jersey governor said": the
            # subject of an earlier sentence of the same paragraph, when one is named, is the role's
            # person rather than a speaker from paragraphs before (not one whose office differs).
            wanted = offices(mention.role)
            here = [
                p
                for p in before
                if p.subject
                and self._paragraph(p.start) == self._paragraph(mention.start)
                and p.sentence_start < sentence_start
                and self._may_hold(p, wanted)
            ]
            if here:
                return self.full_name(here[-1].name)
            holds = _person(last) is not None and bool(wanted & self._held_by_last(last))
            if not holds and (topic := self._topic(before, mention, sentence_start, last_at, wanted)):
                return topic
        if mention.kind == "pronoun":
            same = [p for p in before if sentence_start <= p.start]
            if same:
                subjects = [p for p in same if p.subject]
                return self.full_name((subjects or same)[-1].name)
            if topic := self._topic(before, mention, sentence_start, last_at):
                return topic
        if (usual := _person(last)) and self._fits(usual, gender):
            return usual
        if before:
            # With no speaker yet, a role is the last person named as a subject ("Clinton doesn't …
            # In an interview with hosts Joe Scarborough and Mika Brzezinski, the candidate stated").
            subjects = [p for p in before if p.subject] if mention.kind == "role" else []
            return self.full_name((subjects or before)[-1].name)
        return self._next(mention)

    def _topic(
        self,
        before: list[PersonMention],
        mention: Mention,
        sentence_start: int,
        last_at: int | None,
        wanted: frozenset[str] = frozenset(),
    ) -> str | None:
        """ "Obama departs the UK for Germany today … But he leaves behind a furious backlash": a
        person this paragraph or the one before has made the subject of a main clause since the
        last speaker spoke is who "he" continues, not that speaker (for a role, one not named with
        another office)."""
        here = self._paragraph(mention.start)
        topic = [
            p
            for p in before
            if p.main
            and 0 <= here - self._paragraph(p.start) <= 1
            and p.sentence_start < sentence_start
            and (last_at is None or p.sentence_start > last_at)
            and self._may_hold(p, wanted)
        ]
        return self.full_name(topic[-1].name) if topic else None

    def _may_hold(self, person: PersonMention, wanted: frozenset[str]) -> bool:
        """Whether a person may hold one of the ``wanted`` offices: none wanted, or the article names
        them with no office or with one of these."""
        held = self._offices.get(self.full_name(person.name))
        return not (wanted and held and not wanted & held)

    def _held_by_last(self, last: Resolved | None) -> set[str]:
        """The offices the article, and the last speaker's own mention, give that speaker."""
        if last is None or last.name is None:
            return set()
        return self._offices.get(last.name, set()) | offices(last.role)

    def _paragraph(self, offset: int) -> int:
        return bisect_right(self._paragraphs, offset)

    def _in_lede(self, offset: int) -> bool:
        return self._paragraph(offset) <= _LEDE_PARAGRAPHS

    def _next(self, mention: Mention, after_sentence: int | None = None) -> str | None:
        after = [
            p
            for p in self.persons
            if p.start >= mention.end
            and self._fits(p.name, mention.gender)
            and (after_sentence is None or (p.sentence_start != after_sentence and not p.quoted))
        ]
        return self.full_name(after[0].name) if after else None


def _person(last: Resolved | None) -> str | None:
    """The last speaker's name when the last speaker is a named person."""
    return last.name if last is not None and last.kind == "person" else None


def _bare(text: str) -> bool:
    """A singular role written without a determiner or owner ("analyst says", "top aide implies"):
    headline style for someone unnamed, as "a" would be in the body. Not a relative "who", which
    stands for its noun."""
    if text.lower() in _RELATIVES:
        return False
    return not _DEFINITE.match(text) and not _OWNED.search(text) and text[:1].islower()


def _relational(mention: Mention) -> str | None:
    """The role noun of a role held for someone: a spokesman-like noun, or any role with an owner
    ("Lazar's public defense counsel", "his chief aide"); the noun before any "of …"."""
    if not mention.role:
        return None
    head = _QUALIFIER.split(" " + mention.role + " ", maxsplit=1)[0].split()
    noun = head[-1].strip(".,").lower() if head else ""
    # Only an owner of the role itself counts: "the head of the RNC's committee" is nobody's head.
    text = _QUALIFIER.split(mention.text + " ", maxsplit=1)[0]
    owned = text.lower() not in _RELATIVES and (_OWNED.search(text) is not None or _POSSESSOR.match(text) is not None)
    return noun if noun and (noun in _AGENTS or owned) else None
