"""The enrich chain's start-up shortcuts give what the eager versions gave."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from aggregator.enrich.country_matcher import _scan
from aggregator.enrich.country_patterns import LazyPattern, key_matchers


def _texts(eval_dev) -> list[str]:
    rows = [json.loads(line) for line in (eval_dev / "countries.jsonl").open(encoding="utf-8")]
    return [row["text"] for row in rows if row.get("text")][:40]


def test_importing_the_patterns_compiles_no_key_matcher():
    """The per-key alternations wait for their first match (a fresh process)."""
    code = ("from aggregator.enrich import country_patterns as cp\n"
            "print(sum('match' in vars(p) for p in cp._KEY_PATTERNS.values()),"
            " len(cp._KEY_PATTERNS))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    compiled, known = map(int, done.stdout.split())
    assert known > 50 and compiled == 0


def test_lazy_key_patterns_match_as_the_compiled_ones(eval_dev):
    """Every key's lazy pattern finds what its source compiled eagerly finds, at every
    word start of the dev texts, and the scan's cues are those of eager patterns."""
    texts = _texts(eval_dev)
    for lang in (None, "ru", "kk"):
        lazy = key_matchers(lang)
        eager = {k: (re.compile(p.source, p.flags), pre) for k, (p, pre) in lazy.items()}
        for text in texts:
            for start in (m.start() for m in re.finditer(r"\b\w", text)):
                key = text[start:start + 2].lower()
                if key in lazy:
                    got, want = lazy[key][0].match(text, start), eager[key][0].match(text, start)
                    assert (got and (got.span(), got.lastgroup)) == (
                        want and (want.span(), want.lastgroup))
        found = [_scan(text, lang, False) for text in texts]
        assert any(found)
        assert all(isinstance(p, LazyPattern) for p, _ in lazy.values())


def test_lazy_pattern_compiles_once_and_then_is_the_compiled_match():
    pattern = LazyPattern(r"(?P<kz>казах\w*)|(?P<kg>кырг\w*)", re.I)
    assert "match" not in vars(pattern)
    assert pattern.match("Казахстан и Кыргызстан", 12).lastgroup == "kg"
    assert vars(pattern)["match"] == re.compile(pattern.source, re.I).match
    assert pattern.match("Казахстан", 0).span() == (0, 9)
    assert pattern.match("Казахстан", 1) is None
