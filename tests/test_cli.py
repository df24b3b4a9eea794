"""The command line: records in input order, one-line errors, exit codes, helpful --help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readouts.cli import app

CONTRACT_KEYS = {"doc", "persons", "events", "quotes", "turns", "topics", "statements"}
DOC_KEYS = {"id", "path", "title", "published", "publisher", "doc_type", "text_chars"}

CALL = ("Readout of Secretary Austin's Call With Minister Kihara\n\nSecretary of Defense Lloyd J. Austin III spoke "
        "today with Japanese Minister of Defense Minoru Kihara about the regional security environment.\n")
MEETING = ("Secretary Blinken Meets Foreign Minister Wong\n\nSecretary of State Antony J. Blinken met Australian "
           "Foreign Minister Penny Wong in Canberra today to discuss the Indo-Pacific.\n")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def batch(tmp_path) -> Path:
    (tmp_path / "b-meeting.txt").write_text(MEETING, encoding="utf-8")
    (tmp_path / "a-call.txt").write_text(CALL, encoding="utf-8")
    (tmp_path / "a-call.meta.json").write_text('{"published": "2024-03-15"}', encoding="utf-8")
    (tmp_path / "a-call.gold.json").write_text('{"persons": []}', encoding="utf-8")
    (tmp_path / "c-html.html").write_text(
        "<html><head><title>Ministers Talk</title></head><body><article><h1>Ministers Talk</h1><p>Secretary of "
        "Defense Lloyd J. Austin III held a video call with Indian Defence Minister Rajnath Singh on Tuesday to "
        "discuss defense industrial cooperation between the two countries.</p></article></body></html>",
        encoding="utf-8")
    return tmp_path


def lines_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.mark.slow
def test_extract_jsonl_writes_one_record_per_document_in_input_order(runner, batch):
    result = runner.invoke(app, ["extract", str(batch), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.stderr
    recs = lines_of(result.stdout)
    assert [Path(r["doc"]["path"]).name for r in recs] == ["a-call.txt", "b-meeting.txt", "c-html.html"]
    for r in recs:
        assert set(r) >= CONTRACT_KEYS
        assert set(r["doc"]) >= DOC_KEYS
    assert recs[0]["doc"]["published"] == "2024-03-15"


@pytest.mark.slow
def test_extract_keeps_the_order_of_paths_given(runner, batch):
    paths = [str(batch / "c-html.html"), str(batch / "a-call.txt"), str(batch / "b-meeting.txt")]
    result = runner.invoke(app, ["extract", *paths, "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert [r["doc"]["path"] for r in lines_of(result.stdout)] == paths


@pytest.mark.slow
def test_extract_writes_to_an_output_file(runner, batch, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "records.jsonl"
    result = runner.invoke(app, ["extract", str(batch / "a-call.txt"), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert len(lines_of(out.read_text(encoding="utf-8"))) == 1


@pytest.mark.slow
def test_a_bad_file_gets_one_stderr_line_and_the_batch_goes_on(runner, batch):
    (batch / "b2-empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(batch), "--format", "jsonl"])
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if "b2-empty.txt" in line]
    assert len(errors) == 1
    assert errors[0].startswith("readouts: ") and "empty" in errors[0]
    assert "Traceback" not in result.stderr
    names = [Path(r["doc"]["path"]).name for r in lines_of(result.stdout)]
    assert names == ["a-call.txt", "b-meeting.txt", "c-html.html"]


@pytest.mark.slow
def test_strict_stops_with_a_non_zero_exit_code(runner, batch):
    (batch / "b2-empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(batch), "--strict"])
    assert result.exit_code != 0
    assert "b2-empty.txt" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # the batch loads the model before it finds there is nothing to read
def test_extract_fails_when_nothing_could_be_read(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_an_unknown_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2
    assert "jsonl" in result.stderr


@pytest.mark.slow
def test_extract_json_and_table_formats(runner, batch):
    result = runner.invoke(app, ["extract", str(batch / "a-call.txt"), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)
    result = runner.invoke(app, ["extract", str(batch / "a-call.txt"), "--format", "table", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert "a-call.txt" in result.stdout and "event" in result.stdout


def test_show_text_prints_the_text_offsets_point_into(runner, batch):
    result = runner.invoke(app, ["show", str(batch / "c-html.html"), "--text"])
    assert result.exit_code == 0
    assert "Rajnath Singh" in result.stdout and "<p>" not in result.stdout


def test_show_prints_metadata_as_json(runner, batch):
    result = runner.invoke(app, ["show", str(batch / "a-call.txt")])
    assert result.exit_code == 0
    meta = json.loads(result.stdout)
    assert meta["published"] == "2024-03-15" and meta["path"].endswith("a-call.txt")


def test_show_a_missing_file_is_one_line_on_stderr(runner, tmp_path):
    result = runner.invoke(app, ["show", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", command_names())
def test_every_command_help_mentions_an_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout or "example" in result.stdout


def test_version(runner):
    from readouts import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout
