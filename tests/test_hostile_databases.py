"""Damaged and foreign databases, locks, a full disk and options at the edges: every
command ends in one line on stderr with a documented exit status (2 usage, 3 lock,
5 database unusable), never a traceback; readers never write to the database."""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

from aggregator.cli import main
from aggregator.cli.checks import EXIT_DATABASE, EXIT_LOCKED
from aggregator.store import DatabaseLocked, DatabaseUnusable, Store, database_error
from aggregator.store.migrations import MIGRATIONS

RECORD = '{"url": "https://x.kg/news/1", "text": "hello"}\n'


def _good(path):
    Store(path).close()
    return path


def _random(path):
    path.write_bytes(os.urandom(50_000))


def _text(path):
    path.write_text("id,title\n1,hello\n", encoding="utf-8")


def _truncated(path):
    store = Store(path)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _first_page_overwritten(path):
    _good(path)
    data = path.read_bytes()
    path.write_bytes(b"\xde\xad" * 2048 + data[4096:])


def _directory(path):
    path.mkdir()


def _version_without_tables(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 3")
    conn.close()


def _newer_schema(path):
    _good(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 7}")
    conn.close()


def _foreign(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()


DAMAGED = {"random bytes": _random, "a text file": _text, "truncated": _truncated,
           "first page overwritten": _first_page_overwritten, "a directory": _directory,
           "user_version without tables": _version_without_tables, "newer schema": _newer_schema,
           "another program's database": _foreign, "/dev/null": None}
COMMANDS = {
    "search": ["search", "budget"], "stats": ["stats"], "feed": ["feed"],
    "export": ["export", "stories"], "health": ["health"], "enrich --db": ["enrich", "-"],
    "serve": ["serve", "--port", "1"],
}


def _db(tmp_path, kind):
    if DAMAGED[kind] is None:
        return "/dev/null"
    path = tmp_path / "news.db"
    DAMAGED[kind](path)
    return str(path)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_an_unusable_database_is_one_line_and_exit_5(tmp_path, kind, command):
    db = _db(tmp_path, kind)
    before = os.stat(db).st_mtime_ns if os.path.isfile(db) else None
    result = CliRunner().invoke(main, [*COMMANDS[command], "--db", db], input=RECORD)
    assert result.exit_code == EXIT_DATABASE, (result.exit_code, result.output[-800:])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and db in lines[0] and "exit status 5" in lines[0], result.stderr
    assert "Traceback" not in result.output
    if before is not None:
        assert os.stat(db).st_mtime_ns == before  # nothing written to a file refused
    if kind == "newer schema":
        assert "newer than this code knows" in lines[0]


def test_a_crawl_refuses_a_newer_schema_without_writing(tmp_path):
    db = tmp_path / "news.db"
    _newer_schema(db)
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["crawl", "kaktus", "--db", str(db), "--logfile", ""])
    assert result.exit_code == EXIT_DATABASE, result.output
    assert "newer than this code knows" in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["search", "stats", "feed", "export", "health"])
def test_readers_open_read_only_no_wal_switch_no_migration(tmp_path, command):
    db = tmp_path / "news.db"
    _good(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = db.read_bytes()
    result = CliRunner().invoke(main, [*COMMANDS[command], "--db", str(db)])
    assert result.exit_code in (0, 4), result.output  # health: 4 is "a source looks broken"
    assert db.read_bytes() == before
    assert not (tmp_path / "news.db-wal").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_reader_store_refuses_to_write(tmp_path):
    db = _good(tmp_path / "news.db")
    store = Store(db, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("DELETE FROM articles")
    store.close()


def test_a_writer_blocked_past_the_timeout_says_so_in_one_line(tmp_path, monkeypatch):
    from aggregator.store import connection

    db = _good(tmp_path / "news.db")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(main, ["enrich", "-", "--db", str(db)], input=RECORD)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == EXIT_LOCKED, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "locked" in lines[0] and str(db) in lines[0]


def test_a_full_disk_is_a_clear_error(tmp_path):
    db = _good(tmp_path / "news.db")
    store = Store(db)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as on a full disk
    with pytest.raises(sqlite3.OperationalError) as raised:
        with store.db.conn:
            store.db.execute("CREATE TABLE filler (x)")
            store.db.execute("INSERT INTO filler SELECT randomblob(4000) FROM "
                             "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                             "WHERE i < 1000) SELECT i FROM n)")
    store.close()
    error = database_error(raised.value, db)
    assert isinstance(error, DatabaseUnusable) and "disk is full" in str(error)


def test_database_errors_are_classified():
    assert isinstance(database_error(sqlite3.OperationalError("database is locked"), "x"), DatabaseLocked)
    assert isinstance(database_error(sqlite3.DatabaseError("file is not a database"), "x"), DatabaseUnusable)
    assert "cannot be written" in str(database_error(
        sqlite3.OperationalError("attempt to write a readonly database"), "x"))


def test_readers_keep_working_during_a_write(tmp_path):
    db = _good(tmp_path / "news.db")
    writer = Store(db)
    writer.db.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(main, ["stats", "--db", str(db)])
    finally:
        writer.db.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output


# --- options at the edges: exit status 2 with a clear message ---------------------------

BAD_OPTIONS = {
    "since days overflow": ["search", "x", "--since", "99999999999d"],
    "since years overflow": ["search", "x", "--since", "1000000y"],
    "since garbage": ["search", "x", "--since", "last tuesday"],
    "since 9999 at -12:00": ["stats", "--since", "9999-12-31T23:59:59-12:00"],
    "since 0001 at +14:00": ["stats", "--since", "0001-01-01T00:00:00+14:00"],
    "since year 10000": ["stats", "--since", "10000-01-01"],
    "since hours overflow": ["stats", "--since", "99999999999999999h"],
    "search limit 10^30": ["search", "x", "--limit", str(10**30)],
    "search limit -1": ["search", "x", "--limit", "-1"],
    "search limit 0": ["search", "x", "--limit", "0"],
    "search limit text": ["search", "x", "--limit", "many"],
    "feed limit 10^30": ["feed", "--limit", str(10**30)],
    "feed limit negative": ["feed", "--limit", "-5"],
    "export limit -1": ["export", "stories", "--limit", "-1"],
    "export limit 10^30": ["export", "stories", "--limit", str(10**30)],
    "export cursor superscript": ["export", "stories", "--since", "²"],
    "export cursor arabic-indic": ["export", "stories", "--since", "٣"],
    "export cursor negative": ["export", "stories", "--since", "-1"],
    "export cursor 10^30": ["export", "stories", "--since", str(10**30)],
    "export cursor text": ["export", "stories", "--since", "abc"],
    "health runs 10^30": ["health", "--runs", str(10**30)],
    "health runs 0": ["health", "--runs", "0"],
    "serve port 99999": ["serve", "--port", "99999"],
    "feed country": ["feed", "--country", "XX"],
}


@pytest.mark.parametrize("name", sorted(BAD_OPTIONS))
def test_bad_options_are_usage_errors(tmp_path, name):
    db = _good(tmp_path / "news.db")
    result = CliRunner().invoke(main, [*BAD_OPTIONS[name], "--db", str(db)])
    assert result.exit_code == 2, (result.exit_code, result.output[-500:])
    assert "Invalid value" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("args", [["stats", "--since", "0001-01-01"], ["stats", "--since", "9999-12-31"],
                                  ["search", "x", "--since", "1y"], ["export", "stories", "--since", "0"],
                                  ["feed", "--limit", "1000000"]])
def test_options_at_the_limits_that_make_sense_work(tmp_path, args):
    db = _good(tmp_path / "news.db")
    CliRunner().invoke(main, ["enrich", "-", "--db", str(db)], input=RECORD)
    result = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output[-800:]
