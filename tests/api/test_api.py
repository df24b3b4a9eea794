"""The JSON API: every route answers with data from the store, typed, paginated, one error shape."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_stats_counts_the_ingested_examples(client):
    body = client.get("/api/stats").json()
    assert body["documents"] == 10
    assert body["events"] >= 10 and body["events_with_several_sources"] >= 2


def test_events_are_paginated_in_a_stable_order(client):
    first = client.get("/api/events", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_offset"] == 3
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    everything = client.get("/api/events", params={"limit": 500}).json()
    ids = [e["event_id"] for e in everything["items"]]
    assert [e["event_id"] for e in first["items"] + second["items"]] == ids[:6]
    assert everything["next_offset"] is None
    dated = [e["date"] for e in everything["items"] if e["date"]]
    assert dated == sorted(dated)


def test_events_filter_by_person_country_and_dates(client):
    items = client.get("/api/events", params={"person": "Hamada", "limit": 100}).json()["items"]
    assert items and all("Yasukazu Hamada" in e["participants"] for e in items)
    au = client.get("/api/events", params={"country": "AU", "limit": 100}).json()["items"]
    assert au and all(e["country"] == "AU" or "AU" in e["parties"] for e in au)
    since = client.get("/api/events", params={"since": "2024", "limit": 100}).json()["items"]
    assert since and all(e["date"] >= "2024" for e in since)


def test_event_detail_lists_sources_and_support(client):
    many = [e for e in client.get("/api/events", params={"limit": 500}).json()["items"] if e["n_sources"] > 1]
    assert many
    ev = client.get(f"/api/events/{many[0]['event_id']}").json()
    assert len(ev["sources"]) == ev["n_sources"] == len(ev["documents"])
    assert all(v["documents"] for values in ev["support"].values() for v in values)
    cmp = client.get(f"/api/events/{many[0]['event_id']}/compare").json()
    assert set(cmp["only"]) == set(ev["documents"])


def test_document_carries_text_and_spans_that_fit_it(client):
    docs = client.get("/api/documents", params={"limit": 100}).json()["items"]
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    text = doc["text"]
    for p in doc["record"]["persons"]:
        for s, e in p["mentions"]:
            assert 0 <= s < e <= len(text)
    assert all(e["event_id"].startswith("ev-") for e in doc["record"]["events"])


def test_person_page_data(client):
    found = client.get("/api/persons/Austin").json()
    assert found[0]["name"] == "Lloyd J. Austin III"
    assert found[0]["events"] and found[0]["co_participants"]


def test_search_marks_matches(client):
    hits = client.get("/api/search", params={"q": "Senkaku"}).json()
    assert hits and all("[" in h["snippet"] for h in hits)


def test_topic_tracker_lists_statements_in_date_order(client):
    page = client.get("/api/topics/senkaku").json()
    assert page["items"]
    dates = [i["published"] for i in page["items"] if i["published"]]
    assert dates == sorted(dates)
    assert client.get("/api/topics/not_a_topic").status_code == 404


@pytest.mark.parametrize("url", ["/api/events/ev-nope", "/api/documents/nope", "/api/persons/Nobody%20Atall",
                                 "/api/events/ev-nope/compare", "/api/nowhere"])
def test_errors_have_one_shape(client, url):
    r = client.get(url)
    assert r.status_code == 404
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == 404 and body["error"]["message"]


def test_invalid_parameters_are_422_in_the_error_shape(client):
    r = client.get("/api/events", params={"since": "last week", "limit": 0})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid"


def test_security_headers_on_every_response(client):
    for url in ("/api/stats", "/api/events/ev-nope"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_openapi_document_lists_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/search", "/api/topics/{tag}",
                 "/api/persons/{name}", "/api/stats"):
        assert path in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_upload_needs_the_token(client):
    files = {"file": ("note.txt", b"Secretary Austin spoke today with Minister Marles.", "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    wrong = client.post("/api/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"


def test_upload_with_the_token_ingests(client):
    files = {"file": ("../../etc/call.txt", b"Secretary Austin spoke today with Minister Marles about AUKUS.",
                      "text/plain")}
    r = client.post("/api/documents", files=files, data={"meta": '{"published": "2024-02-02"}'},
                    headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 201, r.text
    doc = client.get(f"/api/documents/{r.json()['id']}").json()
    assert doc["path"] == "upload/call.txt"  # no path from the client reaches the file system
    assert doc["published"] == "2024-02-02"


def test_read_only_server_refuses_writes(api_store):
    import warnings

    from readouts.api import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    ro = TestClient(create_app(api_store, token=""))
    r = ro.post("/api/documents", files={"file": ("a.txt", b"text", "text/plain")},
                headers={"Authorization": "Bearer "})
    assert r.status_code == 403
