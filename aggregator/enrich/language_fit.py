"""Fit the n-gram language model (``data/language_model.json``) from labelled texts.

    python -m aggregator.enrich.language_fit --texts /work/scratch/language_data

``--texts DIR`` holds ``texts.tsv``: one short text a line (a headline or a first sentence
from a public page), tab-separated ``label  site  url  text``, the label a language code
with an optional script (``uz-Cyrl``, ``uz-Latn``, ``kk-Latn``). The texts stay outside
the repository (third-party prose); the model keeps only n-gram counts, and
``tests/data/language_urls.jsonl`` keeps the URLs, labels and the site split.

The split is by site, never by text: a site's texts are all fitted on or all held out, so
the held-out figures (``benchmarks/bench_language.py``) measure sites the model never saw.
By default only the fit sites are used; ``--all`` fits on every site (then no held-out
figure describes the written model). A page that is also a dev text's in
``../shared/eval/dev`` is never fitted on, so the tests measure on the dev texts honestly.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from aggregator.enrich.language_model import MODEL_FILE, text_features

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev"
ORDERS = (1, 2, 3)
ALPHA = 0.03
MIN_COUNT = 1  # every n-gram: on inner cross-validation pruning singletons cost accuracy
HOLDOUT_SHARE = 0.4  # of each language's texts, by whole sites
LATIN_LABELS = {"en", "tk"}
SCRIPTLESS = {"zh"}  # decided by its script alone, not modelled


def label_parts(label: str) -> tuple[str, str | None]:
    """``uz-Cyrl`` -> (``uz``, ``cyrillic``); ``zh`` -> (``zh``, None)."""
    lang, _, script = label.partition("-")
    if lang in SCRIPTLESS:
        return lang, None
    if script == "Latn" or (not script and lang in LATIN_LABELS):
        return lang, "latin"
    return lang, "cyrillic"


def load_texts(directory: Path) -> list[dict]:
    rows = []
    with (directory / "texts.tsv").open(encoding="utf-8", newline="") as handle:
        for label, site, url, text in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            lang, script = label_parts(label)
            rows.append({"label": label, "lang": lang, "script": script,
                         "site": site, "url": url, "text": text})
    return rows


def page_key(url: str) -> str:
    """A URL without scheme, www., trailing slash or /amp: one page, however linked."""
    page = url.split("://", 1)[-1].removeprefix("www.").rstrip("/").removesuffix("/amp")
    host, _, path = page.partition("/")
    return f"{host.rstrip('.')}/{path}"


def dev_pages(directory: Path = DEV) -> set[str]:
    """Pages of the labelled dev texts: never fitted on, so tests may measure on them."""
    pages = set()
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        for line in path.open(encoding="utf-8"):
            url = json.loads(line).get("url") if line.strip() else None
            if url:
                pages.add(page_key(url))
    return pages


def _site_key(site: str) -> str:
    return hashlib.md5(site.encode("utf-8")).hexdigest()


def split_by_site(rows: list[dict], share: float = HOLDOUT_SHARE) -> dict[str, str]:
    """Site -> ``fit`` or ``holdout``: per label, rarest label first, sites in a fixed
    pseudo-random order (their hash) are held out until ``share`` of the label's texts
    are; a site already placed by another label keeps its place."""
    per_label: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        per_label[row["label"]][row["site"]] += 1
    split: dict[str, str] = {}
    for label in sorted(per_label, key=lambda lab: (sum(per_label[lab].values()), lab)):
        sites = per_label[label]
        total = sum(sites.values())
        held = sum(n for site, n in sites.items() if split.get(site) == "holdout")
        for site in sorted(sites, key=_site_key):
            if site in split:
                continue
            if held < share * total:
                split[site] = "holdout"
                held += sites[site]
            else:
                split[site] = "fit"
    return split


def fit(rows: list[dict], orders: tuple[int, ...] = ORDERS, alpha: float = ALPHA,
        min_count: int = MIN_COUNT) -> dict:
    """n-gram counts per script and language from labelled rows (``lang``, ``script``, ``text``)."""
    scripts: dict[str, dict] = {}
    for script in sorted({r["script"] for r in rows if r["script"]}):
        part = [r for r in rows if r["script"] == script]
        classes = sorted({r["lang"] for r in part})
        index = {lang: i for i, lang in enumerate(classes)}
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(classes))
        docs = [0] * len(classes)
        for row in part:
            docs[index[row["lang"]]] += 1
            for gram, n in Counter(text_features(row["text"], orders)).items():
                counts[gram][index[row["lang"]]] += n
        kept = {g: c for g, c in sorted(counts.items()) if sum(c) >= min_count}
        scripts[script] = {"classes": classes, "docs": docs, "counts": kept}
    return {"orders": list(orders), "alpha": alpha, "scripts": scripts}


def fitted_rows(rows: list[dict], split: dict[str, str], everything: bool = False) -> list[dict]:
    """The rows fitted on: the fit sites' (all with ``everything``), never a dev page's."""
    excluded = dev_pages()
    return [r for r in rows if (everything or split[r["site"]] == "fit")
            and page_key(r["url"]) not in excluded]


def url_list(rows: list[dict], split: dict[str, str], fitted: list[dict]) -> list[dict]:
    """One line per (URL, label): what the repository may keep of the texts."""
    fitted_urls = {r["url"] for r in fitted}
    seen = {}
    for row in rows:
        key = (row["url"], row["label"])
        if key not in seen:
            lang, script = label_parts(row["label"])
            seen[key] = {"url": row["url"], "site": row["site"], "lang": lang,
                         "script": {"latin": "Latn", "cyrillic": "Cyrl"}.get(script or "", "Hani"),
                         "split": split[row["site"]], "fitted": row["url"] in fitted_urls}
    return list(seen.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True, help="directory with texts.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "aggregator" / MODEL_FILE)
    parser.add_argument("--urls", type=Path, default=ROOT / "tests" / "data" / "language_urls.jsonl")
    parser.add_argument("--all", action="store_true", help="fit on the held-out sites too")
    args = parser.parse_args(argv)

    rows = load_texts(args.texts)
    split = split_by_site(rows)
    used = fitted_rows(rows, split, args.all)
    model = fit(used)
    model["provenance"] = {
        "fitted": date.today().isoformat(),
        "command": "python -m aggregator.enrich.language_fit --texts DIR" + (" --all" if args.all else ""),
        "texts": f"{len(used)} headlines and first sentences from "
                 f"{len({r['site'] for r in used})} public news sites "
                 f"({'all sites' if args.all else 'the fit sites of tests/data/language_urls.jsonl'}, "
                 "less any page of ../shared/eval/dev); only n-gram counts are kept",
        "per_label": dict(sorted(Counter(r["label"] for r in used).items())),
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    with args.urls.open("w", encoding="utf-8") as handle:
        for line in url_list(rows, split, used):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    sizes = {s: len(p["counts"]) for s, p in model["scripts"].items()}
    print(f"fitted on {len(used)} texts; n-grams kept per script {sizes}; wrote {args.out}")


if __name__ == "__main__":
    main()
