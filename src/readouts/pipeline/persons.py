"""Person mentions -> persons: knowledge base, both name orders, titles, surnames.

1. Capitalised word runs are looked up against every name variant of the
   officials knowledge base ("Nobuo Kishi", "KISHI Nobuo", "Lloyd J. Austin III").
2. A bare family name counts when a title precedes it ("Minister Kishi",
   "SEC. AUSTIN"), when the same person is named in full elsewhere in the
   document, or when the family name is unique in the knowledge base.
3. Persons the base does not know come from spaCy's NER (two or more name words).
4. Title and country: from the text first (the title words before the name, an
   appositive after it, a country adjective), the knowledge base second.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from readouts import data
from readouts.model import Person, Span
from readouts.pipeline import kb as kbmod
from readouts.pipeline.context import Context, Mention
from readouts.pipeline.sentences import ABBREV

TITLE_WORDS = {
    "secretary", "minister", "ministers", "president", "vice", "prime", "deputy", "defense", "defence", "foreign",
    "affairs", "external", "state", "national", "security", "adviser", "advisor", "of", "for", "and", "the", "press",
    "spokesperson", "spokesman", "spokeswoman", "chairman", "chair", "joint", "chiefs", "staff", "chief", "cabinet",
    "general", "gen", "admiral", "adm", "ambassador", "commander", "sec", "min", "secretary-general", "senior",
    "under", "assistant", "parliamentary", "army", "navy", "air", "force", "marine", "corps", "lt", "col", "dpm",
    "pm", "fm", "pentagon", "white", "house", "home", "finance", "trade", "commerce", "treasury", "justice",
    "indo-pacific", "command", "counselor", "director", "coordinator", "envoy", "special", "representative",
    "premier", "chancellor", "king", "queen", "emperor", "crown", "prince", "state-", "acting", "former", "new",
    "incoming", "outgoing", "ministry", "department", "principal", "first", "lady", "gentleman", "top", "u.s.",
    "u.s", "us", "defense's", "war", "navy's", "governor", "mayor", "senator", "sen", "rep", "congressman",
    "congresswoman", "speaker", "leader", "majority", "minority", "head", "officer", "official", "capt", "maj",
    "sgt", "cmdr", "brig", "maj.", "self-defense", "forces", "ground", "maritime", "spokesperson's",
}
HONORIFICS = {"mr", "mrs", "ms", "dr", "his", "her", "excellency", "honorable", "hon", "the", "madam", "mister",
              "sir", "dame", "h.e", "he"}
ABBREV_TITLES = {"sec", "min", "gen", "adm", "lt", "col", "capt", "maj", "sgt", "cmdr", "brig", "sen", "rep"}
NOT_NAMES = {
    "i", "we", "he", "she", "they", "it", "the", "a", "an", "this", "that", "these", "those", "mr", "q", "staff",
    "moderator", "today", "secretary", "minister", "president", "ministers", "both", "and", "but", "so", "thank",
    "thanks", "yes", "no", "well", "now", "first", "second", "finally", "also", "in", "on", "at", "for", "with",
    "after", "before", "during", "while", "as", "if", "when", "our", "my", "your", "their", "his", "her",
}
FUNCTION_WORDS = {"i", "we", "he", "she", "they", "it", "a", "an", "this", "that", "these", "those", "and", "but", "so",
                  "yes", "no", "thank", "thanks", "well", "now", "in", "on", "at", "with", "after", "before", "during",
                  "while", "as", "if", "when", "our", "my", "your", "their", "his", "her", "by", "from", "to", "said",
                  "says", "q"}
NOT_PERSON_HEADS = {"exercise", "operation", "camp", "fort", "base", "station", "mount", "lake", "port", "cape",
                    "point", "task", "joint", "uss", "hmas", "ins", "js", "rok", "brp", "hms", "hmcs"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*\.?|[A-Z]\.")


@dataclass
class Tok:
    text: str
    start: int
    end: int
    brk: bool  # a break (punctuation, blank line) separates this token from the previous one

    @property
    def low(self) -> str:
        t = self.text.lower().rstrip(".")
        return re.sub(r"['’]s$", "", t)

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()


def _ends_sentence(tok: str) -> bool:
    """ "Strait." ends a sentence; "Gen.", "J.", "U.S." do not."""
    if not tok.endswith("."):
        return False
    word = tok[:-1].lower()
    return len(word) > 1 and "." not in word and word not in ABBREV and word not in ABBREV_TITLES


def _name_end(tok: Tok) -> int:
    """Where a name ends: "III." at a sentence end loses its full stop, "Jr." and "J." keep theirs."""
    if tok.text.endswith(".") and len(tok.text) > 2 and tok.low not in {"jr", "sr"}:
        return tok.end - 1
    return tok.end


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        sep = text[prev_end:m.start()]
        brk = (bool(sep.strip()) or "\n\n" in sep.replace(" ", "").replace("\t", "") or not toks
               or _ends_sentence(toks[-1].text))
        toks.append(Tok(m.group(0), m.start(), m.end(), brk))
        prev_end = m.end()
    return toks


@lru_cache(maxsize=1)
def _role_patterns() -> list[tuple[re.Pattern[str], str, str | None]]:
    return [(re.compile(r["pattern"], re.I), r["role"], r.get("deputy_role")) for r in data.titles()]


def role_of_title(title: str | None) -> str | None:
    if not title:
        return None
    t = re.sub(r"\s+", " ", title.lower().replace(".", "")).strip()
    t = re.sub(r"^(acting|former|new|the)\s+", "", t)
    for pat, role, deputy in _role_patterns():
        if pat.search(t):
            if deputy and re.match(r"(deputy|vice)\b", t) and " and " not in t:
                return deputy
            return role
    return None


@dataclass
class _Cand:
    key: str  # kb id or "name:<family>"
    start: int
    end: int
    title: str | None
    title_span: Span | None
    country: str | None
    surface: str
    kb_id: str | None = None
    full: bool = True  # a full name, not a bare family name
    family: str | None = None
    given: str | None = None
    extra_titles: list[str] = field(default_factory=list)


def _title_before(toks: list[Tok], i: int, kb: kbmod.KB, text: str) -> tuple[str | None, Span | None, str | None]:
    """Title words immediately before token i: (title, span, country code from an adjective)."""
    j = i - 1
    words: list[Tok] = []
    country = None
    while j >= 0 and not toks[j + 1].brk:
        t = toks[j]
        low = t.low
        code = _adjective(t, kb)
        if code:
            country = country or code
            words.insert(0, t)
            j -= 1
            continue
        if low == "and":
            # "Deputy Prime Minister and Minister for Defence": only between title words
            if words and words[0].low in TITLE_WORDS and j > 0 and toks[j - 1].low in TITLE_WORDS \
                    and toks[j - 1].cap and words[0].cap:
                words.insert(0, t)
                j -= 1
                continue
            break
        if len(words) < 10 and (t.cap or low in {"of", "for", "the"}) and low not in FUNCTION_WORDS:
            # title words, and other capitalised words inside a title ("Minister for Defence Industry")
            words.insert(0, t)
            j -= 1
            continue
        break
    # the title starts at its first title word: "On Monday Secretary Austin" -> "Secretary"
    while words and not (words[0].low in TITLE_WORDS - {"of", "for", "and", "the"} or words[0].low in HONORIFICS
                         or _adjective(words[0], kb)):
        words.pop(0)
    # drop leading connectors / honorifics and country words for the title string
    core = [w for w in words]
    while core and (core[0].low in {"of", "for", "and", "the"} or core[0].low in HONORIFICS or _adjective(core[0], kb)):
        core.pop(0)
    while core and core[-1].low in {"of", "for", "and", "the"} | HONORIFICS:
        core.pop()
    # a possessive country before the title: "India's Minister of External Affairs"
    if core:
        title = text[core[0].start:core[-1].end]
        title = re.sub(r"\s+", " ", title)
        return title, (core[0].start, core[-1].end), country
    return None, None, country


def _adjective(t: Tok, kb: kbmod.KB) -> str | None:
    raw = re.sub(r"['’]s$", "", t.text)
    if not t.cap:
        return None
    return kb.adjectives.get(raw) or kb.adjectives.get(kbmod.norm(raw)) or (
        kb.countries.get(raw) or kb.countries.get(kbmod.norm(raw)) if t.text.endswith(("'s", "’s")) else None)


_APPOS = re.compile(
    r"^,\s+(?:the\s+)?(?P<title>(?:(?:[A-Z][\w\-]*|of|for|and|the)\s+){0,8}(?:Minister|Secretary|Spokesperson|"
    r"President|Adviser|Advisor|Ambassador|Chairman|Commander|Chief|Affairs|Defen[cs]e|State))"
    r"(?:\s+of\s+(?P<country>(?:the\s+)?[A-Z][\w.]*(?:\s+(?:of\s+)?[A-Z][\w.]*){0,4}))?")


def _appositive(text: str, end: int, kb: kbmod.KB) -> tuple[str | None, Span | None, str | None]:
    m = _APPOS.match(text[end:end + 160])
    if not m:
        return None, None, None
    title = m.group("title")
    country = None
    if m.group("country"):
        c = re.sub(r"^the\s+", "", m.group("country"))
        country = kb.countries.get(kbmod.norm(c)) or kb.countries.get(c)
        if country is None:  # "of Japan" was part of the title after all
            title = title
    s = end + m.start("title")
    return title, (s, s + len(title)), country


def _before_appositive(toks: list[Tok], i: int, kb: kbmod.KB, text: str) -> tuple[str | None, Span | None, str | None]:
    """ "India's Minister of External Affairs, Dr. S. Jaishankar": a title chain ending in a comma."""
    k = i
    while k > 0 and not toks[k].brk and (toks[k - 1].low in HONORIFICS or len(toks[k - 1].text) <= 2):
        k -= 1
    if k <= 0 or not toks[k].brk or text[toks[k - 1].end:toks[k].start].strip() != ",":
        return None, None, None
    j = k - 1
    if toks[j].low not in TITLE_WORDS:
        return None, None, None
    return _chain_ending_at(toks, j, kb, text)


def _chain_ending_at(toks: list[Tok], j: int, kb: kbmod.KB, text: str) -> tuple[str | None, Span | None, str | None]:
    end_tok = toks[j]
    start = j
    country = None
    while start >= 0:
        t = toks[start]
        code = _adjective(t, kb)
        if code:
            country = country or code
        elif not (t.low in TITLE_WORDS and (t.cap or t.low in {"of", "for", "and", "the"})):
            start += 1
            break
        if t.brk:
            break
        start -= 1
    start = max(start, 0)
    words = [t for t in toks[start:j + 1] if not _adjective(t, kb)]
    while words and words[0].low in {"of", "for", "and", "the"} | HONORIFICS:
        words.pop(0)
    if not words:
        return None, None, country
    return re.sub(r"\s+", " ", text[words[0].start:end_tok.end]), (words[0].start, end_tok.end), country


def _pick(kb: kbmod.KB, ids: list[str], role: str | None, when: str | None, country: str | None) -> str | None:
    if len(ids) == 1:
        return ids[0]
    scored = []
    for oid in ids:
        o = kb.officials[oid]
        score = 0
        if country and o.country == country:
            score += 2
        if role and role in o.roles():
            score += 2
            if when and o.office_at(when, role):
                score += 3
        elif when and o.office_at(when):
            score += 1
        scored.append((score, oid))
    scored.sort(key=lambda t: -t[0])
    if scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def find_candidates(ctx: Context) -> list[_Cand]:
    kb = kbmod.get()
    text = ctx.masked
    toks = tokenize(text)
    ctx.extra["toks"] = toks
    when = ctx.ex.doc.published
    cands: list[_Cand] = []
    i = 0
    n = len(toks)
    maxw = min(kb.max_name_words, 5)
    while i < n:
        t = toks[i]
        if not t.cap:
            i += 1
            continue
        matched = False
        first = kbmod.norm(t.text)
        lengths = range(maxw, 1, -1) if first and first.split()[0] in kb.name_starts else ()
        for L in lengths:
            if i + L > n or any(toks[k].brk for k in range(i + 1, i + L)):
                continue
            if not all(toks[k].cap for k in range(i, i + L)):
                continue
            key = kbmod.norm(" ".join(toks[k].text for k in range(i, i + L)))
            ids = kb.by_name.get(key) or kb.by_name.get(" ".join(w for w in key.split() if len(w) > 1))
            if not ids:
                continue
            title, tspan, country = _title_before(toks, i, kb, ctx.text)
            a_title, a_span, a_country = _appositive(ctx.text, toks[i + L - 1].end, kb)
            if a_title and (title is None or (role_of_title(title) is None and role_of_title(a_title))):
                title, tspan, country = a_title, a_span, country or a_country
            if title is None:
                b = _before_appositive(toks, i, kb, ctx.text)
                if b[0]:
                    title, tspan, country = b[0], b[1], country or b[2]
            oid = _pick(kb, ids, role_of_title(title), when, country) or ids[0]
            off = kb.officials[oid]
            end = _name_end(toks[i + L - 1])
            cands.append(_Cand(oid, toks[i].start, end, title, tspan, country,
                               ctx.text[toks[i].start:end], kb_id=oid, family=off.family))
            i += L
            matched = True
            break
        if matched:
            continue
        fam = t.low
        if fam in kb.by_family and fam not in NOT_NAMES and len(fam) > 1:
            title, tspan, country = _title_before(toks, i, kb, ctx.text)
            cands.append(_Cand("fam:" + fam, t.start, t.start + len(re.sub(r"['’]s$", "", t.text.rstrip("."))),
                               title, tspan, country, t.text, full=False, family=fam))
        i += 1
    return cands


def _ner_persons(ctx: Context, taken: list[Span]) -> list[_Cand]:
    kb = kbmod.get()
    out = []
    for label, s, e in ctx.extra.get("ents", []):
        if label != "PERSON":
            continue
        if any(s < te and ts < e for ts, te in taken):
            continue
        toks = tokenize(ctx.masked[s:e])
        # strip titles and honorifics at the front
        while toks and (toks[0].low in TITLE_WORDS or toks[0].low in HONORIFICS):
            toks.pop(0)
        if len(toks) < 2 or len(toks) > 4:
            continue
        if any(tk.brk for tk in toks[1:]) or not all(tk.cap for tk in toks):
            continue
        if any(tk.low in TITLE_WORDS or tk.low in NOT_NAMES for tk in toks):
            continue
        if any(tk.text.isupper() and len(tk.text) > 3 for tk in toks):
            continue  # labels and headings in capitals are handled elsewhere
        if toks[0].low in NOT_PERSON_HEADS or re.search(r"\b(?:Camp|Fort|Exercise|Operation|Base|USS|HMAS|JS)\s+(?:\w+\s+)?$",
                                                       ctx.masked[max(0, s - 25):s + toks[0].start]):
            continue
        name = " ".join(re.sub(r"['’]s$", "", tk.text) for tk in toks)
        if kb.place(name) or kb.country_of_word(name) or "\n" in name:
            continue
        start = s + toks[0].start
        end = s + toks[-1].end - (2 if toks[-1].text.endswith(("'s", "’s")) else 0)
        all_toks = ctx.extra["toks"]
        ti = bisect.bisect_left([t.start for t in all_toks], start)
        title, tspan, country = (None, None, None)
        if 0 < ti < len(all_toks) and all_toks[ti].start == start:
            title, tspan, country = _title_before(all_toks, ti, kb, ctx.text)
        fam = kbmod.norm(toks[-1].text)
        out.append(_Cand("name:" + fam, start, end, title, tspan, country, name, family=toks[-1].text.rstrip("."),
                         given=toks[0].text))
    return out


def add_person(ctx: Context, name: str, span: Span, title: str | None = None, country: str | None = None) -> int:
    """Add (or find) a person not known to the knowledge base; return its index."""
    fam = kbmod.norm(name).split()[-1] if kbmod.norm(name) else name.lower()
    for idx, p in enumerate(ctx.ex.persons):
        if p.kb_id is None and (p.family or "").lower() == fam:
            if span not in p.mentions:
                p.mentions.append(span)
                ctx.mentions.append(Mention(idx, span))
            return idx
    ctx.ex.persons.append(Person(name=name, title=title, country=country, mentions=[span], family=fam))
    ctx.mentions.append(Mention(len(ctx.ex.persons) - 1, span))
    return len(ctx.ex.persons) - 1


def run(ctx: Context) -> None:
    kb = kbmod.get()
    when = ctx.ex.doc.published
    cands = find_candidates(ctx)
    fam_map: dict[str, str] = {}  # family name -> the person it names in this document
    for c in cands:
        if c.full and c.family:
            fam_map.setdefault(kbmod.norm(c.family), c.kb_id)
    resolved: list[_Cand] = []
    pending: list[_Cand] = []
    # titled surnames first ("Foreign Minister Hayashi"), so that a bare "Hayashi" later is the same person
    for c in sorted((c for c in cands if not c.full), key=lambda c: (c.title is None, c.start)):
        fam = c.family or ""
        if fam in fam_map:
            c.kb_id = fam_map[fam]
        elif c.title is None:
            pending.append(c)
            continue
        else:
            c.kb_id = _resolve_surname(ctx, c, kb, when)
            if c.kb_id is None:
                continue
            fam_map.setdefault(fam, c.kb_id)
        c.key = c.kb_id
        resolved.append(c)
    for c in pending:
        fam = c.family or ""
        c.kb_id = fam_map.get(fam) or _resolve_surname(ctx, c, kb, when)
        if c.kb_id is None:
            continue
        c.key = c.kb_id
        resolved.append(c)
    resolved.extend(c for c in cands if c.full)
    taken = [(c.start, c.end) for c in resolved]
    resolved.extend(_ner_persons(ctx, taken))
    resolved.sort(key=lambda c: c.start)

    index: dict[str, int] = {}
    persons = ctx.ex.persons
    for c in resolved:
        key = c.key
        if key not in index:
            if c.kb_id:
                off = kb.officials[c.kb_id]
                persons.append(Person(name=off.name, kb_id=off.id, family=off.family))
            else:
                persons.append(Person(name=c.surface, family=c.family))
            index[key] = len(persons) - 1
        pidx = index[key]
        p = persons[pidx]
        p.mentions.append((c.start, c.end))
        p.aliases.append(re.sub(r"\s+", " ", c.surface))
        ctx.mentions.append(Mention(pidx, (c.start, c.end), c.title, c.title_span))
        better = p.title is None or (role_of_title(p.title) is None and role_of_title(c.title)) or (
            role_of_title(c.title) is not None and role_of_title(c.title) == role_of_title(p.title)
            and len(c.title.split()) > len(p.title.split()))
        if c.title and _good_title(c.title) and better:
            p.title = _title_case(c.title)
        if c.country and p.country is None:
            p.country = c.country
    _given_name_mentions(ctx)
    for p in persons:
        if p.kb_id:
            off = kb.officials[p.kb_id]
            office = off.office_at(when, role_of_title(p.title)) or off.office_at(when)
            if p.title is None and office:
                p.title = office["title"]
            if p.role is None:
                p.role = role_of_title(p.title) or (office or {}).get("role")
            if p.country is None:
                p.country = off.country
        else:
            p.role = role_of_title(p.title)
    ctx.mentions.sort(key=lambda m: m.span)


_CALENDAR = {m.lower() for m in ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}


def _in_headline(ctx: Context, pos: int) -> bool:
    """A title-case line ("Austin, Teodoro Agree to Speed Work at Shared Sites"): capitals say nothing there."""
    start = ctx.masked.rfind("\n", 0, pos) + 1
    end = ctx.masked.find("\n", pos)
    words = re.findall(r"[A-Za-z][\w'’-]*", ctx.masked[start:end if end >= 0 else len(ctx.masked)])
    small = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "as", "from"}
    content = [w for w in words if w.lower() not in small]
    return len(content) >= 3 and sum(w[0].isupper() for w in content) / len(content) > 0.8


def _common_word(ctx: Context, word: str) -> bool:
    """The word also appears in lower case in the document ("work", "price", "park"): an ordinary word."""
    return re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", ctx.masked) is not None


def _ner_person_at(ctx: Context, start: int, end: int) -> bool:
    """spaCy's NER also reads the word as (part of) a person's name (a binary search over its persons)."""
    if "_person_ents" not in ctx.extra:
        ctx.extra["_person_ents"] = sorted((s, e) for label, s, e in ctx.extra.get("ents", []) if label == "PERSON")
    ents = ctx.extra["_person_ents"]
    i = bisect.bisect_right(ents, (start, float("inf"))) - 1
    return i >= 0 and ents[i][0] <= start and end <= ents[i][1]


def _resolve_surname(ctx: Context, c: _Cand, kb: kbmod.KB, when: str | None) -> str | None:
    """A bare family name: the office-holder its title points to, or the only official of that name
    when spaCy also reads it as a person's name and it is not an ordinary word."""
    fam = c.family or ""
    ids = kb.by_family.get(fam, [])
    role = role_of_title(c.title)
    untitled_ok = (len(ids) == 1 and fam not in _CALENDAR and _ner_person_at(ctx, c.start, c.end)
                   and not _common_word(ctx, fam) and not _in_headline(ctx, c.start))
    official_title = bool(c.title) and any(w.lower().rstrip(".") in TITLE_WORDS - {"of", "for", "and", "the"}
                                           for w in c.title.split())
    after_honorific = re.search(r"\b(?:Mr|Ms|Mrs|Miss|Dr|Mister)\.?\s+$", ctx.masked[max(0, c.start - 8):c.start], re.I)
    if not (official_title or untitled_ok) or (c.title and not official_title) or (after_honorific and
                                                                                    not official_title):
        return None  # "Minister Kishi", "SEC. AUSTIN" are officials; "Mr. Santos" is not one by that alone
    pick = _pick(kb, ids, role, when, c.country)
    if pick is None and len(ids) > 1 and c.title:
        pick = _pick(kb, ids, role, when, None)
    if pick and not c.title and c.surface.isupper() and len(ids) > 1:
        return None
    return pick


def _title_case(title: str) -> str:
    """ "SECRETARY OF DEFENSE" (a transcript label) -> "Secretary of Defense"."""
    if not title.isupper():
        return title
    small = {"of", "for", "and", "the", "on", "to"}
    words = title.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _good_title(title: str) -> bool:
    words = [w.lower().rstrip(".") for w in title.split()]
    return bool(words) and not all(w in HONORIFICS or w in ABBREV_TITLES for w in words)


def _given_name_mentions(ctx: Context) -> None:
    """ "Thanks, Peter." / "Whitfield added": a given or family name alone refers to the person of that
    name in the document (persons the knowledge base does not know; it handles its own)."""
    given: dict[str, int] = {}
    for idx, p in enumerate(ctx.ex.persons):
        if p.kb_id is None and " " in p.name:
            given.setdefault(p.name.split()[0], idx)
            given.setdefault(p.name.split()[-1], idx)
    if not given:
        return
    taken = {m.span for m in ctx.mentions}
    pat = re.compile(r"\b(" + "|".join(re.escape(g) for g in given) + r")\b")
    for m in pat.finditer(ctx.masked):
        span = (m.start(), m.end())
        if any(s <= span[0] < e for s, e in taken):
            continue
        idx = given[m.group(1)]
        ctx.ex.persons[idx].mentions.append(span)
        ctx.mentions.append(Mention(idx, span))


# --- nominal coreference, used by quotes and statements ------------------------------

_NOMINAL = re.compile(
    r"\b(?:the|The)\s+(?P<adj>(?-i:[A-Z][\w.]*)\s+)?(?P<noun>secretary|minister|defen[cs]e minister|foreign minister|"
    r"defen[cs]e secretary|president|prime minister|premier|spokesperson|ambassador|general|admiral|chairman|"
    r"defen[cs]e chief|leader|chancellor)\b", re.I)


def nominal_at(ctx: Context, start: int, end: int) -> tuple[int | None, Span | None]:
    """A definite description ("the secretary", "the Japanese minister") inside [start, end)
    resolved to a person of the document with a matching title (and country)."""
    kb = kbmod.get()
    m = _NOMINAL.search(ctx.masked, start, end)
    if not m:
        return None, None
    noun = m.group("noun").lower()
    adj = (m.group("adj") or "").strip()
    code = kb.country_of_word(adj) if adj else None
    if adj and not code:  # "The Defense Minister": a title word, not a country
        noun = f"{adj.lower()} {noun}"
    best = None
    for idx, p in enumerate(ctx.ex.persons):
        title = (p.title or "").lower()
        if code and p.country != code:
            continue
        head = noun.split()[-1]
        if head in title or (noun.replace("defence", "defense") in title.replace("defence", "defense")):
            last = max((s for s, _ in p.mentions if s < m.start()), default=-1)
            if best is None or last > best[1]:
                best = (idx, last)
    if best is None:
        return None, None
    return best[0], (m.start(), m.end())


_ROLE_PHRASE = re.compile(
    r"\b(?:the|The)\s+(?P<adj>(?-i:[A-Z][\w.]*(?:['’]s)?))\s+(?P<title>(?:(?:deputy|vice|prime|foreign|defen[cs]e|"
    r"national security)\s+)*(?:minister|secretary|president|premier|adviser|advisor|chancellor)"
    r"(?:\s+(?:of|for)\s+(?:defen[cs]e|foreign affairs|state|national defen[cs]e))?)\b", re.I)


def role_mentions(ctx: Context) -> None:
    """ "the Japanese defense minister" in a dated text: the office-holder of that date, from the
    knowledge base. Kept apart from `persons` (the contract lists named persons only) unless the
    document names that person too, in which case it is one more mention of them."""
    kb = kbmod.get()
    when = ctx.ex.doc.published
    if not when:
        return
    out = []
    for m in _ROLE_PHRASE.finditer(ctx.masked):
        code = kb.country_of_word(re.sub(r"['’]s$", "", m.group("adj")))
        role = role_of_title(m.group("title"))
        if not code or not role:
            continue
        holders = [o for o in kb.officials.values() if o.country == code and o.office_at(when, role)]
        if len(holders) != 1:
            continue
        off = holders[0]
        span = (m.start(), m.end())
        named = next((i for i, p in enumerate(ctx.ex.persons) if p.kb_id == off.id), None)
        if named is not None and any(0 <= s - span[1] <= 2 for s, _ in ctx.ex.persons[named].mentions):
            continue  # "the Australian defence minister Richard Marles": a title before the name
        if named is not None and not any(s <= span[0] < e for s, e in ctx.ex.persons[named].mentions):
            ctx.ex.persons[named].mentions.append(span)
            ctx.mentions.append(Mention(named, span))
        out.append({"text": m.group(0), "span": list(span), "name": off.name, "kb_id": off.id, "country": code,
                    "title": off.office_at(when, role)["title"], "named_in_text": named is not None})
    ctx.ex.role_mentions = out
    ctx.mentions.sort(key=lambda mm: mm.span)
