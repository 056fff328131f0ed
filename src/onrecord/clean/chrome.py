"""Recognise page chrome inside plain text, one line at a time.

Scraped article text carries whatever the page showed around the story: icon-font names, share
and subscribe prompts, photo captions and credits, related-story widgets with their own dates,
podcast players, tags, comment prompts and donation appeals. Each rule below names what it
removes. Unless a comment says otherwise, the word lists were written from the five seed
articles (RT, The Moscow Times, Sputnik, Anadolu Agency, one unnamed outlet) and from the
general shape of news-site chrome; they were not tuned on any held-out data.
"""

from __future__ import annotations

import re

from onrecord.clean.dates import find_dates, is_date_line

# Navigation and widget words that stand alone on a line.
NAV_LINES = {
    "read more",
    "continue",
    "continue reading",
    "podcasts",
    "podcast",
    "share",
    "share this",
    "share this article",
    "tweet",
    "comments",
    "comment",
    "advertisement",
    "subscribe",
    "sign up",
    "log in",
    "login",
    "log in or register",
    "register",
    "menu",
    "search",
    "related",
    "related articles",
    "related stories",
    "more on this topic",
    "read also",
    "see also",
    "most read",
    "trending",
    "newsletter",
    "print",
    "email",
    "close",
    "listen",
    "to participate in the discussion",
    "file photo",
    "photo",
    "video",
    "-",
    "–",
    "—",
    "•",
    "|",
    "top stories",
    "latest news",
    "follow us",
    "back to top",
    "skip to content",
    # Teaser-block headings seen in extractor output on the article-extraction benchmark's dev pages.
    "don't miss",
    "don’t miss",
    "you may also like",
    "you might also like",
    "recommended",
    "more:",
    "more",
    "up next",
}
_ICON = re.compile(r"[\w-]*icon\b", re.I)
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{1,2}(?::\d{1,2})?$")
_RELATIVE_AGE = re.compile(r"^(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.I)
_TAGS = re.compile(r"^(?:#\S.*|tags?:.*|topics?:.*)$", re.I)
# Photo credits: an agency or photographer at the end of a caption line.
_AGENCIES = (
    r"AP|AFP|Reuters|REUTERS|TASS|Sputnik|RIA Novosti|Getty Images|EPA|EPA-EFE|Xinhua|AA|"
    r"Anadolu Agency|Shutterstock|Bloomberg|Kremlin\.ru|Wikimedia Commons|Pixabay|Unsplash"
)
_CREDIT_END = re.compile(r"(?:\((?:" + _AGENCIES + r")(?: Photo)?\)|/\s*(?:" + _AGENCIES + r"))\s*$")
# "©" only where it starts a credit (not inside mojibake like "SÃ©golÃ¨ne"), and the agency
# slash in capitals as credits print it ("REUTERS/Ints Kalnins"), not "a Reuters/Ipsos poll":
# both false hits were seen in PolNeAR train body text.
_CREDIT_ANY = re.compile(
    r"(?:^|\s)©|\bREUTERS/|(?i:\bPhoto:|\bPhoto by\b|\bFile Photo\b|\bGo to the mediabank\b|"
    r"\bin this undated photo\b|\bPress Office\s*/|\bPool via\b|\(Photo\b|\bImage credit\b)"
)
# Related-story widgets print "- Outlet, <image width>, <date>" after a teaser or caption.
_WIDGET_DATE = re.compile(r"[-–—]\s*[A-Z][\w .]+,\s*\d{3,4},\s*\d\d\.\d\d\.\d{4}\s*$")
_COMMENT_PROMPT = re.compile(
    r"^(?:to participate in the discussion|log in or register|leave a comment|join the conversation|"
    r"comments? \(\d+\)|\d+ comments?|add a comment|be the first to comment)\b",
    re.I,
)
# Donation and subscription appeals (The Moscow Times' is the seed's; the vocabulary is the genre's).
APPEAL_START = re.compile(
    r"(?:we have a small favou?r to ask|support (?:us|our journalism|independent journalism)|"
    r"please (?:consider )?(?:support|donat|subscrib)|become a (?:member|subscriber|supporter)|"
    r"^support [A-Z].{0,40}!$)",
    re.I,
)
_APPEAL_WORDS = re.compile(
    r"\b(?:support|donat\w*|contribut\w*|subscri\w*|journalis\w*|independent|mission|"
    r"help us|thank you|foreign agent|silenc\w*)\b",
    re.I,
)
# Chrome that HTML extractors keep inside the main block. Written from the false positives of the
# cascade on the article-extraction benchmark's dev pages (Express, Space.com, Al Jazeera, ZDNet,
# Billboard, NJ.com, 9to5Toys, Sun, two Brazilian blogs), phrased for the genre, not for one site.
_TEASER_PREFIX = re.compile(
    r"^(?:related(?: post| stories| articles| content)?|read more|see more|see also|also read|read also|"
    r"more|also|watch|leggi anche(?: su)?|lesen sie auch|leia também|veja também)\s*:\s*\S",
    re.I,
)
_MOST_READ = re.compile(r"^most (?:read|popular|viewed|shared)(?: in [\w ]{1,30})?$", re.I)
# Express-style teaser links end with an upper-case tag: "… quarantined [NEWS]", "… [VIDEO]|".
_TAGGED_TEASER = re.compile(r"\[(?:[A-Z]{3,}|Video|Photos|Pics|Watch)\]\s*\|?$")
_READING_TIME = re.compile(
    r"^(?:reading time|read time|tempo de leitura|tiempo de lectura|lesezeit)\s*:?\s*\d+\s*\w*$|"
    r"^\d+\s*min(?:ute)?s?\.? read$",
    re.I,
)
_SOURCE_LINE = re.compile(r"^source:\s*[\w .,&'-]{2,60}$", re.I)
_UPDATED_AT = re.compile(
    r"^(?:updated|published|posted|last updated)(?: at| on)?:?\s+[\d:. ]{3,}\s*(?:[ap]\.?m\.?)?$", re.I
)
_BARE_CONTACT = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram)\.com/\S+|@\w{2,30})$",
    re.I,
)
_PROMO = re.compile(
    r"^(?:subscribe|sign up|get|join|follow|download)\b.{0,160}\b(?:newsletters?|inbox|youtube channel|"
    r"podcasts?|on the go)\b",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# The letters (as _LETTER counts them) that are Latin, as one class: counting them with findall is
# ten times faster than testing each letter in a Python loop, and this runs on every line (and on
# each article's sample in ``text._is_latin``).
LATIN_LETTER = re.compile(
    "[" + "".join(re.escape(c) for c in map(chr, range(0x250)) if _LETTER.match(c) and _LATIN.match(c)) + "]"
)
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "as",
    "vs",
    "via",
    "is",
    "into",
    "over",
    "after",
    "about",
    "up",
    "out",
    "off",
    "than",
}


def chrome_reason(line: str, *, latin_article: bool = True) -> str | None:
    """Why ``line`` is page chrome, or None when it may be article text."""
    stripped = line.strip()
    low = stripped.lower().rstrip(".:!")
    if not stripped:
        return "empty"
    if low in NAV_LINES:
        return "navigation"
    words = stripped.split()
    if len(words) >= 3 and sum(1 for w in words if _ICON.fullmatch(w)) >= max(3, len(words) // 3):
        return "icon list"
    if _TIMESTAMP.match(stripped):
        return "player timestamp"
    if _RELATIVE_AGE.match(stripped):
        return "relative age"
    # A tag list is short; a sentence that opens with a hashtag ("#Browns Greedy Williams has been
    # solid …", a dev page of the article-extraction benchmark) is article text.
    # "#Sergey Ryabkov" is a tag line; "#GirlIGuessImWithHer Is The Ambivalent Hashtag …." is a
    # headline (PolNeAR train): a tag line has a few words and no sentence end.
    if _TAGS.match(stripped) and (
        (len(words) <= 6 and not stripped.endswith((".", "?", "!"))) or all(w.startswith("#") for w in words)
    ):
        return "tags"
    if _COMMENT_PROMPT.match(stripped):
        return "comment prompt"
    if _WIDGET_DATE.search(stripped):
        return "related-story widget"
    if _TEASER_PREFIX.match(stripped) or _MOST_READ.match(stripped) or _TAGGED_TEASER.search(stripped):
        return "related-story teaser"
    if _READING_TIME.match(stripped):
        return "reading time"
    if _SOURCE_LINE.match(stripped) or _UPDATED_AT.match(stripped):
        return "source or update stamp"
    if _BARE_CONTACT.match(stripped):
        return "contact handle"
    if len(words) <= 40 and _PROMO.search(stripped):
        return "newsletter or channel promo"
    if _CREDIT_ANY.search(stripped) or _CREDIT_END.search(stripped):
        return "photo caption or credit"
    if APPEAL_START.search(stripped):
        return "appeal"
    if not _LETTER.search(stripped):
        return "no words"
    if latin_article and _mostly_other_script(stripped):
        return "other script"
    if is_date_line(stripped):
        return "date line"
    return None


def is_title_case(line: str) -> bool:
    """A headline set in Title Case (most content words capitalised), not a sentence."""
    stripped = line.strip()
    # "(BEGIN VIDEO CLIP.)" and "‘GLASS IS HALF FULL.’" end a sentence inside their brackets/marks.
    bare = stripped.rstrip(")]”’\"'»")
    if bare.endswith((".", "?", "!", ":", ";", ",")) and not stripped.endswith("— Report"):
        return False
    words = [w.strip("‘’'\"“”«»()[],:;—–-") for w in stripped.split()]
    content = [w for w in words if w and _LETTER.search(w) and w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.85 * len(content)


def is_headline_like(line: str) -> bool:
    """Short, without a sentence-final full stop: could be a title or subheading."""
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= 40 and not stripped.endswith(".") and _LETTER.search(stripped) is not None


def is_body_paragraph(line: str) -> bool:
    """A line that reads as running text: long enough and ending like a sentence."""
    stripped = line.strip().rstrip("”\"’'»)")
    return len(stripped.split()) >= 12 and stripped.endswith((".", "?", "!", ":", "…"))


def appeal_words(line: str) -> int:
    return len(_APPEAL_WORDS.findall(line))


def has_dates(line: str) -> bool:
    return bool(find_dates(line))


def _mostly_other_script(line: str) -> bool:
    letters = len(_LETTER.findall(line))
    if letters < 4:
        return False
    return len(LATIN_LETTER.findall(line)) < 0.5 * letters
