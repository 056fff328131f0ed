"""Read files and folders of .txt, .html/.htm and .jsonl into raw documents, reporting bad ones.

Nothing here raises on bad input: every unusable file or JSONL line becomes a ``Problem`` with its
path (and line) and the reason, and reading goes on with the next one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from onrecord import config
from onrecord.model import Problem, RawDocument

_JSON_FIELDS = ("url", "title", "outlet", "published", "author")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Expand folders (recursively, sorted) into input files; report paths that do not exist."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in config.INPUT_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or folder", "missing")


def decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """Bytes to text: UTF-8 first, else the detected legacy encoding (reported, not dropped).

    Raises ValueError for data that is not text at all.
    """
    if not data.strip():
        raise ValueError("empty file")
    head = data[:8192]
    # A NUL byte never occurs in text files of any 8-bit or UTF-8 encoding.
    if b"\x00" in head:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("not UTF-8 and no text encoding fits")
    text = str(best)
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.05 * min(len(text), 4096):
        raise ValueError("binary file (mostly control characters), not text")
    return text, Problem(source, f"not UTF-8: decoded as {best.encoding}", "decoded")


def read_path(path: Path) -> Iterator[RawDocument | Problem]:
    """One file into raw documents (one for .txt/.html, one per line for .jsonl)."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}", "unreadable")
        return
    if size > config.MAX_FILE_BYTES:
        yield Problem(
            source,
            f"file too large ({size / 1e6:.1f} MB > {config.MAX_FILE_BYTES / 1e6:.0f} MB limit; "
            "set ONRECORD_MAX_FILE_BYTES to raise it)",
            "too-large",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}", "unreadable")
        return
    try:
        text, warning = decode(data, source)
    except ValueError as exc:
        yield Problem(source, str(exc), "not-text")
        return
    if warning:
        yield warning
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(text, source)
    elif suffix in (".html", ".htm") or _looks_like_html(text):
        yield RawDocument(source=source, html=text)
    else:
        yield RawDocument(source=source, text=text)


def read_jsonl(text: str, source: str) -> Iterator[RawDocument | Problem]:
    """One article per line: ``text`` or ``html`` plus optional metadata fields."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"line is not JSON ({exc.msg} at column {exc.colno})", "bad-json")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "line is JSON but not an object", "bad-json")
            continue
        body_text, body_html = record.get("text"), record.get("html")
        if not isinstance(body_text, str) and not isinstance(body_html, str):
            yield Problem(where, "object has neither a 'text' nor an 'html' string", "bad-json")
            continue
        meta = {k: str(record[k]) for k in _JSON_FIELDS if record.get(k) not in (None, "")}
        given_id = str(record["id"]) if record.get("id") not in (None, "") else None
        yield RawDocument(
            source=meta.get("url") or where,
            text=body_text if isinstance(body_text, str) else None,
            html=body_html if isinstance(body_html, str) and not isinstance(body_text, str) else None,
            given_id=given_id,
            **meta,
        )


def read_all(paths: Iterable[str | Path]) -> Iterator[RawDocument | Problem]:
    """Every raw document under ``paths``, with problems interleaved where they occur."""
    for item in discover(paths):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_path(item)


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))
