"""Quality measures used by the tests and benchmarks (extraction against ground truth)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+", re.U)


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def token_f1(predicted: str | None, expected: str | None) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``predicted`` against ``expected``."""
    pred, gold = Counter(tokens(predicted)), Counter(tokens(expected))
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & gold).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class RecordedPage:
    """A recorded page with its ground truth (``../shared/fixtures/real_html`` format)."""

    slug: str
    html: str
    url: str
    title: str | None
    body: str
    published: str | None
    lang: str | None


def load_recorded_pages(folder: str | Path) -> list[RecordedPage]:
    pages = []
    for truth_path in sorted(Path(folder).glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        html_path = truth_path.with_suffix(".html.gz")
        if not html_path.exists():
            continue
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
        pages.append(RecordedPage(truth_path.stem, html, truth.get("url") or "", truth.get("title"),
                                  truth.get("body") or "", truth.get("published"), truth.get("lang")))
    return pages


def normalised_title(title: str | None) -> str:
    """A title as ``same_title`` compares it: whitespace collapsed, soft hyphens and
    surrounding quotes dropped."""
    return re.sub(r"\s+", " ", (title or "").replace("\u00ad", "")).strip().strip("\"'«»“”„")


def same_title(predicted: str | None, expected: str | None) -> bool:
    """Titles match when equal after whitespace and quote normalisation."""
    return normalised_title(predicted) == normalised_title(expected)
