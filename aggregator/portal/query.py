"""The search language of ``aggregator search`` and of Datasette's search box, as FTS5 queries.

One language in both places (Datasette's box calls the same translation through the
project's Datasette plugin, ``aggregator.portal.datasette_plugin``):

- ``word``: the word with its endings (Russian and English words match by stem:
  ``Бишкек`` finds Бишкеке, Бишкека); ``word*``: every word starting so;
- ``"two words"``: these exact words in this order (a stray ``"`` is closed at the end);
- ``a b``: both; ``a OR b``: either (``OR`` in capitals binds before the implicit AND);
- ``-word``, ``-"a phrase"`` or ``NOT word``: without it;
- ``a NEAR b`` (``NEAR/5``): both within 10 (5) words of each other.

Anything else (``:``, ``(``, ``^``, a lone ``-``) is not syntax: punctuation inside a
word splits it into a phrase (``Нур-Султан`` is ``"нур султан"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import snowballstemmer

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")
_CYRILLIC = re.compile("[а-яё]")
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_NEAR = re.compile(r"^NEAR(?:/(\d+))?$")
_WORD = re.compile(r"[\w*]+")

#: Russian noun case endings a three-letter word may take (суд: суда, суду, судом, суде,
#: суды, судов, судам, судами, судах): a wider prefix would match other words (газета).
CASE_ENDINGS = tuple("а я у ю е и ы ом ем ой ей ою ов ев ам ям ах ях ами ями".split())
NEAR_DISTANCE = 10

Forms = Callable[[str], list[str]]


@dataclass
class Term:
    kind: str  # word, prefix, phrase
    words: list[str]


@dataclass
class Clause:
    """Alternatives joined by OR; each alternative is one term or a NEAR group of terms."""

    alternatives: list[list[Term]] = field(default_factory=list)
    distances: list[int] = field(default_factory=list)
    negated: bool = False


def parse(text: str) -> list[Clause]:
    """The clauses of a query (joined by AND; negated ones are excluded)."""
    clauses: list[Clause] = []
    join_or = negate_next = False
    near: int | None = None
    for token in _TOKEN.findall(text or ""):
        if token == "OR":
            join_or = bool(clauses)
            continue
        if token == "AND":
            continue
        if token == "NOT":
            negate_next = True
            continue
        match = _NEAR.match(token)
        if match:
            near = int(match.group(1) or NEAR_DISTANCE) if clauses else None
            continue
        negated = negate_next or (token.startswith("-") and len(token) > 1)
        term = _term(token[1:] if token.startswith("-") else token)
        negate_next = False
        if term is None:
            join_or, near = False, None
            continue
        last = clauses[-1] if clauses else None
        if near is not None and last and last.negated == negated:
            last.alternatives[-1].append(term)
            last.distances[-1] = near
        elif join_or and last and last.negated == negated:
            last.alternatives.append([term])
            last.distances.append(NEAR_DISTANCE)
        else:
            clauses.append(Clause([[term]], [NEAR_DISTANCE], negated))
        join_or, near = False, None
    return clauses


def _term(token: str) -> Term | None:
    if token.startswith('"'):
        words = _WORD.findall(token.strip('"').lower().replace("*", " "))
        return Term("phrase", words) if words else None
    words = _WORD.findall(token.lower())
    if not words:
        return None
    if len(words) > 1:  # Нур-Султан, covid-19: the tokenizer splits them the same way
        return Term("phrase", [w.strip("*") for w in words if w.strip("*")])
    word = words[0]
    bare = word.rstrip("*")
    if not bare:
        return None
    return Term("prefix" if word.endswith("*") else "word", [bare.replace("*", "")])


def to_fts(text: str, forms: Forms | None = None) -> str:
    """The FTS5 query for ``text``; '' when nothing is left to find (no word, or only
    excluded ones). ``forms(stem)`` lists the indexed words of a stem (without it the
    stem is used as a prefix)."""
    clauses = parse(text)
    wanted = [_clause(c, forms) for c in clauses if not c.negated]
    excluded = [_clause(c, forms) for c in clauses if c.negated]
    if not wanted:
        return ""
    query = " AND ".join(wanted)
    if excluded:
        query = f"({query}) NOT ({' OR '.join(excluded)})" if len(wanted) > 1 or len(excluded) > 1 \
            else f"{query} NOT {excluded[0]}"
    return query


def _clause(clause: Clause, forms: Forms | None) -> str:
    parts = []
    for group, distance in zip(clause.alternatives, clause.distances):
        if len(group) == 1:
            parts.append(_term_fts(group[0], forms))
        else:
            parts.append(f"NEAR({' '.join(_near_phrase(t) for t in group)}, {distance})")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _term_fts(term: Term, forms: Forms | None) -> str:
    if term.kind == "phrase":
        return '"' + " ".join(term.words) + '"'
    bare = term.words[0]
    if term.kind == "prefix":
        return f'"{bare}"*'
    if len(bare) == 3 and _CYRILLIC.search(bare):
        # too short to stem (суд, газ, мэр): the word and its case forms
        return "(" + " OR ".join(f'"{bare}{e}"' for e in ("", *CASE_ENDINGS)) + ")"
    if len(bare) < 4:
        return f'"{bare}"'
    stem = stem_word(bare)
    if len(stem) < 3:  # a two-letter stem would match unrelated words: keep the word
        return f'"{bare}"'
    if forms is None:
        return f'"{stem}"*'
    found = forms(stem) or [bare]
    return "(" + " OR ".join(f'"{form}"' for form in found) + ")"


def _near_phrase(term: Term) -> str:
    """NEAR takes phrases only, not OR groups: a word is its stem as a prefix."""
    if term.kind == "phrase":
        return '"' + " ".join(term.words) + '"'
    bare = term.words[0]
    if term.kind == "prefix":
        return f'"{bare}"*'
    stem = stem_word(bare) if len(bare) >= 4 else ""
    return f'"{stem}"*' if len(stem) >= 3 else f'"{bare}"'


def stem_word(word: str) -> str:
    stemmer = _RUSSIAN if _CYRILLIC.search(word) else _ENGLISH
    return stemmer.stemWord(word) or word
