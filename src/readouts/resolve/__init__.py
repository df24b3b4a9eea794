"""Across documents: the same real-world event gets one id."""

from readouts.resolve.events import assign_event_ids

__all__ = ["assign_event_ids"]
