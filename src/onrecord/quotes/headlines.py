"""Headline attributions ("…, Moscow Says", "Russia Threatens ‘Military Response’ to …").

Headlines are written in their own grammar (no articles, Title Case, inverted "says X") that a
parser trained on running text misreads, so they get patterns of their own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from onrecord.quotes.lexicon import METONYMS, ROLE_NOUNS
from onrecord.quotes.mentions import Mention, clean_name, organisation_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from onrecord.quotes.candidates import Candidate
    from onrecord.quotes.quotemarks import Quoted

_VERBS = r"says|said|warns|warned|claims|insists|tells|told|threatens|urges|vows|admits|denies|stresses"
_CLAUSE_VERBS = {
    "says",
    "said",
    "warns",
    "warned",
    "claims",
    "insists",
    "tells",
    "told",
    "admits",
    "denies",
    "stresses",
}
_INVERTED_AFTER = re.compile(r"^(?P<content>.{8,}?),\s+(?P<verb>" + _VERBS + r")\s+(?P<speaker>[^,]{2,80})$", re.I)
_INVERTED_BEFORE = re.compile(r"^(?P<content>.{8,}?),\s+(?P<speaker>[^,]{2,60}?)\s+(?P<verb>" + _VERBS + r")$", re.I)
_FRONTED = re.compile(
    r"^(?P<speaker>(?:[\w’'.-]+\s){0,5}?[\w’'.-]+)\s+(?P<verb>" + _VERBS + r")\s+(?P<content>.{8,})$", re.I
)


def match(text: str, offset: int, quoted: Sequence[Quoted]) -> Candidate | None:
    """An attribution in a headline-like paragraph, or None."""
    from onrecord.quotes.candidates import Candidate

    stripped = text.rstrip(" .")
    for pattern in (_INVERTED_AFTER, _INVERTED_BEFORE, _FRONTED):
        m = pattern.match(stripped)
        if not m:
            continue
        speaker = m.group("speaker").strip()
        mention = mention_from_text(speaker, offset + m.start("speaker"))
        if mention is None:
            continue
        verb = m.group("verb")
        cs, ce = m.span("content")
        fragments = [q for q in quoted if cs <= q.open and q.close < ce]
        if pattern is _FRONTED and fragments:
            content = [(offset + q.open + 1, offset + q.close) for q in fragments]
            kind = "mixed"
        elif pattern is _FRONTED and verb.lower() not in _CLAUSE_VERBS:
            continue
        else:
            content = [(offset + cs, offset + ce)]
            kind = "mixed" if fragments else "indirect"
        return Candidate(
            kind=kind,
            content=content,
            cue=(offset + m.start("verb"), offset + m.end("verb")),
            cue_lemma=_lemma(verb),
            mention=mention,
            stage="rules:headline",
        )
    return None


def mention_from_text(speaker: str, start: int) -> Mention | None:
    """Classify a speaker phrase written out in a headline."""
    words = speaker.split()
    if not words or len(words) > 7:
        return None
    low = speaker.lower()
    end = start + len(speaker)
    if low in METONYMS or low.removeprefix("the ") in METONYMS:
        return Mention(start, end, speaker, "country", name=METONYMS.get(low) or METONYMS[low.removeprefix("the ")])
    last = words[-1].lower().strip(".,")
    if last.rstrip("s") in ROLE_NOUNS or last in ROLE_NOUNS:
        return Mention(start, end, speaker, "role", role=clean_name(speaker))
    if last in ("ministry", "kremlin", "government", "office", "department"):
        return Mention(start, end, speaker, "organisation", name=organisation_name(speaker))
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) == len(words):
        # "Deputy Foreign Minister Ryabkov": the title words go to the role.
        titled = [w for w in words[:-1] if w.lower() in ROLE_NOUNS or w.lower() in ("deputy", "foreign", "senior")]
        name_words = words[len(titled) :] if titled and len(titled) < len(words) else words
        role = " ".join(words[: len(words) - len(name_words)]) or None
        return Mention(start, end, speaker, "name", name=clean_name(" ".join(name_words)), role=role)
    return None


def _lemma(verb: str) -> str:
    low = verb.lower()
    irregular = {"says": "say", "said": "say", "tells": "tell", "told": "tell", "denies": "deny"}
    if low in irregular:
        return irregular[low]
    if low.endswith("ed"):
        return low[:-2]
    return low[:-1] if low.endswith("s") else low
