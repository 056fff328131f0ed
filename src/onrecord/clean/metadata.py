"""Page metadata from HTML: title, published date, outlet, author and canonical URL.

trafilatura already reads most of it (OpenGraph, JSON-LD, ``<meta>`` tags, htmldate for the date)
and strips the site name from the ``<title>``; this module fills the gaps it leaves and settles
precedence the way an analyst expects:

- title: trafilatura's, else ``og:title``, else ``<title>`` without its " | Site" tail, else ``<h1>``;
- published: htmldate's original (first-published) date, YYYY-MM-DD; a bare year is no date;
- outlet: the site name the page gives (``og:site_name``, JSON-LD publisher), else the domain;
- author: trafilatura's, else ``<meta name="author">`` when it is a name, not a URL or a handle;
- url: ``<link rel="canonical">``, else ``og:url``, else the URL the page was fetched from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlparse

from onrecord.clean.outlets import canonical_outlet, outlet_from_url

_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None


def page_metadata(html: str, url: str | None = None, doc: Any = None) -> PageMetadata:
    """Metadata of one page. ``doc`` is trafilatura's ``bare_extraction`` result, when there is one."""
    tags = _head_tags(html)
    canonical = _absolute(tags.get("canonical"), url) or _absolute(tags.get("og:url"), url)
    page_url = canonical or url or (getattr(doc, "url", None) or None)

    site = _site_name(tags.get("og:site_name") or (getattr(doc, "sitename", None) or None))
    # A host name ("spacenews.com") or a lower-case slug ("usatoday", "cleveland") is no outlet
    # name: the domain table (or the host itself) says it better.
    named = site and not _looks_like_host(site) and not re.fullmatch(r"[a-z0-9]+", site.strip())
    outlet = canonical_outlet(site) if site and named else None
    outlet = outlet or outlet_from_url(page_url)

    title = _strip_site(getattr(doc, "title", None) or None, site) or tags.get("og:title")
    title = title or _strip_site(tags.get("title"), site)
    title = title or tags.get("h1")

    published = _date(getattr(doc, "date", None))
    if published is None and doc is None:
        published = _htmldate(html)

    author = (getattr(doc, "author", None) or None) or _author(tags.get("author"))
    return PageMetadata(
        title=_tidy(title),
        published=published,
        outlet=outlet,
        author=_tidy(author),
        url=page_url,
    )


def _head_tags(html: str) -> dict[str, str]:
    """The few tags we read, first occurrence wins; an unparsable page gives {}."""
    try:
        import lxml.html

        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types on broken input
        return {}
    found: dict[str, str] = {}
    for el in root.iter("meta", "link", "title", "h1"):
        if el.tag == "meta":
            key = (el.get("property") or el.get("name") or "").strip().lower()
            value = (el.get("content") or "").strip()
            if key in {"og:site_name", "og:url", "og:title", "author", "application-name"} and value:
                found.setdefault(key, value)
        elif el.tag == "link":
            rels = (el.get("rel") or "").lower().split()
            if "canonical" in rels and el.get("href"):
                found.setdefault("canonical", el.get("href", "").strip())
        else:
            text = " ".join(el.text_content().split())
            if text:
                found.setdefault(el.tag, text)
    return found


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    full = urljoin(base, href) if base else href
    return full if urlparse(full).scheme in {"http", "https"} else None


def _site_name(value: str | None) -> str | None:
    """A site name as a reader would say it: no "| JPost.com" tail, no copyright line."""
    if not value:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", value) if p.strip()]
    named = [p for p in parts if not _looks_like_host(p)]
    # Split only to drop a host-name part; "Times - Standard" stays whole.
    name = named[0] if named and len(named) < len(parts) else value.strip()
    # trafilatura sometimes takes the footer's "Copyright 2014 …" for the site name (dev pages).
    if re.match(r"^(?:©|\(c\)|copyright\b)", name, re.I):
        return None
    return name


def _looks_like_host(name: str) -> bool:
    return bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", name.strip().lower()))


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site' -> 'Headline': drop a tail that names the site, or a short last segment."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    tail = parts[-1].strip()
    short_pipe_tail = " | " in title and len(tail.split()) <= 3
    if (site and tail.lower() == site.strip().lower()) or _looks_like_host(tail) or short_pipe_tail:
        return " - ".join(parts[:-1]).strip() or title
    return title


def _date(value: str | None) -> str | None:
    """YYYY-MM-DD from a full date; a year or a month alone is no publication date."""
    if value and re.match(r"^\d{4}-\d\d-\d\d", value):
        return value[:10]
    return None


def _htmldate(html: str) -> str | None:
    try:
        from htmldate import find_date

        return _date(find_date(html, original_date=True, extensive_search=False))
    except Exception:  # a date is optional; a broken page must not stop cleaning
        return None


def _author(value: str | None) -> str | None:
    if not value or "/" in value or value.startswith("@") or "." in value.split()[-1]:
        return None
    return value


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
