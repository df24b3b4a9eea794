"""Stated positions and commitments: who reaffirmed / condemned / agreed / ... what.

A clause whose verb is one of the act cues, with its actor: a person named as
subject, "the Ministers" / "both sides" (the document's principal governments
jointly), a government ("the United States", "Japan"), or "I"/"we" in a
transcript turn (the speaker).
"""

from __future__ import annotations

import re

from readouts.model import Statement
from readouts.pipeline import kb as kbmod
from readouts.pipeline import topics as topics_mod
from readouts.pipeline.context import Context

ACT_CUES: list[tuple[str, str]] = [
    ("express_concern", r"expressed (?:\w+ )*concerns?|(?:is|are|was|were) (?:deeply |very |gravely )?concern(?:ed|ing)|"
                        r"poses? a (?:\w+ )?(?:threat|challenge)|voiced concern"),
    ("condemn", r"(?:strongly |severely |firmly )?condemn(?:ed|s)?|denounced|deplored"),
    ("oppose", r"(?:strongly )?oppos(?:ed|es|ing)|expressed (?:his |her |their )?opposition|rejected|"
               r"cannot be (?:condoned|tolerated|accepted)"),
    ("thank", r"thank(?:ed|s)|expressed (?:his |her |their )?(?:appreciation|gratitude)|appreciated?"),
    ("congratulate", r"congratulat(?:ed|es|ing)"),
    ("welcome", r"welcom(?:ed|es)"),
    ("support", r"(?:strongly )?support(?:ed|s)?|backed|endorsed"),
    ("urge", r"urged|called (?:on|for)|pressed for|encouraged|asked"),
    ("commit", r"pledged|committed|vowed|promised|resolved|expressed (?:his |her |their )?(?:determination|resolve)|"
               r"stated (?:his |her )?vision|will (?:continue|work|strengthen|deepen)|must (?:work|not)"),
    ("agree", r"agreed|concurred|shared (?:the |their )?(?:view|recognition|importance|concern)|"
              r"(?:were|was) in agreement"),
    ("reaffirm", r"reaffirm(?:ed|s)?|re-?iterat(?:ed|es)|affirm(?:ed|s)|confirmed|underscored|emphasi[sz]ed|stressed|"
                 r"recogni[sz]ed|renewed|highlighted|recommitted|reinforced"),
    ("discuss", r"discuss(?:ed|es)?|exchanged (?:views|opinions)|reviewed|talked about"),
    ("announce", r"announc(?:ed|es)|unveiled|launched"),
]
_ACT = [(act, re.compile(rf"\b(?:{pat})\b", re.I)) for act, pat in ACT_CUES]
_JOINT = re.compile(r"\b(?:the|both|two)\s+(?:two\s+)?(?:ministers|leaders|sides|secretaries|officials|men|"
                    r"countries|nations|allies|presidents|governments)\b|\bboth\s+sides\b|\bthey\b|\bThey\b", re.I)
_CLAUSE = re.compile(r"(?<=;)\s+|,\s+and\s+(?=(?:the|The|Secretary|Minister|both|they)\b)|\s+and\s+(?=(?:agreed|confirmed|affirmed|concurred|shared|welcomed|reaffirmed)\b)")


def _principals(ctx: Context) -> list[str]:
    codes: list[str] = []
    for ev in ctx.ex.events:
        for name in ev.participants:
            for p in ctx.ex.persons:
                if p.name == name and p.country and p.country not in codes:
                    codes.append(p.country)
        if len(codes) >= 2:
            break
    return sorted(codes)


def _clauses(ctx: Context):
    text = ctx.masked
    for s, e in ctx.sents:
        pos = s
        for m in _CLAUSE.finditer(text, s, e):
            yield pos, m.start()
            pos = m.end()
        yield pos, e


def run(ctx: Context) -> None:
    kb = kbmod.get()
    text = ctx.masked
    joint = "+".join(_principals(ctx))
    out: list[Statement] = []
    title = ctx.ex.doc.title_span
    for s, e in _clauses(ctx):
        if title and s < title[1] and e > title[0]:
            continue
        clause = text[s:e]
        hit = None
        for act, pat in _ACT:
            m = pat.search(clause)
            if m and (hit is None or m.start() < hit[1].start()):
                hit = (act, m)
        if hit is None:
            continue
        act, m = hit
        head = clause[:m.start()]
        actor = None
        ms = ctx.mentions_in(s, s + m.start())
        if ms:
            actor = ctx.ex.persons[ms[0].person].name
        elif _JOINT.search(head) and joint:
            actor = joint
        else:
            for cm in re.finditer(r"\b(the United States|United States|U\.S\.|Japan|Australia|India|the Philippines|"
                                  r"Republic of Korea|ROK|China|Korea)\b", head):
                actor = kb.country_of_word(cm.group(1).replace("the ", "")) or actor
                break
        if actor is None and ctx.ex.turns and re.search(r"\b(I|we|We)\b", head):
            for t in ctx.ex.turns:
                if t.span[0] <= s < t.span[1]:
                    actor = t.speaker
        if actor is None:
            continue
        polarity = "negative" if act in ("condemn", "oppose", "express_concern") else "positive"
        out.append(Statement(actor=actor, act=act, topics=topics_mod.topics_of(ctx, s, e), text=ctx.text[s:e],
                             span=(s, e), polarity=polarity))
    ctx.ex.statements = out
