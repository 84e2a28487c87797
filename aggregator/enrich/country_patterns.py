"""The country gazetteer (``aggregator/data/gazetteer.toml``, ``outlets.toml``) compiled
into ``country_matcher``'s regexes, once per language.

``key_matchers(lang)``: a one-level trie keyed by a word's first two letters, each key holding
one alternation regex of every entry that starts so (one named group per country and kind
of cue) and the three-letter prefixes its matches can start with; ``candidate_patterns``:
one look-ahead trie of those keys and prefixes, which finds the words worth a regex
without a Python step per word. See the entry syntax in the data file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "CN")

APOSTROPHES_AND_YO = str.maketrans({c: "'" for c in "‘’ʻʼ`′‛ʹ"} | {"ё": "е", "Ё": "Е"})
CJK = re.compile(r"[\u3400-\u9fff]")
_SEP = r"[\s\-‐‑–—]*"
_CONT = r"(?:\w|'(?=\w))*"  # the rest of a word (Uzbek Latin keeps apostrophes inside)


def _entry_regex(entry: str) -> str:
    """Translate one gazetteer entry (see the syntax in the data file) into a regex."""
    entry = entry.translate(APOSTROPHES_AND_YO).strip()
    if entry.startswith("re:"):
        return f"(?:{entry[3:]})"
    cjk = bool(CJK.search(entry))
    parts = [part for part in re.split(r"[\s\-‐‑–—]+", entry) if part]
    body = _SEP.join(_part_regex(part) for part in parts)
    if cjk:
        return body
    return r"(?<!\w)" + body + ("" if parts[-1].endswith("*") else r"(?!\w|'\w)")


def _part_regex(part: str) -> str:
    """One word of an entry: ``stem*``, ``stem{a,b,}`` or a literal word."""
    if part.endswith("*"):
        return re.escape(part[:-1]) + _CONT
    if part.endswith("}") and "{" in part:
        stem, _, tail = part[:-1].rpartition("{")
        endings = sorted((e.strip() for e in tail.split(",")), key=len, reverse=True)
        return re.escape(stem) + "(?:" + "|".join(re.escape(e) for e in endings) + ")"
    return re.escape(part)


def _alternation(entries: list[str]) -> str:
    # longer entries first, so that "иссык-кул*" is tried before a shorter overlapping one
    regexes = sorted({_entry_regex(e) for e in entries}, key=len, reverse=True)
    return "|".join(regexes)


@dataclass(frozen=True)
class Conditional:
    country: str
    unless: re.Pattern | None
    # the literal letters every ``unless`` match starts with (None: some entry has none):
    # the regex runs only on texts that contain one of them
    unless_starts: tuple[str, ...] | None
    needs_same: bool
    needs_region: bool


def _load(name: str) -> dict:
    raw = resources.files("aggregator").joinpath(f"data/{name}").read_text("utf-8")
    return tomllib.loads(raw)


def _literal_starts(entries: list[str]) -> tuple[str, ...] | None:
    starts = []
    for entry in entries:
        entry = entry.translate(APOSTROPHES_AND_YO).strip().lower()
        head = re.split(r"[\s\-‐‑–—*{]", entry, maxsplit=1)[0]
        if entry.startswith("re:") or not head:
            return None
        starts.append(head)
    return tuple(starts)


_GAZ = _load("gazetteer.toml")
# the region's media outlets (aggregator/data/outlets.toml): a name that attributes a
# source ("сообщает Kazinform", "Sputnik Кыргызстан") is blocked like a look-alike phrase
OUTLETS = [name for section in _load("outlets.toml").values() for name in section["outlets"]]
CONDITIONALS: list[Conditional] = []


def _build_groups(lang: str | None) -> list[tuple[str, list[str], bool]]:
    """(group name, entries, case-sensitive); block phrases first so they win."""
    groups = [("block", list(_GAZ["block"]["phrases"]) + OUTLETS, False)]
    for code in COUNTRIES:
        section = _GAZ.get(code, {})
        cues = list(section.get("cues", []))
        if lang and lang in section.get("lang", {}):
            cues += section["lang"][lang]
        groups.append((f"{code}_case", section.get("case", []), True))
        groups.append((f"{code}_lower", section.get("lower", []), False))
        names = section.get("names", [])
        groups.append((f"{code}_name", names + typo_variants(names), False))
        groups.append((f"{code}_cue", cues, False))
    for i, cond in enumerate(_GAZ.get("conditional", [])):
        groups.append((f"cond{i}", cond.get("case", []), True))
        groups.append((f"cond{i}", cond.get("cues", []), False))
    return groups


for _cond in _GAZ.get("conditional", []):
    CONDITIONALS.append(
        Conditional(
            country=_cond["country"],
            unless=re.compile(_alternation(_cond["unless"]), re.I) if _cond.get("unless") else None,
            unless_starts=_literal_starts(_cond.get("unless", [])),
            needs_same=bool(_cond.get("needs_same")),
            needs_region=bool(_cond.get("needs_region")),
        )
    )
LANGS_WITH_EXTRAS = frozenset(
    lang for code in COUNTRIES for lang in _GAZ.get(code, {}).get("lang", {})
)


_COUNTRY_STEM = re.compile(r"[^\W\d_]{4,}(?:стан|стон|stan|ston)\*")


def typo_variants(entries: list[str]) -> list[str]:
    """Misspellings of the long country-name stems that sources do print ("Кыгрызстана",
    "Таджикистаан"): two neighbouring letters swapped, one letter doubled or dropped, never
    the first two letters (variants of such long stems are not words of any language)."""
    variants: set[str] = set()
    for entry in entries:
        if not _COUNTRY_STEM.fullmatch(entry):
            continue
        stem = entry[:-1]
        for i in range(2, len(stem) - 1):
            variants.add(stem[:i] + stem[i + 1] + stem[i] + stem[i + 2:])
            variants.add(stem[:i] + stem[i] + stem[i:])
            variants.add(stem[:i] + stem[i + 1:])
    variants -= {e[:-1] for e in entries}
    return sorted(v + "*" for v in variants)


@lru_cache(maxsize=None)
def key_matchers(lang: str | None) -> dict[str | None, tuple["LazyPattern", set[str] | None]]:
    """The matcher: first two letters of a word -> one alternation of every
    entry starting so (a one-level trie over the gazetteer; the alternation keeps one
    named group per country and kind of cue). Built once per language."""
    by_key: dict[str | None, dict[str, list[str]]] = {}
    # Three-letter prefixes per key let the scan skip most words without running a regex;
    # a key with any entry of no fixed prefix (short, raw regex) maps to None: always try.
    prefixes: dict[str | None, set[str] | None] = {}
    built = _build_groups(lang)
    # the groups' order in every key's alternation (blocks first), read once per language
    order = list(dict.fromkeys(name for name, _, _ in built))
    for name, entries, case in built:
        for entry in entries:
            rx, key, found = _entry_parts(entry)
            if case:
                rx = f"(?-i:{rx})"
            by_key.setdefault(key, {}).setdefault(name, []).append(rx)
            if found is None:
                prefixes[key] = None
            elif prefixes.get(key, set()) is not None:
                prefixes.setdefault(key, set()).update(found)
    compiled = {}
    for key, groups in by_key.items():
        parts = []
        for name in order:
            if name in groups:
                alts = sorted(set(groups[name]), key=len, reverse=True)
                parts.append(f"(?P<{name}>{'|'.join(alts)})")
        source = "|".join(parts)
        if source not in _KEY_PATTERNS:
            _KEY_PATTERNS[source] = LazyPattern(source, re.I)
        compiled[key] = (_KEY_PATTERNS[source], prefixes.get(key))
    return compiled


class LazyPattern:
    """A regex compiled at its first ``match``: a process that enriches a few records
    (a cron batch) meets few of the gazetteer's keys, and compiling all of them took
    about a third of a second of its start. After the first call ``match`` is the
    compiled pattern's own (an instance attribute: no extra call on the hot path)."""

    def __init__(self, source: str, flags: int):
        self.source, self.flags = source, flags

    def match(self, text: str, pos: int = 0):
        self.match = re.compile(self.source, self.flags).match
        return self.match(text, pos)


#: every key's alternation (compiled at first use) by its source: most keys have the same
#: one in every language, and re's own cache (512 patterns, shared with every other
#: module) does not keep them from one language's first article to the next's
_KEY_PATTERNS: dict[str, "LazyPattern"] = {}


@lru_cache(maxsize=None)
def _entry_parts(entry: str) -> tuple[str, str | None, frozenset[str] | None]:
    """An entry's regex, key and three-letter prefixes: the same in every language's
    matcher (most entries are in all of them), so worked out once per process."""
    prefixes = _literal_prefixes(entry)
    return _entry_regex(entry), _entry_key(entry), None if prefixes is None else frozenset(prefixes)


# what ``_SEP`` matches between two words of an entry: hyphens and dashes, any whitespace
_SEPARATORS = "-‐‑–—" + "".join(c for c in map(chr, range(0x3001)) if re.match(r"\s", c))


def _literal_prefixes(entry: str) -> set[str] | None:
    """The three-letter starts every match of ``entry`` begins with, when fixed. A head
    word shorter than that ("по-казахски", "ак орда") gives its head plus each separator
    and plus the next word's first letter: otherwise every word starting "по" would run
    the regex."""
    entry = entry.translate(APOSTROPHES_AND_YO).strip().lower()
    one = _literal_prefix(entry)
    if one is not None:
        return {one}
    parts = [p for p in re.split(r"[\s\-‐‑–—]+", entry) if p]
    if entry.startswith("re:") or len(parts) < 2 or CJK.search(parts[0]):
        return None
    head, nxt = parts[0], parts[1]
    if len(head) != 2 or not head.isalpha() or not nxt[:1].isalpha():
        return None
    return {head + sep for sep in _SEPARATORS} | {head + nxt[0]}


def _literal_prefix(entry: str) -> str | None:
    """The first three letters every match of ``entry`` starts with, when fixed."""
    entry = entry.translate(APOSTROPHES_AND_YO).strip().lower()
    if entry.startswith("re:"):
        lead = _regex_lead(entry)
        return lead[:3] if lead and len(lead) >= 3 else None
    head = re.split(r"[\s\-‐‑–—]+", entry, maxsplit=1)[0]
    head = head.rstrip("*").split("{", 1)[0]
    return head[:3] if len(head) >= 3 and not CJK.search(head) else None


_REGEX_LEAD = re.compile(r"[^\W\d_]{2,}(?![*+?{])")


def _regex_lead(entry: str) -> str | None:
    """The plain letters every match of a ``re:`` entry starts with (two or more), or
    None: a regex led by a class or a number, or with an alternative at its top level."""
    depth = 0
    for char in re.sub(r"\\.", "", entry[3:]):  # escaped characters are literals
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            return None
    lead = _REGEX_LEAD.match(entry, 3)
    return lead.group() if lead else None


_CJK_RE_LEAD = re.compile(r"(?:\(\?<=[^)]*\))?([\u3400-\u9fff])")


def _entry_key(entry: str) -> str | None:
    """The first two characters any match of ``entry`` starts with (None: a number)."""
    entry = entry.translate(APOSTROPHES_AND_YO).strip().lower()
    if entry.startswith("re:"):
        # a CJK character, after a look-behind if any ("re:(?<=中)哈..."): keyed by it
        cjk = _CJK_RE_LEAD.match(entry, 3)
        if cjk:
            return cjk.group(1)
        lead = _regex_lead(entry)  # "re:курс...": tried at words starting "ку"
        return lead[:2] if lead else None
    head = re.split(r"[\s\-‐‑–—*{]", entry, maxsplit=1)[0]
    if CJK.match(head):
        return head[0]
    return head[:2] if len(head) >= 2 else None


@lru_cache(maxsize=None)
def candidate_patterns(lang: str | None, heads: bool = False) -> tuple[re.Pattern, int]:
    """A non-word character before a word that begins with one of ``key_matchers(lang)``'s
    keys (or three-letter prefixes, where a key has them) or with a digit, one trie of
    literals matched on lower-case text; and the longest literal (the look-ahead reads no
    further: a word at the text's start is this pattern's match after a space). With
    ``heads``, a word must begin with the first letters of an entry's head (``key_heads``)."""
    starts: set[str] = set("0123456789")
    by_heads = key_heads(lang) if heads else {}
    for key, (_, prefixes) in key_matchers(lang).items():
        if key is not None:
            prefixes = by_heads[key] if heads else prefixes
            starts |= {key} if prefixes is None else prefixes
    # a word's first character is a word character other than CJK; other keys are never
    # reached by the token scan either
    literals = sorted(s for s in starts if _WORD_START.match(s))
    return re.compile(rf"\W(?={_trie(literals)})"), max(map(len, literals))


_WORD_START = re.compile(r"[^\W\u3400-\u9fff]")


def _folds_apart() -> re.Pattern:
    """A character where the lower case of a text (``str.lower``) may not say what the
    key regexes (``re.IGNORECASE``) match: a letter whose lower case is not that of
    its upper case (re also matches it to the other: "ſ" is "s", "ᲀ" is "в", "ς" is
    "σ"), "Σ" (lower-cased by its place in the word) and any character beyond the BMP.
    A text without one (and whose lower case is as long) matches a literal head under
    IGNORECASE exactly where its lower case starts with it (``tests/test_country_heads``;
    and a head with such a letter is not used: ``_entry_head``)."""
    apart = [c for c in map(chr, range(0x10000)) if c.lower() != c.upper().lower()] + ["Σ"]
    return re.compile("[" + "".join(map(re.escape, apart)) + "\U00010000-\U0010ffff]")


FOLDS_APART = _folds_apart()


@lru_cache(maxsize=None)
def key_heads(lang: str | None) -> dict[str | None, frozenset[str] | None]:
    """Per key of ``key_matchers(lang)``, what every match of its alternation starts with,
    lower-cased: the first ``HEAD_LETTERS`` of each entry's literal head (its first word up
    to ``*`` or ``{``, the plain letters that lead a ``re:`` entry), or the entry's
    three-letter prefixes where the head is shorter (None: some entry has neither). Most words the three-letter
    prefixes let through ("госуда..." for "госсовет") fail the key's regex; the heads
    keep them out. Only for texts whose lower case is the regex's: ``country_matcher``."""
    heads: dict[str | None, set[str] | None] = {}
    for _, entries, _ in _build_groups(lang):
        for entry in entries:
            key, found = _entry_parts(entry)[1], _entry_head(entry)
            if found is None:
                heads[key] = None
            elif heads.get(key, set()) is not None:
                heads.setdefault(key, set()).update(found)
    return {key: None if found is None else frozenset(found) for key, found in heads.items()}


#: how much of a head the candidates compare: five letters keep out 92 % of the words the
#: whole heads keep out (3,000 bench records), and their trie compiles in about half the time
HEAD_LETTERS = 5


@lru_cache(maxsize=None)
def _entry_head(entry: str) -> frozenset[str] | None:
    lowered = entry.translate(APOSTROPHES_AND_YO).strip().lower()
    if lowered.startswith("re:"):
        head = _regex_lead(lowered)
    else:
        head = re.split(r"[\s\-‐‑–—]+", lowered, maxsplit=1)[0].rstrip("*").split("{", 1)[0]
    if head and len(head) >= 3 and not CJK.search(head) and not FOLDS_APART.search(head):
        return frozenset({head[:HEAD_LETTERS]})
    return _entry_parts(entry)[2]


def _trie(literals: list[str]) -> str:
    """An alternation, branching on one character at a time, that matches where one of
    ``literals`` starts (a literal that another begins with stands for both: the trie is
    a look-ahead)."""
    branches: dict[str, list[str]] = {}
    for literal in literals:
        branches.setdefault(literal[0], []).append(literal[1:])
    parts = []
    for first, rests in branches.items():
        tail = "" if "" in rests else f"(?:{_trie(rests)})"
        parts.append(re.escape(first) + tail)
    return "|".join(parts)


key_matchers(None)  # the base matcher's sources once, at import (compiled at first use)
