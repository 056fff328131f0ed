"""Which outlet published an article: given metadata, the URL's domain, or the page's own words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

# Canonical names for outlets that are written several ways. Extend freely: it only normalises
# names, it never invents an outlet the page does not show.
OUTLET_NAMES = {
    "sputnik international": "Sputnik",
    "sputniknews": "Sputnik",
    "sputnik": "Sputnik",
    "rt": "RT",
    "russia today": "RT",
    "the moscow times": "The Moscow Times",
    "moscow times": "The Moscow Times",
    "anadolu agency": "Anadolu Agency",
    "anadolu ajansı": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "bbc": "BBC",
    "bbc news": "BBC",
    "cnn": "CNN",
    "al jazeera": "Al Jazeera",
    "the guardian": "The Guardian",
    "the new york times": "The New York Times",
    "new york times": "The New York Times",
    "the washington post": "The Washington Post",
    "washington post": "The Washington Post",
    "usa today": "USA Today",
    "politico": "Politico",
    "huffpost": "HuffPost",
    "huffington post": "HuffPost",
    "breitbart": "Breitbart",
}
DOMAINS = {
    "rt.com": "RT",
    "themoscowtimes.com": "The Moscow Times",
    "sputniknews.com": "Sputnik",
    "sputnikglobe.com": "Sputnik",
    "aa.com.tr": "Anadolu Agency",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "ria.ru": "RIA Novosti",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
    "aljazeera.com": "Al Jazeera",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "usatoday.com": "USA Today",
    "politico.com": "Politico",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
    "breitbart.com": "Breitbart",
}

# Where a page names itself: "MOSCOW (Sputnik) -", "Support The Moscow Times!",
# "- Sputnik International, 1920, 20.02.2022" (Sputnik's image/widget stamp).
_SELF_REFERENCES = [
    re.compile(r"^[A-Z][A-Z .,'-]{2,40} \((?P<outlet>[A-Z][\w .&'-]{1,40}?)\)\s*[-–—]"),
    re.compile(r"^Support (?P<outlet>(?:The )?[A-Z][\w .&'-]{1,40}?)!$"),
    re.compile(r"[-–—]\s*(?P<outlet>[A-Z][\w .]{1,40}?),\s*\d{3,4},\s*\d\d\.\d\d\.\d{4}\s*$"),
    re.compile(r"^(?:©|Copyright ©?)\s*(?:\d{4}\s+)?(?P<outlet>[A-Z][\w .&'-]{1,40}?)\.?(?: All rights reserved)?"),
]


def canonical_outlet(name: str) -> str:
    cleaned = name.strip().strip(".")
    return OUTLET_NAMES.get(cleaned.lower(), cleaned)


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
    if not host:
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    for domain, outlet in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return outlet
    return host


def outlet_from_lines(lines: Iterable[str]) -> str | None:
    """The first outlet the page names as itself (never a photo credit or a quoted agency)."""
    for line in lines:
        for pattern in _SELF_REFERENCES:
            m = pattern.search(line)
            if m:
                return canonical_outlet(m.group("outlet"))
    return None
