"""Hostile and broken input, generated here: each document gets a clear per-document error or a
correct record, within bounded time and memory, and the batch (and the store) goes on.

The figures (seconds, peak RSS of the extracting process) are written to
test-output/hostile.json for the record."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
READOUTS = [sys.executable, "-m", "readouts"]
TIME_LIMIT_S = 120
MEMORY_LIMIT = 3 * 1024 ** 3  # address-space cap given to the extracting process
GOOD = "Secretary of Defense Lloyd J. Austin III spoke today with Japanese Defense Minister Nobuo Kishi.\n"


def _write_inputs(folder: Path) -> dict[str, str]:
    """name -> what readouts should do with it: 'record' or 'error'."""
    rnd = random.Random(11)
    folder.mkdir(parents=True, exist_ok=True)
    expect = {}

    def put(name: str, data: bytes, what: str) -> None:
        (folder / name).write_bytes(data)
        expect[name] = what

    put("a-good.txt", GOOD.encode(), "record")
    put("empty.txt", b"", "error")
    put("random-bytes.txt", bytes(rnd.getrandbits(8) for _ in range(20000)), "error")
    with (folder / "huge-200mb.txt").open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    expect["huge-200mb.txt"] = "error"
    put("one-paragraph-100k-lines.txt", ("Kishi met Austin\n" * 100_000).encode(), "record")
    put("nul-bytes.txt", GOOD.encode().replace(b" spoke", b"\x00 spoke\x00"), "record")
    put("invalid-utf8-inside.txt", GOOD.encode() + b"\xff\xfe\xfa broken \xc3\x28 bytes\n" + GOOD.encode(), "record")
    put("utf16-no-bom.txt", GOOD.encode("utf-16-le"), "record")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    expect["loop-a.txt"] = expect["loop-b.txt"] = "error"
    put("deep-10000.html", b"<html><body>" + b"<div>" * 10000 + GOOD.encode() + b"</div>" * 10000 + b"</body></html>",
        "any")
    put("hostile.html", b"<html><head><script>alert(1)</script></head><body><article><h1>Readout</h1>"
                        b"<p onclick=\"alert(2)\">" + GOOD.encode() + b"</p><iframe src=\"https://evil.example\">"
                        b"</iframe><a href=\"javascript:alert(3)\">link</a><img src=x onerror=alert(4)>"
                        b"</article></body></html>", "record")
    put("sidecar-wrong-types.txt", GOOD.encode(), "record")
    (folder / "sidecar-wrong-types.meta.json").write_text(json.dumps({"published": 20230301, "title": ["x"]}))
    put("sidecar-10mb.txt", GOOD.encode(), "record")
    (folder / "sidecar-10mb.meta.json").write_text(json.dumps({"title": "t", "junk": "x" * (10 * 1024 * 1024)}))
    put("unclosed-quotes.txt", ('Austin said "this quotation never closes and goes on and on ' * 200).encode(),
        "record")
    labels = "".join(f"{'SEC. AUSTIN' if i % 2 else 'MIN. KISHI'}: We discussed the alliance, point {i}.\n\n"
                     for i in range(5000))
    put("transcript-5000-labels.txt", labels.encode(), "record")
    return expect


# The cap is set by a small launcher that then becomes readouts (exec). Peak RSS is read from the child's
# VmHWM while it runs: ru_maxrss survives exec and would report the size of this (large) test process.
_CAPPED = [sys.executable, "-c", "import os, resource, sys; "
           "resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]),) * 2); os.execv(sys.argv[2], sys.argv[2:])",
           str(MEMORY_LIMIT)]


def _run(args: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run the CLI with a memory cap and a time limit; (result, seconds, peak RSS in MiB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(_CAPPED + READOUTS + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    timer = threading.Timer(TIME_LIMIT_S * 2, proc.kill)
    timer.start()
    peak = [0]
    done = threading.Event()

    def watch_rss() -> None:
        while not done.is_set():
            try:
                with open(f"/proc/{proc.pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]))
            except OSError:
                return
            done.wait(0.02)

    sampler = threading.Thread(target=watch_rss, daemon=True)
    sampler.start()
    try:
        out = proc.stdout.read().decode("utf-8", "replace")
        err = proc.stderr.read().decode("utf-8", "replace")
        _, status, _usage = os.wait4(proc.pid, 0)
    finally:
        done.set()
        timer.cancel()
    sampler.join()
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return subprocess.CompletedProcess(args, code, out, err), seconds, peak[0] / 1024


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, _write_inputs(folder)


def test_each_hostile_file_alone_is_bounded_and_answered(hostile):
    folder, expect = hostile
    figures = {}
    for name, what in sorted(expect.items()):
        done, seconds, rss_mib = _run(["extract", str(folder / name), "--format", "jsonl"])
        records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
        figures[name] = {"exit": done.returncode, "records": len(records), "seconds": round(seconds, 2),
                         "peak_rss_mib": round(rss_mib), "stderr": done.stderr.strip().splitlines()[-1:]}
        assert "Traceback" not in done.stderr, (name, done.stderr[-2000:])
        assert seconds < TIME_LIMIT_S, (name, seconds)
        if what == "record":
            assert done.returncode == 0 and len(records) == 1, (name, done.stderr)
        elif what == "error":
            assert done.returncode == 1 and not records and str(name) in done.stderr, (name, done.stderr)
            assert len(done.stderr.strip().splitlines()) <= 2
        else:
            assert done.returncode in (0, 1)
    out = ROOT / "test-output" / "hostile.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))


def test_hostile_html_loses_its_active_content(hostile):
    folder, _ = hostile
    done, _, _ = _run(["extract", str(folder / "hostile.html")])
    rec = json.loads(done.stdout)
    text = subprocess.run(READOUTS + ["show", str(folder / "hostile.html"), "--text"], capture_output=True,
                          text=True, cwd=ROOT).stdout
    assert "alert(" not in text and "<script" not in text and "javascript:" not in text
    assert {p["name"] for p in rec["persons"]} >= {"Lloyd J. Austin III", "Nobuo Kishi"}


def test_the_whole_hostile_batch_goes_on_and_the_store_stays_consistent(hostile, tmp_path):
    folder, expect = hostile
    db = str(tmp_path / "h.db")
    done, seconds, _ = _run(["ingest", str(folder), "--db", db])
    assert done.returncode == 0, done.stderr
    good = sum(1 for w in expect.values() if w == "record")
    summary = done.stderr.strip().splitlines()[-1]
    assert f"{good}" in summary or "new" in summary
    again, _, _ = _run(["ingest", str(folder), "--db", db])
    assert " 0 new, 0 updated" in again.stderr
    from readouts.store import open_store, queries

    distinct = len({(folder / n).read_bytes() for n, w in expect.items() if w == "record"})  # same bytes: one document
    with open_store(db).connect() as conn:
        st = queries.stats(conn)
        assert st["documents"] >= distinct
        assert queries.search(conn, "Kishi")
