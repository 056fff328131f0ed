"""Precision, recall and F1 from match counts, shared by every scorer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class PRF:
    """Counts behind one precision / recall / F1."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched_gold,
        }
