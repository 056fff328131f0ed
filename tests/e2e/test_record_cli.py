"""Issue 4 end to end on the seeds: one entity per speaker, statement dates, the timeline in every
format, corrections that survive re-ingest, framing per outlet, same-statement groups."""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import subprocess
import sys

import pytest

from tests.conftest import SEEDS

CLI = [sys.executable, "-m", "onrecord"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("record") / "onrecord.db"
    run("ingest", str(SEEDS), "--db", str(path))
    return path


def timeline(db, *args: str) -> list[dict]:
    return [
        json.loads(line) for line in run("timeline", "--db", str(db), *args, "--format", "jsonl").stdout.splitlines()
    ]


def test_timeline_lists_ryabkov_from_four_articles_in_either_spelling(db):
    """Either spelling gives the same rows: quotes from 000, 002, 003, 004 and none from 001."""
    rows = timeline(db, "--speaker", "Sergei Ryabkov")
    assert rows == timeline(db, "--speaker", "Sergey Ryabkov")
    sources = {r["source"].rsplit("/", 1)[-1][:3] for r in rows}
    assert sources == {"000", "002", "003", "004"}
    assert {r["speaker"] for r in rows} == {"Sergey Ryabkov"}


def test_timeline_dates_undated_last(db):
    """004 is 2023-11-29 (said on Wednesday); 002 and 000 are undated (said_on null) and sort last."""
    rows = timeline(db, "--speaker", "Ryabkov")
    by = {}
    for r in rows:
        by.setdefault(r["source"].rsplit("/", 1)[-1][:3], []).append(r)
    assert all(r["said_on"] == "2023-11-29" for r in by["004"])
    for name in ("000", "002"):
        assert all(r["said_on"] is None and r["date"] is None and r["date_basis"] == "undated" for r in by[name])
    first_undated = next(i for i, r in enumerate(rows) if r["date"] is None)
    assert all(r["date"] is None for r in rows[first_undated:])
    dated = [r["date"] for r in rows[:first_undated]]
    assert dated == sorted(dated)


def test_foreign_ministry_statement_date(db):
    """001's 'Russia's Foreign Ministry said on Thursday' (published Friday 3 Dec 2021) is 2021-12-02."""
    rows = [r for r in timeline(db, "--speaker", "Russian Foreign Ministry") if r["source"].endswith(".txt")]
    from_001 = [r for r in rows if "/001_" in r["source"]]
    assert from_001 and all(r["said_on"] == "2021-12-02" for r in from_001)


def test_one_entity_per_seed_speaker(db):
    """Exactly one entity each for Ryabkov, Zakharova, Lavrov, Putin and the Russian Foreign Ministry."""
    speakers = [json.loads(line) for line in run("speakers", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    for key in ("ryabkov", "zakharova", "lavrov", "putin", "foreign ministry"):
        found = [s for s in speakers if key in s["name"].lower() or any(key in a.lower() for a in s["aliases"])]
        assert len(found) == 1, (key, found)
    people = [s for s in speakers if s["kind"] == "person"]
    for s in people:
        surnames = {a.split()[-1].lower() for a in [s["name"], *s["aliases"]]}
        assert len(surnames & {"ryabkov", "zakharova", "lavrov", "putin"}) <= 1, s
    ryabkov = next(s for s in speakers if s["name"] == "Sergey Ryabkov")
    roles = {r["role"]: r for r in ryabkov["roles"]}
    assert roles["Russian Deputy Foreign Minister"]["first_seen"] == "2022-02-20"
    assert roles["Russian Deputy Foreign Minister"]["last_seen"] == "2023-11-29"
    # The CSV cell reads as the table does, not as Python's repr of the records.
    rows = list(csv.DictReader(io.StringIO(run("speakers", "--db", str(db), "--format", "csv").stdout)))
    cell = next(r["roles"] for r in rows if r["name"] == "Sergey Ryabkov")
    assert "Russian Deputy Foreign Minister 2022-02-20..2023-11-29 (" in cell and "{" not in cell


def test_timeline_formats(db, tmp_path):
    """table, csv, html and png; the PNG is a real 1000 x 500 image."""
    table = run("timeline", "--db", str(db), "--speaker", "Ryabkov").stdout
    assert "undated" in table and "2023-11-29" in table and "source:" in table
    rows = list(
        csv.DictReader(io.StringIO(run("timeline", "--db", str(db), "--speaker", "Ryabkov", "--format", "csv").stdout))
    )
    assert rows and {"date", "outlet", "cue_lemma", "sentence", "group", "group_outlets"} <= set(rows[0])
    png = tmp_path / "t.png"
    run("timeline", "--db", str(db), "--speaker", "Ryabkov", "--format", "png", "--output", str(png))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (1000, 500)
    from PIL import Image  # matplotlib's own dependency

    with Image.open(png) as image:
        image.load()  # decodes every pixel: a truncated or corrupt file fails here
        assert image.size == (1000, 500) and len(image.getcolors(maxcolors=1 << 16) or range(1000)) > 10
    page = tmp_path / "t.html"
    run("timeline", "--db", str(db), "--speaker", "Ryabkov", "--format", "html", "--output", str(page))
    text = page.read_text()
    assert "<svg" in text and "Our response will be military" in text and "undated" in text


def test_topic_file_filters_the_timeline(db, tmp_path):
    """A user topic file tags quotes by keyword; --topic keeps only those."""
    topics = tmp_path / "topics.toml"
    topics.write_text('[topics]\n"arms control" = ["INF", "New START", "moratorium", "arms control"]\n')
    rows = timeline(db, "--speaker", "Ryabkov", "--topics", str(topics), "--topic", "arms control")
    assert rows and all("arms control" in r["topics"] for r in rows)
    assert any("moratorium" in r["text"] for r in rows)
    listed = run("topics", "--db", str(db)).stdout
    assert "arms control  [user]" in listed and "[auto]" in listed


def test_corrections_survive_reingest(db, tmp_path):
    """Merge Zakharova into the Foreign Ministry, rename, re-ingest: the corrections still hold."""
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    run("speakers", "merge", "Russian Foreign Ministry", "Maria Zakharova", "--db", str(copy))
    run("speakers", "rename", "Russian Foreign Ministry", "Russia's MFA", "--db", str(copy))
    run("ingest", str(SEEDS), "--db", str(copy))
    speakers = [
        json.loads(line) for line in run("speakers", "--db", str(copy), "--format", "jsonl").stdout.splitlines()
    ]
    names = {s["name"] for s in speakers}
    assert "Russia's MFA" in names and "Maria Zakharova" not in names and "Russian Foreign Ministry" not in names
    rows = timeline(copy, "--speaker", "Zakharova")
    assert rows and {r["speaker"] for r in rows} == {"Russia's MFA"}
    assert "merge" in run("speakers", "corrections", "--db", str(copy)).stdout


def test_outlets_framing(db):
    """Per outlet and speaker: cue verbs, headline verbs, direct / mixed / indirect counts."""
    rows = [json.loads(line) for line in run("outlets", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    ryabkov = [r for r in rows if r["speaker"] == "Sergey Ryabkov"]
    assert len(ryabkov) >= 2 and sum(r["quotes"] for r in ryabkov) == len(timeline(db, "--speaker", "Ryabkov"))
    assert all(r["direct"] + r["mixed"] + r["indirect"] == r["quotes"] for r in rows)
    assert any(r["headline_cues"] for r in ryabkov)
    run("outlets", "--db", str(db), "--compare")


def test_statement_groups_on_the_seeds(db):
    """A headline and the lede that says the same thing are one statement, first seen in 004."""
    rows = timeline(db, "--speaker", "Ryabkov")
    groups = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r["text"])
    joined = [g for g in groups.values() if any("unlikely to normalize" in t for t in g)]
    assert len(joined) == 1 and len(joined[0]) == 2
    # Different claims stay apart: the 'military response' threat is not the 'no trust' remark.
    military = next(r["group"] for r in rows if r["text"].startswith("Our response will be military"))
    trust = next(r["group"] for r in rows if r["text"].startswith("There’s basically no trust"))
    assert military != trust
