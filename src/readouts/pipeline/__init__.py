"""The ordered stages of extraction. ``extract_many`` runs them over documents,
with spaCy batched through ``nlp.pipe`` and the model loaded once per process.

Stage order: furniture -> metadata -> sentences -> nlp -> persons -> turns ->
dates -> quotes -> events -> topics -> statements -> doc_type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from readouts.errors import ConfigError, ParseError
from readouts.model import Document, Extraction
from readouts.pipeline import (
    dates,
    events,
    furniture,
    metadata,
    nlp,
    persons,
    quotes,
    sentences,
    statements,
    topics,
    turns,
)
from readouts.pipeline.context import Context
from readouts.settings import DEFAULTS, Settings

PRE_NLP = (furniture.run, metadata.run, sentences.run)
POST_NLP = (persons.run, persons.role_mentions, turns.run, dates.run, quotes.run, events.run, topics.run, statements.run,
            metadata.run_doc_type)


def _prepare(doc: Document, settings: Settings) -> Context:
    ctx = Context(ex=Extraction(doc=doc), settings=settings)
    for stage in PRE_NLP:
        stage(ctx)
    return ctx


def _finish(ctx: Context) -> Extraction | ParseError:
    for stage in POST_NLP:
        try:
            stage(ctx)
        except ConfigError:
            raise  # broken packaged data or model: every document would fail, stop the run
        except Exception as exc:  # a bug in one stage must not stop the batch
            name = f"{stage.__module__.rsplit('.', 1)[-1]}.{stage.__name__}"
            return ParseError(f"{ctx.ex.doc.path}: internal error in stage {name} "
                              f"({type(exc).__name__}: {exc}); please report it")
    return ctx.ex


def extract_many(docs: Iterable[Document], settings: Settings = DEFAULTS) -> Iterator[Extraction | ParseError]:
    """Extract every document, in order; spaCy sees the furniture-masked text in batches.

    A document on which a stage fails yields a ParseError in its place."""
    pending: dict[int, tuple[Context, int]] = {}

    def texts() -> Iterator[tuple[str, tuple[int, int]]]:
        for k, doc in enumerate(docs):
            ctx = _prepare(doc, settings)
            pieces = nlp.chunks(ctx.masked)
            pending[k] = (ctx, len(pieces))
            ctx.extra["ents"] = []
            for offset, piece in pieces:
                yield piece, (k, offset)

    got: dict[int, int] = {}
    next_out = 0
    for sdoc, (k, offset) in nlp.pipe(texts(), settings.spacy_model, settings.batch_size):
        ctx, n = pending[k]
        ctx.extra["ents"].extend(nlp.entities([(offset, sdoc)]))
        got[k] = got.get(k, 0) + 1
        while next_out in pending and got.get(next_out, 0) == pending[next_out][1]:
            ctx_out, _ = pending.pop(next_out)
            got.pop(next_out, None)
            yield _finish(ctx_out)
            next_out += 1


def extract(doc: Document, settings: Settings = DEFAULTS) -> Extraction:
    """Extract one document; raises ParseError if a stage fails."""
    result = next(extract_many([doc], settings))
    if isinstance(result, ParseError):
        raise result
    return result
