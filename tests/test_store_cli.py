"""The store's command line (ingest, events, event, persons, person, search, compare, export, stats) through
typer's CliRunner on a SQLite store built once for the module."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readouts.cli import app
from store_corpus import write_docs

pytestmark = pytest.mark.slow

NAMES = ("us_call", "jp_call", "later_call", "blinken_hayashi", "austin_marles", "austin_singh")


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory, runner):
    """(db path, doc ids by name, the ingest results): the story documents plus one empty file."""
    root = tmp_path_factory.mktemp("cli-store")
    paths = write_docs(root / "docs", *NAMES)
    (root / "docs" / "empty.txt").write_text("", encoding="utf-8")
    db = str(root / "store.db")
    first = runner.invoke(app, ["ingest", str(root / "docs"), "--db", db])
    second = runner.invoke(app, ["ingest", str(root / "docs"), "--db", db])
    ids = {n: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for n, p in paths.items()}
    return db, ids, first, second


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args))


def one_line_error(result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("readouts: "), result.stderr
    return lines[0]


def hamada_call_id(runner, db) -> str:
    r = invoke(runner, "events", "--db", db, "--person", "Hamada", "--until", "2023-04", "--format", "json")
    [ev] = json.loads(r.stdout)
    return ev["event_id"]


def test_ingest_prints_a_summary_on_stderr(built):
    _, _, first, second = built
    assert first.exit_code == 0, first.stderr
    assert "6 new, 0 updated, 0 unchanged, 1 failed" in first.stderr
    assert "empty.txt" in first.stderr  # the failed document is named
    assert first.stdout == ""
    assert second.exit_code == 0
    assert second.stderr.strip().splitlines()[-1] == "readouts: 0 new, 0 updated, 6 unchanged, 1 failed"


def test_ingest_quiet_prints_nothing(built, runner, tmp_path):
    write_docs(tmp_path / "docs", "us_call")
    r = invoke(runner, "ingest", str(tmp_path / "docs"), "--db", str(tmp_path / "q.db"), "--quiet")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""


def test_events_table_has_a_header_row(built, runner):
    db = built[0]
    r = invoke(runner, "events", "--db", db)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[:4] == ["event_id", "date", "kind", "status"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + 5
    assert lines[2].split()[:3][1:] == ["2023-03-01", "call"]


def test_events_json_jsonl_csv_parse(built, runner):
    db = built[0]
    as_json = json.loads(invoke(runner, "events", "--db", db, "--format", "json").stdout)
    assert [e["date"] for e in as_json] == ["2023-03-01", "2023-04-17", "2023-06-05", "2023-07-12", "2023-07-28"]
    lines = invoke(runner, "events", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x) for x in lines] == as_json
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "events", "--db", db, "--format", "csv").stdout)))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in as_json]
    assert rows[0]["n_sources"] == "2"
    filtered = json.loads(invoke(runner, "events", "--db", db, "--person", "Hamada Yasukazu", "--kind", "call",
                                 "--since", "2023-07", "--format", "json").stdout)
    assert [e["date"] for e in filtered] == ["2023-07-12"]
    assert json.loads(invoke(runner, "events", "--db", db, "--country", "AU", "--format", "json").stdout)[0][
        "place"] == "Brisbane"
    assert invoke(runner, "events", "--db", db, "--format", "xml").exit_code == 2


def test_event_shows_sources_support_and_disagreements(built, runner):
    db, ids, *_ = built
    ev_id = hamada_call_id(runner, db)
    r = invoke(runner, "event", ev_id, "--db", db)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith(ev_id) and "sources:      2" in out
    assert f"[{ids['us_call']}]" in out and f"[{ids['jp_call']}]" in out
    assert "support:" in out and "2023-03-02" in out
    assert "! sources disagree on date" in out
    as_json = json.loads(invoke(runner, "event", ev_id, "--db", db, "--format", "json").stdout)
    assert as_json[0]["event_id"] == ev_id and len(as_json[0]["sources"]) == 2


def test_unknown_event_is_exit_1_and_one_line(built, runner):
    db = built[0]
    line = one_line_error(invoke(runner, "event", "ev-000000000000", "--db", db))
    assert "ev-000000000000" in line
    one_line_error(invoke(runner, "compare", "ev-000000000000", "--db", db))


def test_person_and_persons(built, runner):
    db = built[0]
    r = invoke(runner, "person", "Hamada", "--db", db)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Yasukazu Hamada  (JP)  3 documents")
    assert "office: Minister of Defense (JP)" in r.stdout
    assert r.stdout.count("  event:  ") == 2 and "met:    Lloyd J. Austin III (2)" in r.stdout
    austin = invoke(runner, "person", "Lloyd Austin", "--db", db, "--format", "json")
    [p] = json.loads(austin.stdout)
    assert p["name"] == "Lloyd J. Austin III" and len(p["quotes"]) == 1
    one_line_error(invoke(runner, "person", "Nobody Atall", "--db", db))

    jp = invoke(runner, "persons", "--country", "JP", "--db", db)
    assert jp.exit_code == 0, jp.stderr
    assert "Yasukazu Hamada" in jp.stdout and "Yoshimasa Hayashi" in jp.stdout
    assert "Austin" not in jp.stdout and "Marles" not in jp.stdout
    everyone = json.loads(invoke(runner, "persons", "--db", db, "--format", "json").stdout)
    assert {p["name"] for p in everyone} == {"Lloyd J. Austin III", "Yasukazu Hamada", "Antony J. Blinken",
                                            "Yoshimasa Hayashi", "Richard Marles", "Rajnath Singh"}


def test_search(built, runner):
    db, ids, *_ = built
    r = invoke(runner, "search", "Senkaku", "--db", db)
    assert r.exit_code == 0, r.stderr
    assert "[Senkaku]" in r.stdout and ids["us_call"] in r.stdout
    hits = json.loads(invoke(runner, "search", '"peace and stability"', "--db", db, "--format", "json").stdout)
    assert {h["kind"] for h in hits} == {"document", "quote"}
    for q in ("'; DROP TABLE documents; --", "NEAR(", "*", '"'):
        assert invoke(runner, "search", q, "--db", db).exit_code == 0, q
    stats = json.loads(invoke(runner, "stats", "--db", db, "--format", "json").stdout)
    assert stats[0]["documents"] == 6


def test_compare(built, runner):
    db, ids, *_ = built
    ev_id = hamada_call_id(runner, db)
    r = invoke(runner, "compare", ev_id, "--db", db)
    assert r.exit_code == 0, r.stderr
    assert f"[{ids['us_call']}] U.S. Department of Defense" in r.stdout
    assert f"[{ids['jp_call']}] Ministry of Defense of Japan" in r.stdout
    assert "only here:   topics" in r.stdout and "counterstrike" in r.stdout
    assert "only here:   Lloyd J. Austin III:" in r.stdout
    assert "! differ on date: 2023-03-01" in r.stdout
    as_json = json.loads(invoke(runner, "compare", ev_id, "--db", db, "--format", "json").stdout)
    assert set(as_json[0]["only"]) == {ids["us_call"], ids["jp_call"]}


def test_export_events_csv(built, runner, tmp_path):
    db = built[0]
    r = invoke(runner, "export", "events", "--format", "csv", "--db", db)
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 5 and {"event_id", "date", "documents", "support", "conflicts"} <= set(rows[0])
    out = tmp_path / "events.csv"
    r = invoke(runner, "export", "events", "--format", "csv", "-o", str(out), "--db", db)
    assert r.exit_code == 0 and "5 events written to" in r.stderr
    assert len(list(csv.DictReader(out.open(encoding="utf-8", newline="")))) == 5
    records = invoke(runner, "export", "records", "--db", db)
    assert len(records.stdout.splitlines()) == 6
    one_line_error(invoke(runner, "export", "nonsense", "--db", db))
    one_line_error(invoke(runner, "export", "events", "--format", "parquet", "--db", db))  # needs -o


def test_stats(built, runner):
    db = built[0]
    r = invoke(runner, "stats", "--db", db)
    assert r.exit_code == 0, r.stderr
    lines = dict(line.split(None, 1) for line in r.stdout.splitlines())
    assert lines["documents"] == "6" and lines["events"] == "5" and lines["events_with_several_sources"] == "1"
    assert lines["first_event"] == "2023-03-01" and lines["last_event"] == "2023-07-28"


@pytest.mark.parametrize("command", [
    ["ingest", "DOCS"], ["events"], ["event", "ev-000000000000"], ["persons"], ["person", "Hamada"],
    ["search", "Senkaku"], ["compare", "ev-000000000000"], ["export", "events"], ["stats"],
])
def test_db_in_a_missing_folder_is_exit_1_and_one_line(runner, tmp_path, command):
    missing = tmp_path / "no" / "such" / "dir" / "store.db"
    write_docs(tmp_path / "docs", "us_call")
    args = [str(tmp_path / "docs") if a == "DOCS" else a for a in command]
    line = one_line_error(invoke(runner, *args, "--db", str(missing)))
    assert "does not exist" in line and str(missing.parent) in line
    assert not Path(missing.parent).exists()
