"""Fit the page-date model (``aggregator.extract.page_dates``) on generated dev sites.

    python -m aggregator.testing.page_date_fit            # refit, write the weights file
    python -m aggregator.testing.page_date_fit --check    # page-level accuracy only

Every visible date text of every dev article page is a training example, labelled by
whether it names the article's true date (its day, and its minute when it shows a time).
Pages are visited in the order a crawl meets them, with the same per-source count of
repeated date texts the spider keeps, so the ``repeated`` feature looks as it does in a
crawl. The fit is an L2-regularised logistic regression; the threshold below which the
best text is not offered is the one that keeps the most pages right on the dev sites.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
from lxml import html as lxml_html

from aggregator.extract import page_dates
from aggregator.extract.decode import decode_html
from aggregator.testing.sitegen import generate_many, split_pairs


def examples(split: str):
    """(features, label, page key) of every date text on the split's article pages."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sites, _ = generate_many(split_pairs(split), Path(tmp))
        for site in sites:
            folder = Path(tmp) / site.name
            toml = (folder / "site.toml").read_text(encoding="utf-8")
            now = datetime.fromisoformat(toml.split('recorded_at = "')[1].split('"')[0])
            seen: dict[str, int] = {}
            for path, truth in site.truth.items():
                raw = (folder / (path.strip("/").replace("/", "-") + ".html")).read_bytes()
                text, _ = decode_html(raw, None, site.entry.get("encoding"))
                root = lxml_html.document_fromstring(text)
                found = page_dates.date_texts(root, site.entry["timezone"], now, seen)
                for item in found:
                    rows.append(([item.features[f] for f in page_dates.FEATURES],
                                 _names_truth(item.parsed, truth), f"{site.name}{path}"))
                for item_text in {item.text for item in found}:
                    seen[item_text] = seen.get(item_text, 0) + 1
    return rows


def _names_truth(parsed, truth) -> int:
    if parsed.precision == "day":
        return int(parsed.published_local == truth["local_day"])
    return int(parsed.utc is not None and parsed.utc.isoformat() == truth["published_at"])


def fit(rows, l2: float = 0.01, steps: int = 4000, rate: float = 0.5) -> dict[str, float]:
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w)
    return {name: round(float(v), 4) for name, v in zip(page_dates.FEATURES, w)}


def page_accuracy(rows, weights: dict[str, float], threshold: float) -> float:
    """Share of pages where the offered text names the true date, or none is offered and
    the page shows no true date."""
    pages: dict[str, list] = {}
    for features, label, key in rows:
        score = sum(weights[f] * v for f, v in zip(page_dates.FEATURES, features))
        pages.setdefault(key, []).append((page_dates._sigmoid(score), label))
    right = 0
    for items in pages.values():
        score, label = max(items)
        offered = score >= threshold
        right += (offered and label == 1) or (not offered and not any(lab for _, lab in items))
    return right / len(pages) if pages else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report only, keep the weights file")
    args = parser.parse_args()
    dev = examples("dev")
    if args.check:
        weights = page_dates.load_weights()
        threshold = weights.get("_threshold", 0.5)
    else:
        weights = fit(dev)
        threshold = max((t / 20 for t in range(2, 19)), key=lambda t: (page_accuracy(dev, weights, t), -t))
        page_dates.WEIGHTS_FILE.write_text(json.dumps(
            {"about": "fitted by aggregator.testing.page_date_fit on generated dev sites",
             "weights": {**weights, "_threshold": threshold}}, indent=1) + "\n", encoding="utf-8")
    held = examples("held_out")
    print(f"dev pages right {page_accuracy(dev, weights, threshold):.3f}  "
          f"held-out pages right {page_accuracy(held, weights, threshold):.3f}  "
          f"({len(dev)} dev date texts, threshold {threshold})")


if __name__ == "__main__":
    main()
