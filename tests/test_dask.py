"""The Dask path (a LocalCluster of two worker processes) gives the single-process result."""

from __future__ import annotations

import pytest

from readouts.core import ingest_paths
from readouts.store import open_store, queries
from store_corpus import write_generated

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _snapshot(url: str) -> tuple:
    store = open_store(url)
    with store.connect() as conn:
        stats = queries.stats(conn)
        stats.pop("pipeline_versions")
        events = sorted((e["event_id"], tuple(e["documents"]), e["date"]) for e in queries.timeline(conn))
        records = sorted((r["doc"]["id"], str(r["persons"]), str(r["statements"]))
                         for r in queries.export_rows(conn, "records"))
    return stats, events, records


def test_dask_ingest_equals_single_process(tmp_path, store_url, cluster_client):
    from readouts.batch.dask import ingest_dask

    docs = tmp_path / "docs"
    write_generated(docs, 40)
    single = str(tmp_path / "single.db")
    ingest_paths(open_store(single), [str(docs)])
    report = ingest_dask([str(docs)], "unused", store_url, None, client=cluster_client, partition_docs=7)
    assert report.new == 40 and not report.failed and report.events
    assert _snapshot(store_url) == _snapshot(single)
    again = ingest_dask([str(docs)], "unused", store_url, None, client=cluster_client, partition_docs=7)
    assert again.unchanged == 40 and again.new == 0


def test_parquet_dataset_by_month_loads_into_the_same_store(tmp_path, cluster_client):
    from readouts.batch.dask import ingest_dask, load_parquet

    docs = tmp_path / "docs"
    write_generated(docs, 30)
    out = tmp_path / "archive.parquet"
    report = ingest_dask([str(docs)], "unused", None, str(out), client=cluster_client, partition_docs=8)
    assert report.new == 30 and report.parquet_files >= 1
    assert all(p.name.startswith("month=") for p in out.iterdir())
    loaded = str(tmp_path / "loaded.db")
    assert load_parquet(str(out), loaded).new == 30
    single = str(tmp_path / "single.db")
    ingest_paths(open_store(single), [str(docs)])
    assert _snapshot(loaded) == _snapshot(single)
