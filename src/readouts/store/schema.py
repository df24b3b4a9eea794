"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Every row produced by the pipeline carries the ``pipeline_version`` that made it.
Lists and mappings are JSON text, so the tables read well in Datasette or psql.
The migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _doc_fk() -> Column:
    return Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


documents = Table(
    "documents", metadata,
    Column("id", String(16), primary_key=True),  # sha256 of the raw bytes, first 16 hex
    Column("path", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("publisher", Text),
    Column("doc_type", String(16)),
    Column("source_format", String(16)),
    Column("text", Text, nullable=False),
    Column("text_chars", Integer, nullable=False),
    Column("raw", LargeBinary),  # kept for HTML, so a page can be re-extracted without fetching it again
    Column("fingerprint", String(64), nullable=False),  # bytes + sidecar + pipeline version
    Column("record", Text, nullable=False),  # the extraction record (JSON, the contract)
    Column("pipeline_version", String(32), nullable=False),
    Column("ingested_at", String(32), nullable=False),
)
Index("ix_documents_path", documents.c.path)
Index("ix_documents_published", documents.c.published)

persons = Table(
    "persons", metadata,
    Column("id", String(200), primary_key=True),  # "kb:<knowledge-base id>" or "name:<normalised name>"
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("kb_id", String(100)),
    Column("title", Text),
    Column("aliases", Text, nullable=False, default="[]"),  # every surface form seen (JSON list)
    Column("offices", Text, nullable=False, default="[]"),  # titles seen, with their countries (JSON)
)
Index("ix_persons_name", persons.c.name)

doc_persons = Table(
    "doc_persons", metadata,
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
    Column("person_id", String(200), nullable=False),
    Column("name", Text, nullable=False),
    Column("title", Text),
    Column("country", String(2)),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_doc_persons_person", doc_persons.c.person_id)

mentions = Table(
    "mentions", metadata,
    _doc_fk(),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("person_id", String(200), nullable=False),
    Column("surface", Text, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_mentions_person", mentions.c.person_id)

events = Table(
    "events", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("status", String(10), nullable=False),
    Column("date", String(10)),
    Column("country", String(2)),
    Column("place", Text),
    Column("format", String(12)),
    Column("name", Text),
    Column("participants", Text, nullable=False),  # JSON list of names
    Column("parties", Text, nullable=False),  # JSON list of the governments taking part (ISO codes)
    Column("documents", Text, nullable=False),  # JSON list of document ids
    Column("n_sources", Integer, nullable=False),
    Column("support", Text, nullable=False),  # JSON: field -> [{value, documents}]
    Column("conflicts", Text, nullable=False),  # JSON: field -> [{value, documents}] where sources disagree
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_events_date", events.c.date)

event_sources = Table(
    "event_sources", metadata,
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
    Column("event_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(10), nullable=False),
    Column("date", String(10)),
    Column("date_hint", String(10)),
    Column("country", String(2)),
    Column("place", Text),
    Column("place_key", Text),
    Column("format", String(12)),
    Column("name", Text),
    Column("participants", Text, nullable=False),
    Column("parties", Text, nullable=False),
    Column("by_country", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_event_sources_event", event_sources.c.event_id)

event_keys = Table(
    "event_keys", metadata,
    Column("key", Text, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
)
# a document's keys, for deleting them and for the foreign-key check of deleting the document
Index("ix_event_keys_doc", event_keys.c.doc_id, event_keys.c.idx)

quotes = Table(
    "quotes", metadata,
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
    Column("person_id", String(200)),
    Column("speaker", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_quotes_person", quotes.c.person_id)

turns = Table(
    "turns", metadata,
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
    Column("person_id", String(200)),
    Column("speaker", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("interpreted", Boolean, nullable=False),
    Column("role", String(12)),
    Column("answers", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
)

topics = Table(
    "topics", metadata,
    _doc_fk(),
    Column("topic", String(40), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("cue", Text),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_topics_topic", topics.c.topic)

statements = Table(
    "statements", metadata,
    _doc_fk(),
    Column("idx", Integer, primary_key=True),
    Column("actor", Text, nullable=False),
    Column("act", String(20), nullable=False),
    Column("topics", Text, nullable=False),
    Column("polarity", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
)
Index("ix_statements_act", statements.c.act)

# near-duplicate detection (readouts.resolve.duplicates): a MinHash signature per document, filed by band
doc_minhash = Table(
    "doc_minhash", metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
    Column("shingles", Integer, nullable=False),  # distinct word 5-grams of the text
    Column("key_hashes", LargeBinary, nullable=False),  # hashes of its numbers and names
)

doc_buckets = Table(
    "doc_buckets", metadata,
    _doc_fk(),
    Column("band", Integer, primary_key=True),
    Column("bucket", String(16), nullable=False),
)
Index("ix_doc_buckets_bucket", doc_buckets.c.band, doc_buckets.c.bucket)

# every address a document was fetched from (the same text mirrored or re-published: one document)
document_urls = Table(
    "document_urls", metadata,
    Column("url", Text, primary_key=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text),  # the watched source that listed it, if any
    Column("via", String(16), nullable=False),  # fetched | same-bytes | near-duplicate
    Column("similarity", Float),  # to the stored text, for a near-duplicate
    Column("status", Integer),  # HTTP status of the last fetch
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
)
Index("ix_document_urls_doc", document_urls.c.doc_id)

# one row per HTTP request readouts made for a page or a feed (robots.txt aside): kept, not pruned
fetch_log = Table(
    "fetch_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("source", Text),
    Column("url", Text, nullable=False),
    Column("kind", String(8), nullable=False),  # feed | listing | page
    Column("outcome", String(16), nullable=False),  # new | updated | unchanged | duplicate | not_modified | error ...
    Column("status", Integer),
    Column("reason", Text),
    Column("bytes", Integer, nullable=False, default=0),
    Column("ms", Integer, nullable=False, default=0),
    Column("conditional", Boolean, nullable=False, default=False),
    Column("doc_id", String(16)),
)
Index("ix_fetch_log_source", fetch_log.c.source, fetch_log.c.id)

# validators of feeds, listing pages and robots.txt, for conditional requests on the next pass
http_cache = Table(
    "http_cache", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("body", Text),  # kept for robots.txt only
    Column("checked_at", String(32), nullable=False),
)

# tables holding one document's rows, deleted with it (children first)
DOC_TABLES = (doc_persons, mentions, event_keys, event_sources, quotes, turns, topics, statements, doc_minhash,
              doc_buckets)
