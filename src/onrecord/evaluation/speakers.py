"""Score whom pronouns and definite roles are resolved to, on hand-labelled PolNeAR train mentions.

PolNeAR marks a source as written ("he", "the senator"), not who it is, so its own figures cannot
say whether "he" became the right person. Two label sets can: speaker mentions the pipeline found
in PolNeAR *train* articles (pronouns and definite noun phrases, at most two per article, drawn at
random), each labelled by reading the article with the person it denotes. The files hold offsets
and names only, never the articles' text.

- **Set 1** (``data/polnear_speakers.tsv``, 242 mentions): labelled blind, then read for errors
  when later speaker rules were written, so it now flatters them.
- **Set 2** (``data/polnear_speakers_2.tsv``, 160 mentions, from articles set 1 does not use):
  labelled without seeing any prediction after the rules it first scored were written, and never
  read for errors since: the held-out figure. Keep it that way: find errors on set 1 or on whole
  train ingests.

Definitions:

- **Item.** A mention (character offsets into a train article's text, as ``eval polnear`` reads
  it) and its referent: a named person or organisation, or an unnamed person, a group or a thing.
  Items labelled unsure are not scored.
- **Found.** The pipeline, run on the article exactly as ``eval polnear`` runs it, gives a quote
  or position whose speaker mention has exactly these offsets. Items not found are counted, not
  scored: the labels stay usable as the quote finder changes.
- **Correct.** A named referent: the resolved speaker's name is made only of words of the
  referent's name ("Ban" for "Ban Ki-moon", whose surname comes first; "Hillary Clinton" for
  "Hillary Rodham Clinton"), or contains its surname (the last word before any generational
  suffix) with the same first name, if it gives one ("Bill Clinton" is not Hillary Rodham
  Clinton); case and accents ignored. An unnamed
  person, a group or a thing: the speaker is not resolved to a named person.
- **Accuracy** = correct / found, overall, for pronouns and for roles, and for named and unnamed
  referents.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord.evaluation.polnear import article_of, load_split
from onrecord.model import SpeakerRef
from onrecord.quotes.mentions import split_suffix

LABELS = Path(__file__).parent / "data" / "polnear_speakers.tsv"
LABEL_SETS = {"set 1": LABELS, "set 2": LABELS.with_name("polnear_speakers_2.tsv")}
NAMED = frozenset({"person", "organisation"})
UNNAMED = frozenset({"unnamed", "group", "thing"})


@dataclass(frozen=True, slots=True)
class SpeakerItem:
    article: str
    start: int
    end: int
    mention_kind: str
    """pronoun or role"""
    referent_kind: str
    referent: str


def load_labels(path: str | Path = LABELS) -> list[SpeakerItem]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [
            SpeakerItem(r["article"], int(r["start"]), int(r["end"]), r["mention"], r["referent_kind"], r["referent"])
            for r in rows
        ]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def surname(name: str) -> str:
    words = split_suffix([w.strip(".,") for w in _fold(name).split()])[0]
    return words[-1] if words else ""


def _words(name: str) -> set[str]:
    return {w.strip(".,") for w in _fold(name).split()}


def is_correct(item: SpeakerItem, speaker: SpeakerRef) -> bool:
    if item.referent_kind in NAMED:
        if not speaker.name:
            return False
        said = _words(speaker.name)
        if said <= _words(item.referent):
            return True  # "Ban" is Ban Ki-moon, whose surname comes first; "Hillary Clinton" is she
        # The surname, and the first name where both give one: Bill Clinton is not Hillary.
        first, given = _fold(speaker.name).split()[0], _fold(item.referent).split()[0]
        return surname(item.referent) in said and (len(said) == 1 or first == given)
    return not (speaker.name and speaker.kind == "person")


@dataclass
class SpeakerReport:
    name: str = "set 1"
    items: int = 0
    unscored: int = 0
    not_found: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)

    def accuracy(self, group: str = "all") -> float:
        return self.correct[group] / self.found[group] if self.found[group] else 0.0

    def add(self, item: SpeakerItem, ok: bool) -> None:
        named = "named" if item.referent_kind in NAMED else "unnamed"
        for group in ("all", item.mention_kind, named):
            self.found[group] += 1
            self.correct[group] += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "items": self.items,
            "unscored": self.unscored,
            "not_found": self.not_found,
            "accuracy": {g: {"correct": self.correct[g], "found": self.found[g]} for g in self.found},
        }

    def format(self) -> str:
        lines = [
            f"PolNeAR train speaker mentions, {self.name}: {self.items} labelled, {self.unscored} unsure (not scored), "
            f"{self.not_found} not found as a speaker mention now",
        ]
        for group in ("all", "pronoun", "role", "named", "unnamed"):
            if n := self.found[group]:
                lines.append(f"  {group:<8} {100 * self.accuracy(group):5.1f} % right ({self.correct[group]} of {n})")
        return "\n".join(lines)


def evaluate_speakers(
    folder: str | Path, extractor: Any | None = None, labels: Mapping[str, str | Path] = LABEL_SETS
) -> dict[str, SpeakerReport]:
    """Run the quote extractor once on the labelled train articles and score each label set."""
    from onrecord.quotes import QuoteExtractor

    sets = {name: load_labels(path) for name, path in labels.items()}
    wanted = {i.article for items in sets.values() for i in items}
    gold = [g for g in load_split(folder, "train") if g.name + ".txt" in wanted]
    extractor = extractor or QuoteExtractor()
    speakers: dict[tuple[str, int, int], SpeakerRef] = {}
    for g, article in zip(gold, extractor.pipe(article_of(g) for g in gold), strict=True):
        for q in article.attributions:
            if q.speaker.mention is not None:
                speakers.setdefault((g.name + ".txt", q.speaker.mention.start, q.speaker.mention.end), q.speaker)
    return {name: _score(name, items, speakers) for name, items in sets.items()}


def _score(name: str, items: list[SpeakerItem], speakers: dict[tuple[str, int, int], SpeakerRef]) -> SpeakerReport:
    report = SpeakerReport(name=name, items=len(items))
    for item in items:
        if item.referent_kind not in NAMED | UNNAMED:
            report.unscored += 1
            continue
        speaker = speakers.get((item.article, item.start, item.end))
        if speaker is None:
            report.not_found += 1
            continue
        report.add(item, is_correct(item, speaker))
    return report
