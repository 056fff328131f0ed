"""Score the pipeline on PolNeAR (Newell, Margolin, Ruths, LREC 2018): attributions in US news.

The corpus folder holds ``data/<split>/text/<name>.txt`` and
``data/<split>/attributions/<name>_<annotator>.ann`` (brat standoff; see the corpus's FORMAT.md).
Where several annotators annotated one article, the annotation whose annotator id sorts first is
the gold. The pipeline's quote extractor runs on each ``.txt`` exactly as given (the texts are
already clean: headline on the first line, paragraphs separated by blank lines), so predicted
offsets and gold offsets index the same string. The predictions are the article's attributions:
its quotes and its positions (stances, questions, denials; ``Article.positions``), since PolNeAR
annotates both.

Definitions (all spans are character offsets into the article text):

- **Trimmed span.** Each fragment of a span loses leading and trailing whitespace (any Unicode
  space, no-break spaces included), punctuation and quotation marks; empty fragments go, and
  fragments separated only by such characters merge.
  Two spans are *equal* when their trimmed fragments are equal.
- **Group.** An attribution is *direct* when every trimmed fragment of its content sits inside a
  pair of quotation marks (the next non-space character before it opens a quote, the next one after
  it, past trailing punctuation, closes one, and no closing mark lies between); otherwise it is
  *indirect/mixed*. Gold and predicted quotes are grouped by the same rule on the text, not by the
  label the pipeline gives them.
- **Matching.** Gold and predictions are matched once, over all groups, one-to-one and greedily
  (best pairs first). Per group, recall = matched gold of that group / gold of that group and
  precision = matched predictions of that group / predictions of that group; overall uses all.
  F1 is their harmonic mean. Counts are summed over articles (micro-averaged).
- **Content exact.** A prediction matches a gold content when their trimmed spans are equal.
- **Content @t** (t = 0.3, 0.8). A prediction matches a gold content when its trimmed fragments
  cover more than t of the gold's trimmed characters; pairs are taken in order of coverage.
- **Source.** The distinct gold source spans (an attribution's source; one span shared by several
  attributions, "he said X and added Y", counts once, as in the token-labelled form of the corpus
  the published figures use) against the distinct predicted speaker mentions: exact trimmed-span
  match. A source takes the group of the first attribution that has it.
- **Speaker accuracy.** Of the gold attributions with a source whose content is matched at 0.3,
  the share whose matched prediction names a speaker mention overlapping the gold source span.
- **Cue.** The distinct gold cue spans against the distinct predicted cue spans: exact trimmed-span
  match (shared spans count once, as for sources).
- **Speaker names.** PolNeAR marks sources as written ("he", "a top aide"), not who they are, so
  names are checked where the source itself says: of the gold attributions with a one-piece source
  overlapped by a predicted speaker mention, the source span is parsed alone with the pipeline's
  spaCy model. *Named*: it has a person entity before its first comma ("Gov. Mike Pence", "Deborah
  Tamargo, the chairwoman …"); correct when the predicted speaker's name contains that entity's
  last word. *Unnamed*: it has no person entity and is indefinite ("a reporter", "one aide") or
  plural ("officials"); correct when the predicted speaker is not a named person. These labels
  come from the parse, not from annotators: a diagnostic of the resolver, not a published metric.
- **Words/s.** Whitespace-separated words of the texts divided by the wall-clock time of the
  extraction (parse, rules and model; the spaCy pipeline is loaded before the clock starts).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord.evaluation.metrics import PRF
from onrecord.model import Article, Quote, Span, stable_id

SPLITS = ("train", "dev", "test")
COVERAGES = (0.3, 0.8)
GROUPS = ("direct", "indirect/mixed")
METRICS = ("content_exact", "content@0.3", "content@0.8", "source", "cue")
NAME_CHECKS = ("named", "unnamed")
_RECORD = re.compile(r"^[TEAR#]\d+\t")
_TRIM_CHARS = " \t\n\r.,;:!?-–—…\"'“”‘’«»„()[]"
_OPEN_MARKS = "\"“‘'«„"
_CLOSE_MARKS = "\"”’'»“"
_AFTER_PUNCT = ".,;:!?…-–—"


# -- brat standoff ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BratSpan:
    """One text-bound annotation (``T`` record): label, fragments and the covered text."""

    id: str
    label: str
    fragments: tuple[Span, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """One gold attribution: content fragments, cue and source (either may be missing)."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...] | None
    source: tuple[Span, ...] | None


def brat_records(ann: str) -> list[str]:
    """The records of a ``.ann`` file: a span text may hold a raw newline and go on on the next line."""
    records: list[str] = []
    for line in ann.split("\n"):
        if _RECORD.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return [r for r in records if r.strip()]


def parse_ann(ann: str) -> tuple[dict[str, BratSpan], list[dict[str, str]]]:
    """Text-bound spans by id, and each ``E`` record as {role: span id} (the anchor as ``Attribution``)."""
    spans: dict[str, BratSpan] = {}
    events: list[dict[str, str]] = []
    for record in brat_records(ann):
        ident, _, rest = record.partition("\t")
        if ident.startswith("T"):
            head, _, covered = rest.partition("\t")
            label, _, offsets = head.partition(" ")
            fragments = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                fragments.append(Span(int(start), int(end)))
            spans[ident] = BratSpan(ident, label, tuple(fragments), covered)
        elif ident.startswith("E"):
            roles: dict[str, str] = {}
            for arg in rest.split():
                role, _, target = arg.partition(":")
                roles["Attribution" if role.startswith("Attribution") else role] = target
            events.append(roles)
    return spans, events


def attributions(ann: str) -> list[Attribution]:
    """The attributions of one ``.ann`` file; Content2 joins Content; one without content is dropped."""
    spans, events = parse_ann(ann)
    out: list[Attribution] = []
    for roles in events:
        content = [f for role in ("Content", "Content2") if role in roles for f in spans[roles[role]].fragments]
        if not content:
            continue
        cue = spans[roles["Cue"]].fragments if "Cue" in roles else None
        source = spans[roles["Source"]].fragments if "Source" in roles else None
        out.append(Attribution(tuple(sorted(content)), cue, source))
    return out


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    annotator: str
    attributions: tuple[Attribution, ...]


def _data_root(folder: str | Path) -> Path:
    root = Path(folder)
    return root / "data" if (root / "data").is_dir() else root


def compartments(folder: str | Path) -> list[str]:
    """The compartments (train, dev, test) that have texts in a PolNeAR folder."""
    root = _data_root(folder)
    return [s for s in SPLITS if any((root / s / "text").glob("*.txt"))]


def default_split(folder: str | Path) -> str:
    """``dev`` where the folder has it, else its only compartment: a folder that holds only the
    held-out ``test`` is scored on ``test`` without being told."""
    found = compartments(folder)
    if "dev" in found or len(found) != 1:
        return "dev"
    return found[0]


def load_split(folder: str | Path, split: str = "dev") -> list[GoldArticle]:
    """Every article of a compartment, sorted by name, with its first-sorting annotator's attributions."""
    base = _data_root(folder) / split
    texts = sorted((base / "text").glob("*.txt"))
    if not texts:
        found = ", ".join(compartments(folder)) or "none"
        raise FileNotFoundError(f"no {split} texts under {base / 'text'} (compartments with texts here: {found})")
    anns: dict[str, list[Path]] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        name = path.stem.rpartition("_")[0]
        anns.setdefault(name, []).append(path)
    out = []
    for path in texts:
        found = anns.get(path.stem)
        if not found:
            raise FileNotFoundError(f"no annotation for {path.name} in {base / 'attributions'}")
        first = min(found, key=lambda p: p.stem.rpartition("_")[2])
        text = path.read_text(encoding="utf-8")
        ann = first.read_text(encoding="utf-8")
        out.append(GoldArticle(path.stem, text, first.stem.rpartition("_")[2], tuple(attributions(ann))))
    return out


# -- span normalisation ---------------------------------------------------------------------------


def _trims(char: str) -> bool:
    # Any Unicode space counts: PolNeAR's spans often end in a no-break space ("Trump\xa0").
    return char in _TRIM_CHARS or char.isspace()


def trimmed(text: str, spans: Iterable[Span]) -> tuple[tuple[int, int], ...]:
    """Fragments without edge whitespace, punctuation and quote marks, merged across such gaps."""
    pieces: list[tuple[int, int]] = []
    for span in sorted(spans):
        s, e = span.start, min(span.end, len(text))
        while s < e and _trims(text[s]):
            s += 1
        while e > s and _trims(text[e - 1]):
            e -= 1
        if e > s:
            pieces.append((s, e))
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and (merged[-1][1] >= s or all(_trims(c) for c in text[merged[-1][1] : s])):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)


def is_direct(text: str, fragments: Sequence[tuple[int, int]]) -> bool:
    """Every trimmed fragment sits between an opening and a closing quotation mark."""
    if not fragments:
        return False
    for s, e in fragments:
        i = s - 1
        while i >= 0 and text[i] in " \t\n":
            i -= 1
        if i < 0 or text[i] not in _OPEN_MARKS:
            return False
        j = e
        while j < len(text) and (text[j] in " \t" or text[j] in _AFTER_PUNCT):
            j += 1
        if j >= len(text) or text[j] not in _CLOSE_MARKS:
            return False
        # A closing mark inside means two quotations with words between: a mixed quote.
        inner = text[s:e]
        if "”" in inner or (text[i] == '"' and '"' in inner):
            return False
    return True


def _length(fragments: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in fragments)


def _overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


# -- counting ---------------------------------------------------------------------------------


def _blank() -> dict[str, dict[str, PRF]]:
    return {m: {g: PRF() for g in ("all", *GROUPS)} for m in METRICS}


@dataclass(slots=True)
class PolnearReport:
    """Every figure of one scored compartment."""

    split: str
    articles: int = 0
    words: int = 0
    seconds: float = 0.0
    metrics: dict[str, dict[str, PRF]] = field(default_factory=_blank)
    speaker: dict[str, list[int]] = field(default_factory=lambda: {g: [0, 0] for g in ("all", *GROUPS)})
    names: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in NAME_CHECKS})

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def speaker_accuracy(self, group: str = "all") -> float:
        ok, n = self.speaker[group]
        return ok / n if n else 0.0

    def f1(self, metric: str, group: str = "all") -> float:
        return self.metrics[metric][group].f1

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "articles": self.articles,
            "words": self.words,
            "seconds": round(self.seconds, 2),
            "words_per_second": round(self.words_per_second),
            "metrics": {m: {g: c.to_dict() for g, c in by.items()} for m, by in self.metrics.items()},
            "speaker_accuracy": {
                g: {"accuracy": round(100 * self.speaker_accuracy(g), 2), "correct": ok, "of": n}
                for g, (ok, n) in self.speaker.items()
            },
            "speaker_names": {
                k: {"accuracy": round(100 * self.name_accuracy(k), 2), "correct": ok, "of": n}
                for k, (ok, n) in self.names.items()
            },
        }

    def name_accuracy(self, check: str) -> float:
        ok, n = self.names[check]
        return ok / n if n else 0.0

    def format(self) -> str:
        lines = [
            f"PolNeAR {self.split}: {self.articles} articles, {self.words} words, "
            f"{self.seconds:.1f} s ({self.words_per_second:,.0f} words/s)",
            f"{'':<15}{'all':>20}{'direct':>20}{'indirect/mixed':>20}",
            f"{'':<15}" + "".join(f"{'P     R    F1':>20}" for _ in range(3)),
        ]
        for metric in METRICS:
            row = f"{metric:<15}"
            for group in ("all", *GROUPS):
                c = self.metrics[metric][group]
                row += f"{100 * c.precision:>8.1f}{100 * c.recall:>6.1f}{100 * c.f1:>6.1f}"
            lines.append(row)
        row = f"{'speaker acc.':<15}"
        for group in ("all", *GROUPS):
            n = self.speaker[group][1]
            row += f"{100 * self.speaker_accuracy(group):>13.1f} ({n:>4})"
        lines.append(row)
        lines.append(
            f"{'speaker names':<15}"
            + "".join(f"{k:>9} {100 * self.name_accuracy(k):5.1f} ({self.names[k][1]:>4})" for k in NAME_CHECKS)
        )
        counts = self.metrics["content_exact"]
        lines.append(
            "gold attributions: "
            + ", ".join(f"{g} {counts[g].gold}" for g in ("all", *GROUPS))
            + "; predicted attributions (quotes + positions): "
            + ", ".join(f"{g} {counts[g].predicted}" for g in ("all", *GROUPS))
        )
        return "\n".join(lines)


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching, best score first (ties: earlier gold, then earlier prediction)."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, g, p in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        out.append((g, p))
    return out


def _count(
    counter: dict[str, PRF], gold_groups: list[str], pred_groups: list[str], pairs: list[tuple[int, int]]
) -> None:
    for group in gold_groups:
        counter["all"].gold += 1
        counter[group].gold += 1
    for group in pred_groups:
        counter["all"].predicted += 1
        counter[group].predicted += 1
    for g, p in pairs:
        counter["all"].matched_gold += 1
        counter[gold_groups[g]].matched_gold += 1
        counter["all"].matched_predicted += 1
        counter[pred_groups[p]].matched_predicted += 1


def score_article(report: PolnearReport, text: str, gold: Sequence[Attribution], quotes: Sequence[Quote]) -> None:
    """Add one article's counts to the report."""
    gold_content = [trimmed(text, a.content) for a in gold]
    keep = [(q, c) for q in quotes if (c := trimmed(text, q.content))]
    quotes = [q for q, _ in keep]
    pred_content = [c for _, c in keep]
    gold_groups = [GROUPS[0] if is_direct(text, c) else GROUPS[1] for c in gold_content]
    pred_groups = [GROUPS[0] if is_direct(text, c) else GROUPS[1] for c in pred_content]

    exact = [(1.0, g, p) for g, gc in enumerate(gold_content) for p, pc in enumerate(pred_content) if gc == pc]
    _count(report.metrics["content_exact"], gold_groups, pred_groups, _greedy(exact))
    coverage = [
        (_overlap(gc, pc) / _length(gc), g, p)
        for g, gc in enumerate(gold_content)
        if gc
        for p, pc in enumerate(pred_content)
    ]
    for t in COVERAGES:
        pairs = _greedy([c for c in coverage if c[0] > t])
        _count(report.metrics[f"content@{t}"], gold_groups, pred_groups, pairs)
        if t != COVERAGES[0]:
            continue
        for g, p in pairs:
            source = gold[g].source
            if source is None:
                continue
            mention = quotes[p].speaker.mention
            ok = mention is not None and any(mention.overlap(s) > 0 for s in source)
            for group in ("all", gold_groups[g]):
                report.speaker[group][0] += int(ok)
                report.speaker[group][1] += 1

    for metric, gold_spans, pred_spans in (
        ("source", [a.source for a in gold], [(q.speaker.mention,) if q.speaker.mention else None for q in quotes]),
        ("cue", [a.cue for a in gold], [(q.cue,) if q.cue else None for q in quotes]),
    ):
        # Distinct on both sides: a span shared by attributions is one mention, predicted or gold.
        gold_first: dict[tuple[tuple[int, int], ...], str] = {}
        for i, s in enumerate(gold_spans):
            if s and (k := trimmed(text, s)) and k not in gold_first:
                gold_first[k] = gold_groups[i]
        g_keys = list(gold_first.items())
        first_group: dict[tuple[tuple[int, int], ...], str] = {}
        for i, s in enumerate(pred_spans):
            if s and (k := trimmed(text, s)) and k not in first_group:
                first_group[k] = pred_groups[i]
        p_keys = list(first_group.items())
        where = {k: i for i, (k, _) in enumerate(p_keys)}
        pairs = _greedy([(1.0, g, where[k]) for g, (k, _) in enumerate(g_keys) if k in where])
        _count(report.metrics[metric], [grp for _, grp in g_keys], [grp for _, grp in p_keys], pairs)


def article_of(gold: GoldArticle) -> Article:
    """The article as the extractor sees it: the file's text untouched, its first line the title."""
    title = gold.text.split("\n", 1)[0].strip() or None
    return Article(id=stable_id(gold.text), source=gold.name, text=gold.text, title=title)


def evaluate_polnear(
    folder: str | Path, split: str | None = None, limit: int | None = None, extractor: Any | None = None
) -> PolnearReport:
    """Run the quote extractor on a compartment's texts (the first ``limit`` by name) and score it;
    without ``split``, the compartment ``default_split`` picks."""
    from onrecord.quotes import QuoteExtractor

    split = split or default_split(folder)
    gold = load_split(folder, split)
    if limit is not None:
        gold = gold[:limit]
    extractor = extractor or QuoteExtractor()
    extractor.nlp  # noqa: B018 - load the parser before the clock starts
    report = PolnearReport(split=split, articles=len(gold))
    report.words = sum(len(g.text.split()) for g in gold)
    started = time.perf_counter()
    predicted = list(extractor.pipe(article_of(g) for g in gold))
    report.seconds = time.perf_counter() - started
    for g, article in zip(gold, predicted, strict=True):
        score_article(report, g.text, g.attributions, article.attributions)
    check_names(report, gold, predicted, extractor.nlp)
    return report


def check_names(report: PolnearReport, gold: Sequence[GoldArticle], predicted: Sequence[Article], nlp: Any) -> None:
    """Add the speaker-name checks (module docstring) of the articles to the report."""
    from onrecord.quotes.mentions import clean_name, is_indefinite

    pending: list[tuple[str, Quote]] = []
    for g, article in zip(gold, predicted, strict=True):
        for a in g.attributions:
            if a.source is None or len(a.source) != 1:
                continue
            source = a.source[0]
            hit = next(
                (q for q in article.attributions if q.speaker.mention and q.speaker.mention.overlap(source) > 0), None
            )
            if hit is not None:
                pending.append((g.text[source.start : source.end].strip(), hit))
    for doc, (text, quote) in zip(nlp.pipe(t for t, _ in pending), pending, strict=True):
        comma = text.find(",")
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        first = [e for e in persons if comma < 0 or e.start_char < comma]
        if first:
            want = clean_name(first[0].text).split()[-1].lower()
            tally = report.names["named"]
            tally[0] += want in (quote.speaker.name or "").lower()
            tally[1] += 1
        elif not persons and len(doc) and (is_indefinite(text) or doc[:].root.tag_ in ("NNS", "NNPS")):
            tally = report.names["unnamed"]
            tally[0] += not (quote.speaker.kind == "person" and quote.speaker.name)
            tally[1] += 1
