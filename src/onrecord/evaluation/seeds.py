"""Score the pipeline against a hand-annotated folder (``gold.json`` beside the articles).

Metrics:
- titles, published dates (null must stay null), outlets named in the text: exact matches;
- chrome: every ``boilerplate`` string must be gone from the cleaned text, every ``keep`` string
  present;
- quotes, split into direct and mixed+indirect: a predicted quote matches a gold quote when its
  content spans that touch the gold text cover at least 80 % of it and are at most 50 % longer
  (one-to-one, greedy in gold order, within the same group). Precision = matched predictions /
  predictions; recall = matched gold / gold;
- speaker: share of matched quotes whose canonical speaker is the gold speaker or one of its
  aliases;
- said_on: of the gold quotes with a date, how many matched quotes carry that date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord.evaluation.metrics import PRF
from onrecord.model import Article, Quote

MIN_COVERAGE = 0.8
MAX_LENGTH_RATIO = 1.5
_GROUPS = {"direct": "direct", "mixed": "mixed+indirect", "indirect": "mixed+indirect"}


@dataclass(slots=True)
class SeedReport:
    articles: int = 0
    titles: tuple[int, int] = (0, 0)
    published: tuple[int, int] = (0, 0)
    outlets: tuple[int, int] = (0, 0)
    chrome_dropped: tuple[int, int] = (0, 0)
    body_kept: tuple[int, int] = (0, 0)
    groups: dict[str, PRF] = field(default_factory=dict)
    speaker: tuple[int, int] = (0, 0)
    said_on: tuple[int, int] = (0, 0)
    positions: int = 0
    """Positions found (stances, questions, denials): not quotes, so not scored against the quote gold."""
    errors: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker[0] / self.speaker[1] if self.speaker[1] else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "titles": list(self.titles),
            "published": list(self.published),
            "outlets": list(self.outlets),
            "chrome_dropped": list(self.chrome_dropped),
            "body_kept": list(self.body_kept),
            "quotes": {
                g: {
                    "precision": c.precision,
                    "recall": c.recall,
                    "f1": c.f1,
                    "gold": c.gold,
                    "predicted": c.predicted,
                    "matched": c.matched_gold,
                }
                for g, c in self.groups.items()
            },
            "speaker_accuracy": self.speaker_accuracy,
            "speaker": list(self.speaker),
            "said_on": list(self.said_on),
            "positions": self.positions,
            "errors": self.errors,
        }

    def format(self) -> str:
        def frac(pair: tuple[int, int]) -> str:
            return f"{pair[0]}/{pair[1]}"

        lines = [
            f"articles          {self.articles}",
            f"titles            {frac(self.titles)}",
            f"published dates   {frac(self.published)}",
            f"outlets in text   {frac(self.outlets)}",
            f"chrome dropped    {frac(self.chrome_dropped)}",
            f"body lines kept   {frac(self.body_kept)}",
        ]
        for name, c in self.groups.items():
            lines.append(
                f"{name:<17} P {100 * c.precision:5.1f}  R {100 * c.recall:5.1f}  F1 {100 * c.f1:5.1f}"
                f"  ({c.matched_gold}/{c.gold} gold matched, {c.matched_predicted}/{c.predicted} predicted)"
            )
        lines.append(f"speaker correct   {100 * self.speaker_accuracy:5.1f} % of {self.speaker[1]} matched quotes")
        lines.append(f"said_on           {frac(self.said_on)}")
        lines.append(f"positions         {self.positions} (stances, questions, denials: not quotes, not scored)")
        return "\n".join(lines)


def locate(needle: str, text: str, taken: set[tuple[int, int]] | None = None) -> tuple[int, int] | None:
    """Where a gold quote's text sits in the article text (quote-mark and spacing differences allowed)."""
    taken = taken or set()
    candidates = [needle, needle.strip(" \"'“”‘’«»")]
    for cand in candidates:
        start = text.find(cand)
        while start >= 0:
            span = (start, start + len(cand))
            if span not in taken:
                return span
            start = text.find(cand, start + 1)
    pattern = re.escape(needle.strip(" \"'“”‘’«»"))
    pattern = re.sub(r"\\?[\"'“”‘’]", "[\"'“”‘’]", pattern).replace(r"\ ", r"\s+")
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _names(gold_speakers: dict[str, Any], name: str) -> set[str]:
    entry = gold_speakers.get(name, {})
    return {n.lower() for n in [name, *entry.get("aliases", [])]}


def score(articles: dict[str, Article], gold: dict[str, Any]) -> SeedReport:
    """Compare predicted articles (by file name) with the gold annotation."""
    report = SeedReport()
    report.groups = {"direct": PRF(), "mixed+indirect": PRF()}
    t = p = o = cd = bk = 0
    tn = pn = on = cdn = bkn = 0
    sp_ok = sp_n = d_ok = d_n = 0
    for entry in gold["articles"]:
        article = articles.get(entry["file"])
        if article is None:
            report.errors.append(f"{entry['file']}: not processed")
            continue
        report.articles += 1
        report.positions += len(article.positions)
        tn += 1
        t += int(_norm(article.title) == _norm(entry["title"]))
        pn += 1
        p += int(article.published == entry["published"])
        if entry.get("outlet_in_text"):
            on += 1
            o += int((article.outlet or "").lower() == (entry["outlet"] or "").lower())
        for line in entry.get("boilerplate", []):
            cdn += 1
            cd += int(line not in article.text)
        for line in entry.get("keep", []):
            bkn += 1
            bk += int(line in article.text)
        pairs = _match(article, entry["quotes"], report)
        for g, q in pairs:
            sp_n += 1
            if q.speaker.name and q.speaker.name.lower() in _names(gold["speakers"], g["speaker"]):
                sp_ok += 1
            else:
                report.errors.append(
                    f"{entry['file']}: speaker {q.speaker.name!r} for gold {g['speaker']!r}: {g['text'][:50]!r}"
                )
            if g.get("date"):
                d_n += 1
                d_ok += int(q.said_on == g["date"])
    report.titles, report.published, report.outlets = (t, tn), (p, pn), (o, on)
    report.chrome_dropped, report.body_kept = (cd, cdn), (bk, bkn)
    report.speaker, report.said_on = (sp_ok, sp_n), (d_ok, d_n)
    return report


def _match(article: Article, gold_quotes: list[dict[str, Any]], report: SeedReport) -> list[tuple[dict, Quote]]:
    text = article.text
    used_units: set[tuple[int, tuple[int, ...]]] = set()
    matched_pred: set[int] = set()
    pairs = []
    taken: set[tuple[int, int]] = set()
    for g in gold_quotes:
        group = _GROUPS[g["kind"]]
        report.groups[group].gold += 1
        where = locate(g["text"], text, taken)
        if where is None:
            report.errors.append(f"{article.source}: gold quote not found in cleaned text: {g['text'][:60]!r}")
            continue
        taken.add(where)
        gs, ge = where
        best = None
        for i, q in enumerate(article.quotes):
            if _GROUPS[q.kind] != group:
                continue
            touching = tuple(j for j, s in enumerate(q.content) if s.start < ge and gs < s.end)
            if not touching or (i, touching) in used_units:
                continue
            covered = sum(max(0, min(ge, q.content[j].end) - max(gs, q.content[j].start)) for j in touching)
            length = sum(len(q.content[j]) for j in touching)
            coverage = covered / (ge - gs)
            fits = coverage >= MIN_COVERAGE and length <= MAX_LENGTH_RATIO * (ge - gs)
            if fits and (best is None or coverage > best[0]):
                best = (coverage, i, touching)
        if best is None:
            report.errors.append(f"{article.source}: missed {g['kind']} quote {g['text'][:60]!r}")
            continue
        _, i, touching = best
        used_units.add((i, touching))
        matched_pred.add(i)
        report.groups[group].matched_gold += 1
        pairs.append((g, article.quotes[i]))
    for i, q in enumerate(article.quotes):
        group = _GROUPS[q.kind]
        report.groups[group].predicted += 1
        if i in matched_pred:
            report.groups[group].matched_predicted += 1
        else:
            report.errors.append(f"{article.source}: extra {q.kind} quote {q.text(text)[:60]!r}")
    return pairs


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip())


def evaluate_seeds(folder: str | Path, extractor: Any | None = None) -> SeedReport:
    """Run the pipeline (``extractor``: a QuoteExtractor; default the pipeline's) on every article
    listed in ``folder/gold.json`` and score it."""
    from onrecord.pipeline import Pipeline

    folder = Path(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    files = [folder / entry["file"] for entry in gold["articles"]]
    run = Pipeline(extractor=extractor).run(files)
    by_file = {Path(a.source).name: a for a in run.articles}
    report = score(by_file, gold)
    report.errors.extend(f"{p.source}: {p.reason}" for p in run.problems)
    return report
