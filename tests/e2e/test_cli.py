"""The command line end to end: ingest, query, export, extract, eval, and bad input."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import SEEDS

CLI = [sys.executable, "-m", "onrecord"]


def run(*args, cwd=None, env=None, check=True):
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    if check and result.returncode not in (0,):
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "onrecord.db"
    first = run("ingest", str(SEEDS), "--db", str(db))
    return db, first


def test_ingest_summary_and_idempotence(seeded):
    """Ingest prints a summary with the database path; a second run adds nothing."""
    db, first = seeded
    assert "5 new articles" in first.stdout and str(db) in first.stdout
    again = run("ingest", str(SEEDS), "--db", str(db))
    assert "0 new articles (5 in all), 0 new quotes" in again.stdout
    assert "5 article(s) were already stored and keep the quotes they were stored with" in again.stderr
    assert "already stored" not in first.stderr


def test_attribution_option_chooses_the_model(seeded, tmp_path):
    """--attribution picks the model under the rules; each stored quote names the reading it kept."""
    import sqlite3

    def stages(db):
        with sqlite3.connect(db) as con:
            return {row[0].split(":", 1)[1].split(":")[0] for row in con.execute("SELECT stage FROM quotes")}

    db, _ = seeded
    assert "crf" in stages(db)  # the default
    rules_db = tmp_path / "rules.db"
    run("ingest", str(SEEDS), "--db", str(rules_db), "--attribution", "rules")
    assert stages(rules_db) == {"rules"}
    # extract honours it too: the same quotes as the rules-only database, article by article.
    with sqlite3.connect(rules_db) as con:
        stored = {(a, q) for a, q in con.execute("SELECT article_id, id FROM quotes")}
    extracted = {
        (a["id"], q["id"])
        for a in map(json.loads, run("extract", str(SEEDS), "--attribution", "rules").stdout.splitlines())
        for q in a["quotes"]
    }
    assert extracted == stored


def test_quotes_by_any_spelling_in_date_order(seeded):
    """--speaker matches Ryabkov's spellings; rows come in statement order, undated last."""
    db, _ = seeded
    outputs = [
        run("quotes", "--db", str(db), "--speaker", name, "--format", "jsonl").stdout
        for name in ("Ryabkov", "Sergei Ryabkov", "Sergey Ryabkov")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
    rows = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(rows) > 20 and {r["speaker"] for r in rows} == {"Sergey Ryabkov"}
    dates = [r["said_on"] or r["published"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates.index(None) == len(dated)
    assert all(r["text"] in r["sentence"] or "…" in r["text"] for r in rows)


def test_positions_are_stored_apart_and_idempotent(seeded):
    """Positions (stances, questions, denials) list with their source sentence; re-ingest adds none."""
    db, first = seeded
    rows = [json.loads(line) for line in run("positions", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert rows and all(part in r["sentence"] for r in rows for part in r["text"].split(" … "))
    assert f"{len(rows)} new positions" in first.stdout
    quote_texts = {
        json.loads(line)["text"] for line in run("quotes", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    }
    assert not quote_texts & {r["text"] for r in rows}
    again = run("ingest", str(SEEDS), "--db", str(db))
    assert "0 new positions" in again.stdout
    spelled = run("positions", "--db", str(db), "--speaker", "Sergei Ryabkov", "--format", "jsonl").stdout
    assert spelled == run("positions", "--db", str(db), "--speaker", "Ryabkov", "--format", "jsonl").stdout


def test_quotes_filters_and_formats(seeded):
    """Outlet, search and date filters narrow the rows; csv has a header."""
    db, _ = seeded
    sputnik = run("quotes", "--db", str(db), "--outlet", "Sputnik", "--format", "jsonl").stdout.splitlines()
    assert sputnik and all(json.loads(r)["outlet"] == "Sputnik" for r in sputnik)
    found = run("quotes", "--db", str(db), "--search", "moratorium", "--format", "jsonl").stdout.splitlines()
    assert found and all("moratorium" in json.loads(r)["text"] for r in found)
    since = run("quotes", "--db", str(db), "--since", "2023-01-01", "--format", "jsonl").stdout.splitlines()
    assert since and all((json.loads(r)["said_on"] or json.loads(r)["published"]) >= "2023-01-01" for r in since)
    csv_out = run("quotes", "--db", str(db), "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,article_id,kind,text")


def test_export_schema_offsets_reproduce(seeded):
    """Export gives one object per article whose spans index into its text."""
    db, _ = seeded
    lines = run("export", "--db", str(db)).stdout.splitlines()
    assert len(lines) == 5
    for line in lines:
        article = json.loads(line)
        fields = {"id", "source", "title", "outlet", "published", "author", "text", "quotes", "positions"}
        assert set(article) == fields
        for q in article["quotes"] + article["positions"]:
            assert set(q) == {"id", "kind", "content", "cue", "cue_lemma", "speaker", "medium", "said_on", "stage"}
            assert q["stage"].startswith("onrecord.quotes/")
            assert set(q["speaker"]) == {"name", "mention", "role"}
            for span in q["content"]:
                assert article["text"][span["start"] : span["end"]].strip()


def test_a_bad_setting_is_a_clear_error(tmp_path):
    """An unknown ONRECORD_ATTRIBUTION stops with one line naming the choices, no traceback."""
    env = {**os.environ, "ONRECORD_ATTRIBUTION": "bogus"}
    result = run("extract", str(SEEDS / "001_2ed485fcecc47115.txt"), cwd=tmp_path, env=env, check=False)
    assert result.returncode == 1
    assert "unknown attribution model 'bogus'" in result.stderr and "crf, encoder, rules" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_without_database(tmp_path):
    """extract prints JSON per article and writes no database."""
    out = run("extract", str(SEEDS / "001_2ed485fcecc47115.txt"), cwd=tmp_path).stdout
    article = json.loads(out)
    assert article["published"] == "2021-12-03" and article["quotes"]
    assert not list(tmp_path.glob("*.db"))


def test_eval_seeds_prints_the_figures():
    """eval seeds prints precision/recall for both quote groups and the speaker share."""
    out = run("eval", "seeds").stdout
    assert "direct" in out and "mixed+indirect" in out and "speaker correct" in out


def test_eval_polnear_scores_a_folder_that_holds_only_test(tmp_path):
    """The blind test compartment is scored with the same command, --split or not (PolNeAR layout,
    an article written here)."""
    base = tmp_path / "polnear" / "data" / "test"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    text = "Budget talks\n\nThe mayor said that taxes would rise.\n"
    (base / "text" / "x_2016-01-01_a.txt").write_text(text, encoding="utf-8")
    spans = {"Source": "The mayor", "Cue": "said", "Content": "that taxes would rise"}
    lines = [
        f"T{n}\t{label} {text.index(s)} {text.index(s) + len(s)}\t{s}" for n, (label, s) in enumerate(spans.items(), 1)
    ]
    (base / "attributions" / "x_2016-01-01_a_4b22.ann").write_text(
        "\n".join([*lines, "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3"]) + "\n", encoding="utf-8"
    )
    for extra in ([], ["--split", "test"]):
        report = json.loads(run("eval", "polnear", str(tmp_path / "polnear"), "--json", *extra).stdout)
        assert report["split"] == "test" and report["articles"] == 1
        assert report["metrics"]["source"]["all"]["gold"] == 1
    missing = run("eval", "polnear", str(tmp_path / "polnear"), "--split", "dev", check=False)
    assert missing.returncode != 0 and "compartments with texts here: test" in missing.stderr


def test_bad_input_is_reported_and_the_rest_stored(tmp_path):
    """Binary, empty, cp1251, huge, malformed HTML and bad JSONL lines are reported; the batch goes on."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS / "004_ca99d03806322acc.txt", src / "good.txt")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (src / "empty.txt").write_text("")
    (src / "cyrillic.txt").write_bytes(
        "Заголовок\n\nМинистр сказал, что переговоры продолжатся на следующей неделе.".encode("cp1251")
    )
    (src / "latin1.txt").write_bytes("Café Talks\n\nThe minister said the café would reopen.".encode("latin-1"))
    (src / "broken.html").write_text("<html><head><title>x</title></head><body><div><p></div></p><<>><script>")
    (src / "repaired.html").write_text(
        "<html><body><article><h1>Port Reopens</h1><p>The harbour master said the port would reopen on "
        "Monday after repairs to the northern quay were completed<b>, officials added.</article>"
    )
    with open(src / "huge.txt", "wb") as f:
        f.truncate(100 * 1024 * 1024)
    (src / "batch.jsonl").write_text(
        '{"text": "Quiet Day\\n\\nThe mayor said the bridge would reopen on Friday.", "outlet": "Local News"}\n'
        "this is not json\n"
        '{"url": "https://www.rt.com/news/1", "text": "Big Talk\\n\\n\\u201cWe are ready,\\u201d Ivan Petrov said."}\n'
    )
    db = tmp_path / "x.db"
    result = run("ingest", str(src), "--db", str(db), check=False)
    assert result.returncode == 2
    err = result.stderr
    for name, reason in [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("huge.txt", "too large"),
        ("batch.jsonl:2", "not JSON"),
        ("cyrillic.txt", "not UTF-8"),
        ("latin1.txt", "not UTF-8"),
        ("broken.html", "no article text"),
    ]:
        assert name in err and reason in err, (name, err)
    # good, cyrillic, latin1, the repaired HTML page and two JSONL lines: nothing usable is lost.
    assert "6 new articles" in result.stdout
    exported = [json.loads(line) for line in run("export", "--db", str(db)).stdout.splitlines()]
    outlets = {a["outlet"] for a in exported}
    assert {"Local News", "RT"} <= outlets


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_database(tmp_path):
    """SIGKILL mid-ingest leaves whole articles only; a re-run completes the set."""
    src = tmp_path / "many"
    src.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(60):
        text = seeds[i % len(seeds)].read_text()
        (src / f"{i:03d}.txt").write_text(text + f"\n\nEditor's note {i}: this copy was archived on request.\n")
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*CLI, "ingest", str(src), "--db", str(db), "--no-progress"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    import sqlite3

    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db) as con:
                stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = con.execute(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id)"
        ).fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert articles < 60 and orphans == 0
    rerun = run("ingest", str(src), "--db", str(db))
    assert "(60 in all)" in rerun.stdout
