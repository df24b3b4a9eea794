"""Loading documents: discovery, decoding, refusals with reasons, sidecars, HTML. No model."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from readouts.errors import LoadError, ReadoutsError, SidecarError
from readouts.load import discover, iter_documents, load_bytes, load_path
from readouts.load.files import read_sidecar
from readouts.model import doc_id_for
from readouts.settings import Settings

TEXT = (
    "Secretary Blinken met Foreign Minister Hayashi in Tokyo on Tuesday.\n\n"
    "\u201cOur alliance has never been stronger,\u201d the secretary said \u2014 and the minister agreed.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- discovery ------------------------------------------------------------------------


def test_discover_walks_folders_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b.txt", TEXT)
    write(tmp_path / "a.md", TEXT)
    write(tmp_path / "sub" / "z.html", "<html><body><p>x</p></body></html>")
    write(tmp_path / "sub" / "deeper" / "c.txt", TEXT)
    write(tmp_path / "sub" / "a.htm", "<html><body><p>x</p></body></html>")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)])]
    assert found == sorted(found)
    assert set(found) == {"a.md", "b.txt", "sub/a.htm", "sub/deeper/c.txt", "sub/z.html"}


def test_discover_skips_gold_and_meta_sidecars_and_other_suffixes(tmp_path):
    write(tmp_path / "doc.txt", TEXT)
    write(tmp_path / "doc.gold.json", "{}")
    write(tmp_path / "doc.meta.json", "{}")
    write(tmp_path / "notes.json", "{}")
    write(tmp_path / "image.png", b"\x89PNG\r\n")
    write(tmp_path / ".hidden.txt", TEXT)
    assert discover([str(tmp_path)]) == [str(tmp_path / "doc.txt")]


def test_discover_keeps_files_and_missing_paths_in_the_order_given(tmp_path):
    a = write(tmp_path / "a.txt", TEXT)
    b = write(tmp_path / "b.txt", TEXT)
    missing = str(tmp_path / "nope.txt")
    assert discover([str(b), missing, str(a)]) == [str(b), missing, str(a)]


def test_iter_documents_reports_a_bad_file_in_its_place_and_goes_on(tmp_path):
    write(tmp_path / "1-good.txt", TEXT)
    write(tmp_path / "2-empty.txt", "")
    write(tmp_path / "3-good.txt", TEXT)
    items = list(iter_documents([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Document", "LoadError", "Document"]
    assert items[1].path.endswith("2-empty.txt")


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_load_bytes_decodes_unicode_encodings(encoding):
    doc = load_bytes(TEXT.encode(encoding), "doc.txt")
    assert doc.text == TEXT


def test_load_bytes_strips_the_utf8_bom_so_offsets_start_at_the_text():
    doc = load_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "doc.txt")
    assert doc.text.startswith("Secretary")


@pytest.mark.parametrize("text", [
    "The minister\u2019s remarks \u2014 \u201cWe will stand with our allies,\u201d she said \u2014 were brief.\n" * 3,
    "French Minister of the Armed Forces S\u00e9bastien Lecornu met Secretary Austin at the Pentagon. "
    "\u201cOur partnership is strong,\u201d Lecornu said.\n",
    "Secretary Austin met Jos\u00e9 Manuel Albares in Madrid. \u201cSpain is a steadfast ally,\u201d he said.\n",
])
def test_load_bytes_decodes_windows_1252(text):
    raw = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the test is only meaningful if UTF-8 fails
    assert load_bytes(raw, "doc.txt").text == text


@pytest.mark.parametrize("text", [
    pytest.param("Defence Minister Ir\u00e8ne Dupont met officials at the \u00c9lys\u00e9e Palace.\n",
                 id="e-grave"),
    pytest.param("Secretary Blinken met Foreign Minister Jean-No\u00ebl Barrot at the Quai d\u2019Orsay; their "
                 "\u201ct\u00eate-\u00e0-t\u00eate\u201d lasted an hour.\n", id="a-grave"),
    pytest.param("The ministers discussed na\u00efve assumptions about deterrence.\n", id="i-diaeresis"),
])
def test_load_bytes_decodes_windows_1252_accented_latin(text):
    assert load_bytes(text.encode("cp1252"), "doc.txt").text == text


def test_doc_id_is_sha256_prefix_of_the_raw_bytes():
    raw = TEXT.encode("utf-16")
    doc = load_bytes(raw, "doc.txt")
    assert doc.id == doc_id_for(raw)
    assert len(doc.id) == 16 and int(doc.id, 16) >= 0


# --- refusals with a reason -----------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"   \n\n\t  \n"])
def test_empty_document_is_a_load_error(raw):
    with pytest.raises(LoadError) as err:
        load_bytes(raw, "empty.txt")
    assert "empty" in err.value.reason
    assert err.value.path == "empty.txt"


@pytest.mark.parametrize("raw", [
    bytes(range(256)) * 16,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 37) % 256 for i in range(3000)),
    b"\x00\x01\x02\x03\x04\x05\x06\x07" * 500,
])
def test_binary_bytes_are_a_load_error(raw):
    with pytest.raises(LoadError) as err:
        load_bytes(raw, "blob.txt")
    assert "binary" in err.value.reason or "undecodable" in err.value.reason


def test_oversize_document_is_a_load_error_from_bytes_and_from_a_file(tmp_path):
    tiny = Settings(max_bytes=64)
    with pytest.raises(LoadError) as err:
        load_bytes(TEXT.encode(), "big.txt", settings=tiny)
    assert "larger than" in err.value.reason and "READOUTS_MAX_BYTES" in err.value.reason
    path = write(tmp_path / "big.txt", TEXT)
    with pytest.raises(LoadError) as err:
        load_path(str(path), tiny)
    assert "larger than" in err.value.reason


def test_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError) as err:
        load_path(str(tmp_path / "absent.txt"))
    assert "no such file" in err.value.reason


def test_unreadable_file_is_a_load_error(tmp_path):
    path = write(tmp_path / "locked.txt", TEXT)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that can read a mode-000 file (root)")
        with pytest.raises(LoadError) as err:
            load_path(str(path))
        assert "permission denied" in err.value.reason
    finally:
        path.chmod(0o644)


def test_load_errors_share_the_readouts_root_and_read_as_one_line(tmp_path):
    with pytest.raises(ReadoutsError) as err:
        load_path(str(tmp_path / "absent.txt"))
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(str(tmp_path / "absent.txt"))


# --- sidecars ---------------------------------------------------------------------------


def test_sidecar_values_are_read_into_the_document(tmp_path):
    path = write(tmp_path / "doc.txt", "A Heading Line For The Story\n\nJanuary 3, 2021\n\n" + TEXT)
    write(tmp_path / "doc.meta.json", json.dumps({
        "url": "https://example.org/x", "published": "2022-05-04T09:00:00Z",
        "publisher": " U.S. Department of State ", "title": "Sidecar Title",
    }))
    doc = load_path(str(path))
    assert doc.url == "https://example.org/x"
    assert doc.published == "2022-05-04"
    assert doc.publisher == "U.S. Department of State"
    assert doc.title == "Sidecar Title"


def test_sidecar_values_win_over_the_text_heading_and_dateline(tmp_path):
    from readouts.model import Extraction
    from readouts.pipeline import furniture, metadata
    from readouts.pipeline.context import Context

    path = write(tmp_path / "doc.txt", "A Heading Line For The Story\n\nJanuary 3, 2021\n\n" + TEXT)
    write(tmp_path / "doc.meta.json", json.dumps({"published": "2022-05-04", "title": "Sidecar Title"}))
    ctx = Context(ex=Extraction(doc=load_path(str(path))))
    furniture.run(ctx)
    metadata.run(ctx)
    assert ctx.ex.doc.title == "Sidecar Title"
    assert ctx.ex.doc.published == "2022-05-04"


def test_malformed_sidecar_is_a_sidecar_error_with_a_reason(tmp_path):
    path = write(tmp_path / "doc.txt", TEXT)
    write(tmp_path / "doc.meta.json", '{"published": "2022-05-04",')
    with pytest.raises(SidecarError) as err:
        read_sidecar(path)
    assert "not valid JSON" in err.value.reason
    assert err.value.path.endswith("doc.meta.json")
    assert isinstance(err.value, LoadError)


@pytest.mark.parametrize("payload, words", [
    ({"published": 20220504}, "must be a string"),
    ({"title": ["a", "b"]}, "must be a string"),
    ({"published": "May 4th"}, "YYYY-MM-DD"),
    (["not", "an", "object"], "JSON object"),
])
def test_sidecar_with_wrong_types_is_a_sidecar_error(tmp_path, payload, words):
    path = write(tmp_path / "doc.txt", TEXT)
    write(tmp_path / "doc.meta.json", json.dumps(payload))
    with pytest.raises(SidecarError) as err:
        read_sidecar(path)
    assert words in err.value.reason


@pytest.mark.parametrize("content", ['{"published": "2022-05-04",', '{"published": 20220504}'])
def test_a_bad_sidecar_is_ignored_with_a_warning_naming_the_reason(tmp_path, content):
    path = write(tmp_path / "doc.txt", TEXT)
    write(tmp_path / "doc.meta.json", content)
    doc = load_path(str(path))
    assert doc.text == TEXT
    assert doc.published is None
    assert len(doc.warnings) == 1
    assert "doc.meta.json" in doc.warnings[0] and "ignored" in doc.warnings[0]


def test_a_bad_sidecar_does_not_stop_the_batch(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "a.meta.json", "{oops")
    write(tmp_path / "b.txt", TEXT)
    items = list(iter_documents([str(tmp_path)]))
    assert [Path(i.path).name for i in items] == ["a.txt", "b.txt"]
    assert items[0].warnings and not items[1].warnings


# --- HTML -----------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Foreign Minister Meets Australian Counterpart</title>
<script>var trackingSecret = "zzq-tracker-payload"; document.write(trackingSecret);</script>
<style>.x { color: red }</style></head>
<body>
<nav><a href="/">Home</a> <a href="/press">Press</a></nav>
<article>
<h1>Foreign Minister Meets Australian Counterpart</h1>
<p>On September 21, Foreign Minister Kamikawa Yoko met with Senator the Hon. Penny Wong, Minister for
Foreign Affairs of Australia, on the margins of the United Nations General Assembly in New York.</p>
<p>The two ministers exchanged views on the regional situation, including the East China Sea and
the South China Sea, and confirmed that they would continue close cooperation as special strategic partners.</p>
<script>window.analytics = "zzq-inline-beacon";</script>
<p>Minister Wong said that Australia valued the partnership with Japan and looked forward to the next meeting.</p>
</article>
<footer>Copyright Example Ministry</footer>
</body></html>
"""


def test_html_goes_through_main_content_extraction_without_script(tmp_path):
    path = write(tmp_path / "page.html", HTML)
    doc = load_path(str(path))
    assert doc.source_format == "html"
    assert "zzq" not in doc.text
    assert "<p>" not in doc.text and "<script" not in doc.text
    assert "Penny Wong" in doc.text
    assert "special strategic partners" in doc.text


def test_html_is_recognised_in_a_txt_file(tmp_path):
    path = write(tmp_path / "saved-page.txt", HTML)
    doc = load_path(str(path))
    assert doc.source_format == "html"
    assert "zzq" not in doc.text


def test_markdown_is_loaded_as_text_with_offsets_into_the_file(tmp_path):
    md = "# Defense Chiefs Talk by Phone\n\n*By staff*\n\nThe ministers **spoke** by phone.\n"
    path = write(tmp_path / "brief.md", md)
    doc = load_path(str(path))
    assert doc.source_format == "markdown"
    assert doc.text == md
