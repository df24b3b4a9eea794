"""What stages share while one document goes through the pipeline."""

from __future__ import annotations

import bisect
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

    def _mention_index(self) -> list[int]:
        key = (len(self.mentions), id(self.mentions))
        if self.extra.get("_mention_key") != key:
            self.mentions.sort(key=lambda m: m.span)
            self.extra["_mention_starts"] = [m.span[0] for m in self.mentions]
            self.extra["_mention_key"] = key
        return self.extra["_mention_starts"]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end): a binary search, not a scan."""
        starts = self._mention_index()
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        return [m for m in self.mentions[lo:hi] if m.span[1] <= end]

    def mentions_before(self, pos: int) -> list[Mention]:
        starts = self._mention_index()
        return [m for m in self.mentions[:bisect.bisect_left(starts, pos)] if m.span[1] <= pos]

    def turn_at(self, pos: int):
        """The transcript turn (label included) that contains `pos`, or None."""
        turns = self.ex.turns
        key = (len(turns), id(turns))
        if self.extra.get("_turn_key") != key:
            self.extra["_turn_starts"] = [(t.label_span or t.span)[0] for t in turns]
            self.extra["_turn_key"] = key
        i = bisect.bisect_right(self.extra["_turn_starts"], pos) - 1
        if i >= 0 and (turns[i].label_span or turns[i].span)[0] <= pos < turns[i].span[1]:
            return turns[i]
        return None
