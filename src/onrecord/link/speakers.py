"""One speaker per person or organisation across articles.

People: names are grouped by a transliteration key of the surname (Sergey/Sergei,
Zelensky/Zelenskyy), without the titles written before a name ("Gov. Fallin") or a generational
suffix after it ("Harry B. Harris Jr."); full names in a group merge only when their first names
agree too, so two people who share a surname stay apart. A short first name agrees with its formal
one written with a middle name ("Joe Biden", "Joseph R. Biden"), an initial with the one first name
it opens ("B. Hussein Obama"), and a suffix only with itself ("Donald Trump Jr." is not "Donald
Trump"). Two people with the same full name stay apart when the
roles they are given name different countries ("British MP John Smith", "US Senator John
Smith"): each gets its own entity, "John Smith (British)". A surname-only mention joins a full
name only when exactly one person with that surname is known. The canonical spelling is the most
frequent full form.

Organisations: "Russia's Foreign Ministry", "the Russian Foreign Ministry" and "the Ministry of
Foreign Affairs of the Russian Federation" share a key (country, body); "the Foreign Ministry" with
no country joins the one country's ministry when exactly one is known. Places: Kiev/Kyiv and the
other common transliteration pairs are one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from onrecord.quotes.mentions import TITLES, split_suffix

COUNTRIES: dict[str, str] = {
    "russia": "Russian",
    "russian federation": "Russian",
    "ukraine": "Ukrainian",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "united states": "US",
    "america": "US",
    "american": "US",
    "uk": "British",
    "britain": "British",
    "united kingdom": "British",
    "china": "Chinese",
    "france": "French",
    "germany": "German",
    "iran": "Iranian",
    "israel": "Israeli",
    "turkey": "Turkish",
    "japan": "Japanese",
    "india": "Indian",
    "poland": "Polish",
    "belarus": "Belarusian",
    "georgia": "Georgian",
    "kazakhstan": "Kazakh",
    "finland": "Finnish",
    "sweden": "Swedish",
}
"""Country names and adjectives -> one adjective, for organisation and role keys (the countries
of the seed articles and of PolNeAR's 2016 US politics, plus their usual neighbours)."""
_ADJECTIVES = {adj.lower(): adj for adj in COUNTRIES.values()}
PLACE_SPELLINGS = {"kiev": "Kyiv", "kharkov": "Kharkiv", "odessa": "Odesa", "lvov": "Lviv", "nikolaev": "Mykolaiv"}
"""Russian-based transliterations of Ukrainian places -> the spelling Ukraine uses (Kiev/Kyiv)."""


def _unmangle(word: str) -> str:
    """UTF-8 read as cp1252 and written back ("FranÃ§ois"), undone where the bytes allow it."""
    word = unicodedata.normalize("NFC", word)  # the text may carry "Ã" as A + a combining tilde
    for _ in range(3):
        if not any(ch in word for ch in "ÃÂâ"):
            break
        try:
            word = word.encode("cp1252").decode("utf-8")
        except UnicodeError:
            break
    return word


def translit_key(word: str) -> str:
    """A spelling-insensitive key: Sergey/Sergei -> 'sergei', Zelensky/Zelenskyy -> 'zelenski'."""
    w = unicodedata.normalize("NFKD", _unmangle(word).lower())
    w = "".join(ch for ch in w if not unicodedata.combining(ch) and (ch.isalnum() or ch == "-"))
    w = w.replace("kh", "h").replace("ck", "k").replace("ph", "f")
    w = re.sub(r"[yj]", "i", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


_INITIAL = re.compile(r"^[^\W\d_]\.$")
_PARTICLES = frozenset(
    ["de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos", "bin", "ibn", "al", "el"]
)
"""Words that open a surname ("Bill de Blasio", "De Blasio", "Le Pen"): never a first name."""
_NICKNAMES = {
    "joe": "joseph",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "mike": "michael",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "chris": "christopher",
    "ed": "edward",
    "dick": "richard",
    "rick": "richard",
    "ben": "benjamin",
    "dan": "daniel",
    "dave": "david",
    "steve": "stephen",
    "steven": "stephen",
    "tony": "anthony",
    "andy": "andrew",
    "matt": "matthew",
    "sam": "samuel",
    "nick": "nicholas",
    "pat": "patrick",
    "pete": "peter",
    "geoff": "geoffrey",
    "doug": "douglas",
    "rudy": "rudolph",
    "ron": "ronald",
    "don": "donald",
    "alex": "alexander",
    "liz": "elizabeth",
    "jeff": "jeffrey",
    "greg": "gregory",
    "larry": "lawrence",
    "chuck": "charles",
    "charlie": "charles",
    "ken": "kenneth",
    "tim": "timothy",
    "phil": "philip",
    "kathy": "katherine",
    "sue": "susan",
}
"""English short forms -> the formal first name ("Joe Biden", "Joseph R. Biden"). Only forms with
one usual formal name: "Ted" (Edward or Theodore) is not here."""
_FIRST_FORMS = {translit_key(short): translit_key(formal) for short, formal in _NICKNAMES.items()}


def _formal(first: str) -> str:
    """The formal form of a first-name key ("ioe" -> "iosef"), its suffix kept."""
    name, _, suffix = first.partition(" ")
    formal = _FIRST_FORMS.get(name, name)
    return f"{formal} {suffix}" if suffix else formal


def name_parts(name: str) -> tuple[list[str], str]:
    """The words of a person's name without titles before it, and its generational suffix:
    "Gov. Mary Fallin" -> (["Mary", "Fallin"], ""), "Joseph R. Biden Jr." -> (["Joseph", "R.",
    "Biden"], "jr")."""
    words, suffix = split_suffix([w for w in re.split(r"\s+", name.strip()) if w])
    while len(words) > 1 and words[0].strip(".,").lower() in TITLES:
        words = words[1:]
    return words, suffix


def name_key(name: str) -> tuple[str, str]:
    """(first-name key, surname key) of a person's name. A surname particle is no first name ("De
    Blasio" has none); a suffix stays with the first name, since "Donald Trump Jr." is not "Donald
    Trump"."""
    words, suffix = name_parts(name)
    if not words:
        return "", ""
    firsts = [w for w in words[:-1] if w.lower() not in _PARTICLES]
    if not firsts:
        return "", translit_key(words[-1])
    # An initial keeps its dot ("B."), so it cannot be taken for a one-letter name key.
    first = firsts[0].lower() if _INITIAL.match(firsts[0]) else translit_key(firsts[0])
    return (f"{first} {suffix}" if suffix else first), translit_key(words[-1])


def country_in(text: str | None) -> str | None:
    """The country a role or organisation name names ("Russian Deputy Foreign Minister" -> "Russian")."""
    if not text:
        return None
    low = text.lower().replace("’", "'")
    # The first country a role names is the speaker's own: "Russia's envoy to the US" is Russian.
    hits = [
        (m.start(), -len(key), adj)
        for key, adj in [*COUNTRIES.items(), *((k.lower(), v) for k, v in _ADJECTIVES.items())]
        for m in re.finditer(rf"(?<![\w.]){re.escape(key)}(?:'s)?(?![\w])", low)
    ]
    return min(hits)[2] if hits else None


_BODY_SYNONYMS = [
    (re.compile(r"\bministry of foreign affairs\b"), "foreign ministry"),
    (re.compile(r"\bministry of defen[cs]e\b"), "defense ministry"),
    (re.compile(r"\bdefen[cs]e ministry\b"), "defense ministry"),
    (re.compile(r"\bstate department\b|\bdepartment of state\b"), "state department"),
]


def organisation_key(name: str) -> tuple[str | None, str]:
    """(country, body): "Russia's Foreign Ministry" and "the Russian Foreign Ministry" both give
    ("Russian", "foreign ministry")."""
    country = country_in(name)
    low = name.lower().replace("’", "'")
    for pattern, body in _BODY_SYNONYMS:
        low = pattern.sub(body, low)
    low = re.sub(r"\bof the\b|\bof\b", " ", low)
    for key in sorted(COUNTRIES, key=len, reverse=True):
        low = re.sub(rf"(?<![\w.]){re.escape(key)}(?:'s)?(?![\w])", " ", low)
    for adj in _ADJECTIVES:
        low = re.sub(rf"\b{re.escape(adj)}\b", " ", low)
    low = re.sub(r"^\s*the\b", " ", low)
    return country, re.sub(r"\s+", " ", low).strip()


def place_name(name: str) -> str:
    """Kiev -> Kyiv (and the other transliteration pairs in ``PLACE_SPELLINGS``); others unchanged."""
    return PLACE_SPELLINGS.get(name.strip().lower(), name)


@dataclass(frozen=True, slots=True)
class NameSeen:
    name: str
    kind: str
    country: str | None = None
    """The country the speaker's role names where this name was seen (homonym evidence), if any."""


def canonical_names(seen: Iterable[NameSeen]) -> dict[str, str]:
    """Map every speaker name seen to its canonical name (countries ignored where one name has two)."""
    entities = canonical_entities(seen)
    out: dict[str, str] = {}
    for (name, country), canon in sorted(entities.items(), key=lambda kv: kv[0][1] is not None):
        out.setdefault(name, canon)
        if country is None:
            out[name] = canon
    return out


def canonical_entities(seen: Iterable[NameSeen]) -> dict[tuple[str, str | None], str]:
    """Map every (name, country) seen to its canonical entity name."""
    seen = list(seen)
    counts: Counter[tuple[str, str]] = Counter((s.name, s.kind) for s in seen if s.name)
    countries: dict[str, set[str | None]] = defaultdict(set)
    for s in seen:
        countries[s.name].add(s.country)
    mapping: dict[tuple[str, str | None], str] = {}
    persons: list[tuple[str, int]] = []
    orgs: list[tuple[str, int]] = []
    for (name, kind), n in counts.items():
        if kind == "person":
            persons.append((name, n))
        elif kind == "organisation":
            orgs.append((name, n))
        else:
            for c in countries[name] or {None}:
                mapping[(name, c)] = place_name(name) if kind == "country" else name
    _link_persons(persons, countries, mapping)
    _link_organisations(orgs, countries, mapping)
    return mapping


def _link_persons(
    persons: list[tuple[str, int]],
    countries: dict[str, set[str | None]],
    mapping: dict[tuple[str, str | None], str],
) -> None:
    by_surname: dict[str, list[tuple[str, int]]] = defaultdict(list)
    singles: list[str] = []
    for name, n in persons:
        first, last = name_key(name)
        if first:
            by_surname[last].append((name, n))
        else:
            singles.append(name)
    # surname key -> {country or None: canonical}, for the surname-only mentions below
    entities_by_surname: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    for last, names in by_surname.items():
        groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for name, n in names:
            groups[name_key(name)[0]].append((name, n))
        # A short first name is its formal one written with a middle name or initial, the style
        # newspapers give public figures ("Joe Biden" and "Joseph R. Biden", "Dick Durbin" and
        # "Richard J. Durbin"); without one, "Bob Mason" and "Robert Mason" may be two people.
        for short in list(groups):
            formal = _formal(short)
            if formal != short and any(len(name_parts(n)[0]) > 2 for n, _ in groups.get(formal, ())):
                groups[formal].extend(groups.pop(short))
        # An initial ("B. Hussein Obama") is the one first name under this surname that it opens.
        for initial in [k for k in groups if _INITIAL.match(k)]:
            letter = translit_key(initial)
            fuller = [k for k in groups if not _INITIAL.match(k) and k.startswith(letter)]
            if len(fuller) == 1:
                groups[fuller[0]].extend(groups.pop(initial))
        for members in groups.values():
            best = max(members, key=lambda m: (m[1], -len(m[0]), m[0]))[0]
            known = {c for name, _ in members for c in countries[name] if c}
            for name, _ in members:
                for c in countries[name] or {None}:
                    # Two countries among one full name's roles: two people (homonyms), kept apart.
                    canon = f"{best} ({c})" if len(known) > 1 and c else best
                    mapping[(name, c)] = canon
                    entities_by_surname[last].add((c if len(known) > 1 else None, canon))
    for name in singles:
        options = entities_by_surname.get(name_key(name)[1], set())
        everyone = {canon for _, canon in options}
        for c in countries[name] or {None}:
            same_country = {canon for cc, canon in options if cc == c}
            if c is not None and len(same_country) == 1:
                mapping[(name, c)] = same_country.pop()
            elif len(everyone) == 1:
                mapping[(name, c)] = next(iter(everyone))
            else:
                mapping[(name, c)] = name


def _link_organisations(
    orgs: list[tuple[str, int]],
    countries: dict[str, set[str | None]],
    mapping: dict[tuple[str, str | None], str],
) -> None:
    groups: dict[tuple[str | None, str], list[tuple[str, int]]] = defaultdict(list)
    for name, n in orgs:
        groups[organisation_key(name)].append((name, n))
    canon_of: dict[tuple[str | None, str], str] = {}
    for (country, body), members in groups.items():
        if country is None:
            continue
        # Prefer the adjective form ("Russian Foreign Ministry") over the possessive: the form a
        # reader searches for; then the commonest.
        best = max(members, key=lambda m: ("'" not in m[0] and "’" not in m[0], m[1], -len(m[0]), m[0]))[0]
        canon_of[(country, body)] = best
    for (country, body), members in groups.items():
        if country is None:
            owners = [canon for (c, b), canon in canon_of.items() if b == body]
            best = max(members, key=lambda m: (m[1], -len(m[0]), m[0]))[0]
            canon = owners[0] if len(owners) == 1 else best
        else:
            canon = canon_of[(country, body)]
        for name, _ in members:
            for c in countries[name] or {None}:
                mapping[(name, c)] = canon
