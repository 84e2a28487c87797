"""Docs that cannot drift: every CLI command and option is documented, and the table of
sources in docs/sources.md is the registry's (regenerate it with
``python -m aggregator.sources.table``)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from aggregator.cli import main
from aggregator.sources.registry import load_registry
from aggregator.sources.table import BEGIN, END, source_table, with_table

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8")
                 for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def commands(group: click.Group = main, prefix: str = "aggregator"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


COMMANDS = list(commands())


def documented(word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", DOCS) is not None


def test_the_walk_finds_every_command():
    names = [name for name, _ in COMMANDS]
    assert "aggregator crawl" in names and "aggregator export stories" in names


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_is_documented(name):
    assert documented(name), f"`{name}` is in no README.md or docs/*.md"


@pytest.mark.parametrize("name,option", [
    (name, option) for name, command in COMMANDS for param in command.params
    if isinstance(param, click.Option) and not param.hidden
    for option in [max(param.opts, key=len)]])
def test_every_option_is_documented(name, option):
    assert documented(option), f"`{name} {option}` is in no README.md or docs/*.md"


def test_the_sources_table_is_the_registry():
    path = ROOT / "docs" / "sources.md"
    text = path.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert with_table(text, source_table(load_registry())) == text, (
        "docs/sources.md's table is stale: run python -m aggregator.sources.table")


def test_the_table_follows_a_registry_change():
    registry = load_registry()
    changed = dict(registry)
    changed.pop("kg24")
    assert "`kg24`" in source_table(registry) and "`kg24`" not in source_table(changed)
    assert f"{len(changed)} sources" in source_table(changed)
