"""Detect the language of an article (ISO 639-1 code).

Interim implementation on top of langdetect; the dedicated language issue replaces
the internals while keeping ``detect_language``'s signature.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is random unless seeded: same text, same answer


def detect_language(text: str, title: str = "", prior: str | None = None) -> str | None:
    """Return the language code of ``title`` + ``text``, or ``prior`` when undecidable.

    ``prior`` is the source's declared language: a hint, not the answer.
    """
    sample = f"{title}\n{text}".strip()
    if len(sample) < 3:
        return prior
    try:
        return detect(sample[:5000])
    except LangDetectException:
        return prior
