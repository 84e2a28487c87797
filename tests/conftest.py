"""Shared pytest fixtures: paths to the labelled eval data and recorded pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
REAL_HTML = SHARED / "fixtures" / "real_html"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def eval_dev() -> Path:
    """The labelled dev examples in ``../shared/eval/dev`` (present in CI)."""
    if not EVAL_DEV.is_dir():
        pytest.skip("../shared/eval/dev is not beside this checkout")
    return EVAL_DEV


@pytest.fixture(scope="session")
def real_html() -> Path:
    """Recorded real pages with ground truth in ``../shared/fixtures/real_html``."""
    if not REAL_HTML.is_dir():
        pytest.skip("../shared/fixtures/real_html is not beside this checkout")
    return REAL_HTML
