"""What stages share while one document goes through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readouts.model import Extraction, Span
from readouts.settings import DEFAULTS, Settings

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


@dataclass
class DateMention:
    span: Span
    text: str
    value: str | None  # YYYY-MM-DD, YYYY-MM or None when nothing fixes it
    relative: bool = False
    future: bool = False


@dataclass
class Mention:
    """One person mention: which person (index into Extraction.persons) and where."""

    person: int
    span: Span
    title: str | None = None
    title_span: Span | None = None


@dataclass
class Context:
    ex: Extraction
    settings: Settings = DEFAULTS
    masked: str = ""  # the text with furniture blanked out (same length, newlines kept)
    sents: list[Span] = field(default_factory=list)  # sentence spans (content only)
    spacy_doc: Doc | None = None
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    labels: list[Any] = field(default_factory=list)  # transcript label candidates (turns stage)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.ex.doc.text

    def sentence_of(self, pos: int) -> Span:
        lo, hi = 0, len(self.sents) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sents[mid]
            if pos < s:
                hi = mid - 1
            elif pos >= e:
                lo = mid + 1
            else:
                return self.sents[mid]
        return (pos, pos)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.span[0] and m.span[1] <= end]
