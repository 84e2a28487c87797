"""Settings are declared once: every setting of the aggregator has its default and a
one-line description in aggregator/crawl/settings.py, and code never repeats a default."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from aggregator.crawl import settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = ROOT / "aggregator" / "crawl" / "settings.py"
#: settings of the aggregator's own that Scrapy does not know, besides AGGREGATOR_*
CUSTOM = {"STORE_BATCH_SIZE", "LISTING_MAX_PAGES", "RETRY_AFTER_MAX", "RETRY_BACKOFF_BASE",
          "RETRY_BACKOFF_MAX"}
GETTERS = {"get", "getint", "getbool", "getfloat", "getlist", "getdict", "getwithbase"}


def code_files():
    for folder in ("aggregator", "spiders"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path != SETTINGS_FILE:
                yield path


def names_used() -> set[str]:
    found = set()
    for path in code_files():
        found |= set(re.findall(r"\bAGGREGATOR_[A-Z][A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    return found | CUSTOM


def test_every_aggregator_setting_used_in_the_code_is_declared_with_a_description():
    lines = SETTINGS_FILE.read_text(encoding="utf-8").splitlines()
    used = names_used()
    assert "AGGREGATOR_REDIS_TTL" in used and "AGGREGATOR_JOBS_DIR" in used  # the scan works
    for name in sorted(used):
        assert hasattr(settings, name), f"{name} is used but not declared in {SETTINGS_FILE.name}"
        line = next(i for i, text in enumerate(lines) if text.startswith(f"{name} ="))
        assert lines[line - 1].startswith("# "), f"{name} has no one-line description above it"


def test_code_reads_declared_settings_without_a_default_of_its_own():
    declared = {name for name in dir(settings) if name.isupper()}
    repeated = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in GETTERS and len(node.args) + len(node.keywords) > 1
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in declared):
                repeated.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[0].value}")
    assert not repeated, f"defaults repeated outside settings.py: {repeated}"
