"""`onrecord ingest --processes N`: the same stored articles and quotes whatever N."""

import sqlite3
import subprocess
import sys

from tests.conftest import SEEDS

COLUMNS = "id, article_id, position, kind, content, cue_start, cue_end, cue_lemma, speaker, mention_start, said_on"


def stored(db):
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
        quotes = conn.execute(f"SELECT {COLUMNS} FROM quotes ORDER BY id").fetchall()
    return articles, quotes


def test_two_processes_store_the_same_quotes_as_one(tmp_path):
    """ingest --processes 2 stores exactly what --processes 1 stores (the seed articles)."""
    dbs = []
    for n in (1, 2):
        db = tmp_path / f"p{n}.db"
        subprocess.run(
            [sys.executable, "-m", "onrecord", "ingest", str(SEEDS), "--db", str(db), "--processes", str(n)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        dbs.append(stored(db))
    articles, quotes = dbs[0]
    assert len(articles) == 5 and quotes
    assert dbs[1] == dbs[0]
