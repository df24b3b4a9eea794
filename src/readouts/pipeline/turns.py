"""Transcripts: speaker labels -> turns in order, speaker resolved, interpreter flag,
roles (moderator / statement / question / answer) and question -> answer links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from readouts.model import Span, Turn
from readouts.pipeline import persons as persons_mod
from readouts.pipeline.context import Context

ROLE_LABELS = {"staff", "moderator", "operator", "participant", "interpreter", "translator", "host", "mc",
               "master of ceremonies", "spokesperson", "press secretary", "reporter", "audience member",
               "question", "q", "a", "answer", "journalist", "official", "senior administration official",
               "senior defense official", "senior state department official", "administration official"}
MODERATOR_LABELS = {"staff", "moderator", "operator", "host", "mc", "master of ceremonies"}
QUESTION_LABELS = {"q", "question", "reporter", "journalist", "audience member"}

_CAPS_LABEL = re.compile(
    r"^(?P<label>[A-Z][A-Z0-9.'’\- ,]{0,90}?[A-Z.])\s*(?P<paren>\((?:[^()\n]{1,40})\))?\s*:[ \t]*", re.M)
_Q_LABEL = re.compile(r"^(?P<label>Q)(?P<paren>\s*\([^()\n]{1,40}\))?(?::|\s+(?=[A-Z\"“]))[ \t]*", re.M)
_MIXED_LABEL = re.compile(
    r"^(?P<label>(?:(?:Mr|Ms|Mrs|Dr|H\.E)\.\s+)?(?:[A-Z][\w'’\-.]*\s+){0,3}[A-Z]{3,}(?:\s+[A-Z][\w'’\-.]*){0,3}"
    r"(?:,\s+[A-Za-z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,8})?)\s*(?P<paren>\([^()\n]{1,40}\))?\s*:[ \t]*", re.M)
_INTERP = re.compile(r"translat|interpret", re.I)
_LEAD_INTERP = re.compile(r"^\s*\((?:As interpreted|Through (?:an )?(?:interpreter|translator)|"
                          r"via (?:an )?interpreter|interpreted)[^)]*\)\s*", re.I)
_TRANSLATION_NOTE = re.compile(r"provisional translation|translated (?:from|by)|unofficial translation", re.I)
_CALLED = re.compile(r"\b(?:go to|goes to|going to go to|call on|calling on|turn to|recognize|question (?:from|comes from)|"
                     r"next question,?)\s+(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2})")
_MY_NAME = re.compile(r"\bMy name is\s+\(?(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})")
_STOP_CAPS = {"NOTE", "UPDATE", "EDITOR", "EDITOR'S NOTE", "WASHINGTON", "TOKYO", "SOURCE", "PHOTO", "VIRIN",
              "END", "TEXT", "SUBJECT", "RELEASE", "CONTACT", "MEDIA CONTACT", "ATTACHMENT", "ATTACHMENTS"}


@dataclass
class Label:
    start: int  # start of the label
    end: int  # end of label incl. colon and spaces (turn text starts here)
    label: str
    interpreted: bool


def find_labels(text: str) -> list[Label]:
    found: dict[int, Label] = {}
    for pat in (_CAPS_LABEL, _Q_LABEL, _MIXED_LABEL):
        for m in pat.finditer(text):
            label = m.group("label").strip()
            if m.start() in found:
                continue
            if pat is _CAPS_LABEL:
                letters = re.sub(r"[^A-Za-z]", "", label)
                if len(letters) < 1 or label.upper() in _STOP_CAPS or len(label.split()) > 12:
                    continue
                if len(letters) == 1 and label != "Q":
                    continue
            if pat is _MIXED_LABEL and len(label.split()) > 14:
                continue
            paren = m.group("paren") or ""
            found[m.start()] = Label(m.start(), m.end(), label + (f" {paren.strip()}" if paren else ""),
                                     bool(_INTERP.search(paren)))
    return [found[k] for k in sorted(found)]


_HONORIFIC_LABEL = re.compile(r"^(?:MR|MS|MRS|DR|MISS|SIR|AMB|AMBASSADOR|GEN|ADM|COL|SEN|REP)\.?\s+[A-Z][A-Z'’\-]+$")


def _is_plausible(labels: list[Label], ctx: Context) -> list[Label]:
    """Keep labels when the text looks like a transcript: labels naming persons, roles, or
    "MS. DOE" (an honorific and a surname)."""
    good = []
    for lab in labels:
        plain = re.sub(r"\s*\(.*\)$", "", lab.label).strip()
        base = plain.lower().rstrip(".")
        named = bool(ctx.mentions_in(lab.start, lab.end))
        if named or base in ROLE_LABELS or _HONORIFIC_LABEL.match(plain):
            good.append(lab)
    if len(good) >= 2 or any(ctx.mentions_in(lab.start, lab.end) for lab in good):
        return good
    return []


def run(ctx: Context) -> None:
    text = ctx.masked
    labels = _is_plausible(find_labels(text), ctx)
    if not labels:
        return
    doc_translated = bool(_TRANSLATION_NOTE.search(ctx.text[:3000]))
    turns: list[Turn] = []
    for k, lab in enumerate(labels):
        end = labels[k + 1].start if k + 1 < len(labels) else len(text)
        start = lab.end
        body = text[start:end]
        interpreted = lab.interpreted or doc_translated
        lead = _LEAD_INTERP.match(body)
        if lead:
            interpreted = True
            start += lead.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        speaker = _speaker(ctx, lab)
        turns.append(Turn(speaker=speaker, label=lab.label, interpreted=interpreted, span=(start, end),
                          label_span=(lab.start, lab.end)))
    _questioners(ctx, turns)
    _roles(turns)
    ctx.ex.turns = turns


def _speaker(ctx: Context, lab: Label) -> str:
    for m in ctx.mentions_in(lab.start, lab.end):
        return ctx.ex.persons[m.person].name
    base = re.sub(r"\s*\(.*\)$", "", lab.label).strip()
    if _HONORIFIC_LABEL.match(base):  # "MS. DOE": the person of that surname in the document, if any
        surname = base.split()[-1].lower()
        for p in ctx.ex.persons:
            if (p.family or "").lower() == surname or p.name.lower().split()[-1] == surname:
                return p.name
    return base


def _base(label: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", label).strip().lower().rstrip(".")


def _questioners(ctx: Context, turns: list[Turn]) -> None:
    """A reporter who names themselves, or whom the moderator names, is the speaker of that Q turn."""
    for k, t in enumerate(turns):
        if _base(t.label) not in QUESTION_LABELS:
            continue
        body = ctx.masked[t.span[0]:t.span[1]]
        m = _MY_NAME.search(body[:300])
        if m:
            name = m.group("name").strip()
            s = t.span[0] + m.start("name")
            idx = persons_mod.add_person(ctx, name, (s, s + len(name)))
            t.speaker = ctx.ex.persons[idx].name
            continue
        if k == 0:
            continue
        prev = turns[k - 1]
        if _base(prev.label) not in MODERATOR_LABELS:
            continue
        named = [m for m in ctx.mentions_in(prev.span[0], prev.span[1]) if ctx.ex.persons[m.person].kb_id is None]
        if named:
            t.speaker = ctx.ex.persons[named[-1].person].name
            continue
        called = list(_CALLED.finditer(ctx.masked, prev.span[0], prev.span[1]))
        if called:  # "We'll go to Jane Doe, Example News." and the NER did not see her
            m = called[-1]
            idx = persons_mod.add_person(ctx, m.group("name"), (m.start("name"), m.end("name")))
            t.speaker = ctx.ex.persons[idx].name


def _roles(turns: list[Turn]) -> None:
    last_q = None
    for k, t in enumerate(turns):
        b = _base(t.label)
        if b in MODERATOR_LABELS:
            t.role = "moderator"
        elif b in QUESTION_LABELS:
            t.role = "question"
            last_q = k
        elif last_q is not None:
            t.role = "answer"
            t.answers = last_q
        else:
            t.role = "statement"


def spans(ctx: Context) -> list[Span]:
    return [t.span for t in ctx.ex.turns]
