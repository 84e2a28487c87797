"""Detect the language of an article (ISO 639-1 code).

langdetect knows none of the region's own languages: it calls Kazakh and Kyrgyz "ru",
Tajik "bg" and Uzbek "sq". This module decides by the script first, then by the letters
only these languages use and their most frequent function words:

* Cyrillic: ru, kk (ә ұ і ғ қ ң ө ү һ), ky (ң ө ү and none of the Kazakh-only letters),
  tg (ӣ ӯ ҷ ҳ ғ қ), uz (ў ҳ қ ғ), plus uk, be, sr/mk, mn, tt, ba by their own letters;
* Latin: uz (oʻ gʻ and function words), tk (ä ç ň ö ş ü ý ž), kk (2018/2021 Latin),
  en (function words), az (ə);
* Han characters: zh (kana: ja, hangul: ko).

Every step is a few precompiled regexes over at most a few thousand characters, so it is
deterministic and several times faster than langdetect, which stays the fallback for
languages this module does not model (then its code is returned, "zh-cn" as "zh").
Uzbek is "uz" in both scripts.

Short headlines often carry none of these cues, so the rules' answer is then weighed by a
naive-Bayes model over character n-grams fitted on real headlines and first sentences
(``language_model``, ``language_fit``; figures in benchmarks/README.md).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from importlib import resources

from langdetect import DetectorFactory, LangDetectException, detect

from aggregator.enrich.char_map import CharMap
from aggregator.enrich.language_model import SAMPLE_WORDS, WORD, load_models, text_words

DetectorFactory.seed = 0  # langdetect is random unless seeded: same text, same answer

_SAMPLE = 3000  # characters looked at: plenty for a decision, bounded cost
_MODEL_SAMPLE = 600  # characters handed to the n-gram model (it scores the first 50 words)
# the rules' answer weighs as much as this many nats of n-gram evidence: chosen by
# cross-validation by site on the fit sites (20 and 40 alike, 0 and 5 a little worse; on
# the enlarged fit sites all within one text); it carries the prior and the rules' letters
_RULES_BONUS = 20.0
# below this many words langdetect's answer is not trusted over the model: it calls short
# Uzbek headlines "tr", "id" or "et" and Uzbek Cyrillic without ў "bg", with confidence
_TRUST_LANGDETECT_WORDS = 25

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# runs of the rarer scripts (Cyrillic and Latin are counted on bytes, see _script_counts)
_HAN = re.compile(r"[\u3400-\u9fff]+")
_KANA = re.compile(r"[\u3040-\u30ff]+")
_HANGUL = re.compile(r"[\uac00-\ud7af]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]+")
#: every apostrophe-like mark as ' (a regex sub scans the text slower than a few replaces)
_ONE_APOSTROPHE = CharMap({ord(c): "'" for c in "‘’ʻʼ`′‛ʹ"})

def _cues() -> dict:
    text = resources.files("aggregator").joinpath("data/language_cues.toml").read_text("utf-8")
    return tomllib.loads(text)


_CUES = _cues()
# letter -> weight per language; negative weights: letters the language lacks
_CYR_LETTERS: dict[str, dict[str, float]] = _CUES["cyrillic"]["letters"]
_CYR_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _CUES["cyrillic"]["words"].items()}
_CYR_ANY_WORD = frozenset().union(*_CYR_WORDS.values())  # the words worth counting
_REGION_CYR = "әұіғқңөүһўӣӯҷҳ"
# Kyrgyz writes long vowels double ("тууралуу", "жыйналыш", "бөлүмү") where Kazakh writes
# a vowel and у ("туралы", "тау" for "тоо", "ауа" for "аба"); Kyrgyz opens words with э
# ("эртең", "эмес", "эки") where Kazakh writes е ("ертең", "емес", "екі")
_KY_VOWELS = re.compile(r"(?:аа|оо|уу|ээ|ыы|өө|үү)")
_KK_DIPHTHONGS = re.compile(r"[аеәиоөұүы]у")
_KY_INITIAL_E = re.compile(r"(?<![^\W\d_])э")
_REGION_NOT_SR = re.compile("[әұіғқөүһўӣӯҷҳ]")
_OTHER_CYR = (  # (regex of letters, code) for Cyrillic languages outside the region
    (re.compile(r"[їєґ]"), "uk"),
    (re.compile(r"[ђћџљњј]"), "sr"),
    (re.compile(r"[ѓќѕ]"), "mk"),
    (re.compile(r"[җ]"), "tt"),
    (re.compile(r"[ҙҡҫ]"), "ba"),
)

_OTHER_CYR_ANY = re.compile("[" + "".join(p.pattern.strip("[]") for p, _ in _OTHER_CYR) + "]")

_LAT_LETTERS: dict[str, dict[str, float]] = _CUES["latin"]["letters"]
_LAT_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _CUES["latin"]["words"].items()}
_LAT_ANY_WORD = frozenset().union(*_LAT_WORDS.values())
# frequent inflections (checked on words longer than four letters)
_LAT_SUFFIXES = {lang: tuple(ends) for lang, ends in _CUES["latin"]["suffixes"].items()}
_Q_NOT_QU = re.compile(r"q(?!u)")
_UZ_LATIN_DIGRAPH = re.compile(r"(?<![a-z])(?:o'|g')|[a-z](?:o'|g')", re.I)


def detect_language(text: str, title: str = "", prior: str | None = None) -> str | None:
    """Return the language code of ``title`` + ``text``, or ``prior`` when undecidable.

    ``prior`` is the source's declared language: a hint used only when the text itself
    gives too little evidence (a short title, a name), never over clear evidence.

    The cue rules below answer first; the fitted n-gram model of the text's script
    (``language_model``) then weighs every language of that script, the rules' answer
    among them with a fixed bonus. So a rules answer stands unless the n-grams clearly
    say otherwise, which they do on the short headlines that carry no cue letter.
    """
    seen = _Sample(f"{title}\n{text}".strip())
    rules = _rules_of(seen, prior)
    sample = seen.text[:_MODEL_SAMPLE]
    model = load_models().get(_script(sample))
    if model is None:
        return _plain(rules)
    scores, known = model.scores_of_words(seen.model_words())
    if known == 0:
        return _plain(rules)
    if rules not in scores:
        # another language named by its own letters (ї, ђ, ə, ğ), or by langdetect or
        # function words on a text long enough; on a short one langdetect calls Uzbek "tr"
        short = len(WORD.findall(sample)) < _TRUST_LANGDETECT_WORDS
        if not (isinstance(rules, _Weak) and short):
            return _plain(rules)
    else:
        scores[rules] += _RULES_BONUS
    return max(scores, key=lambda lang: (scores[lang], lang == prior))


def _script(sample: str) -> str | None:
    """``cyrillic`` or ``latin`` when that script has most letters, else None."""
    n_cyr, n_lat, n_han, *_ = _script_counts(sample)
    if n_han > 0.3 * (n_cyr + n_lat + n_han) or n_cyr + n_lat == 0:
        return None
    return "cyrillic" if n_cyr >= n_lat else "latin"


def detect_language_rules(text: str, title: str = "", prior: str | None = None) -> str | None:
    """The cue rules alone (script, own letters, function words; langdetect otherwise)."""
    return _plain(_rules_of(_Sample(f"{title}\n{text}".strip()), prior))


class _Sample:
    """What the rules and the model read of a text: its first ``_SAMPLE`` characters,
    lower-cased with one apostrophe (``lower``), and the words of that, found once for
    both (a regex pass over the text costs as much as the model's scoring).

    The model's words are ``text_words`` of the first ``_MODEL_SAMPLE`` characters; they
    are the rules' words up to there whenever the two lower-casings agree: no ´ (which
    only the model reads as an apostrophe), no Σ (whose lower case depends on what
    follows) and no letter whose lower case is longer. Words never cross a space, so the
    regex is run up to the last space before ``_MODEL_SAMPLE`` and from there on.
    """

    __slots__ = ("text", "lower", "_words", "_head", "_cut")

    def __init__(self, text: str):
        self.text = text[:_SAMPLE]
        self.lower = _ONE_APOSTROPHE(self.text.lower())
        self._words: list[str] | None = None
        self._head: list[str] | None = None  # the words before position _cut (a space)
        self._cut = -1

    def words(self) -> list[str]:
        """``_WORD.findall(self.lower)``."""
        if self._words is None:
            lower = self.lower
            self._cut = lower.rfind(" ", 0, _MODEL_SAMPLE)
            if self._cut < 0:
                self._words = _WORD.findall(lower)
            else:
                self._head = _WORD.findall(lower, 0, self._cut)
                self._words = self._head + _WORD.findall(lower, self._cut)
        return self._words

    def model_words(self) -> list[str]:
        """``text_words(self.text[:_MODEL_SAMPLE])``."""
        head = self.text[:_MODEL_SAMPLE]
        if "´" in head or "Σ" in head or len(self.lower) != len(self.text):
            return text_words(head)
        self.words()
        if self._head is None:
            return _WORD.findall(self.lower, 0, _MODEL_SAMPLE)[:SAMPLE_WORDS]
        if len(self._head) >= SAMPLE_WORDS:
            return self._head[:SAMPLE_WORDS]
        return (self._head + _WORD.findall(self.lower, self._cut, _MODEL_SAMPLE))[:SAMPLE_WORDS]


class _Weak(str):
    """A code without the language's own letters (langdetect's, or Turkish and Azerbaijani
    function words alone): trusted over the n-gram model on long texts only."""


def _plain(code: str | None) -> str | None:
    return None if code is None else str(code)


def _rules_of(seen: _Sample, prior: str | None) -> str | None:
    sample, lower = seen.text, seen.lower
    if len(sample) < 3:
        return prior
    n_cyr, n_lat, n_han, n_kana, n_hangul, n_arab = _script_counts(lower)
    total = n_cyr + n_lat + n_han + n_kana + n_hangul + n_arab
    if total == 0:
        return prior
    if n_kana > 0.1 * total:
        return "ja"
    if n_hangul > 0.3 * total:
        return "ko"
    if n_han > 0.3 * (n_cyr + n_lat + n_han):
        return "zh"
    if n_cyr >= n_lat and n_cyr >= n_arab:
        return _cyrillic(seen, prior, n_cyr)
    if n_lat >= n_arab:
        return _latin(seen, prior)
    return _fallback(sample, prior)


def _letters(script: re.Pattern, text: str) -> int:
    return sum(map(len, script.findall(text)))


def _keep_only(kept: bytes) -> bytes:
    """The ``delete`` argument of bytes.translate that keeps only ``kept``."""
    return bytes(range(256)).translate(None, kept)


# Letters are counted on the UTF-8 bytes, where bytes.translate runs in C and a regex scan
# per script would cost as much as all the rest: a Cyrillic letter (U+0400-U+04FF) is one
# lead byte D0-D3, a Latin one an ASCII letter or a lead byte C3-C8 (U+00C0-U+023F; the
# few of U+0240-U+024F behind C9 are counted by regex when a C9 occurs at all). Arabic
# (D8-DB), kana, Han and hangul (E3-ED) are scanned only when such a lead byte occurs.
_CYRILLIC_BYTES = _keep_only(bytes(range(0xD0, 0xD4)))
_LATIN_BYTES = _keep_only(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + bytes(range(0xC3, 0xC9)))
_RARE_SCRIPT_BYTES = _keep_only(bytes([*range(0xD8, 0xDC), *range(0xE3, 0xEE)]))
_LATIN_C9 = re.compile("[\u0240-\u024f]")


def _script_counts(text: str) -> tuple[int, int, int, int, int, int]:
    """Letters of Cyrillic, Latin, Han, kana, hangul and Arabic script in ``text``."""
    encoded = text.encode("utf-8")
    n_cyr = len(encoded.translate(None, _CYRILLIC_BYTES))
    n_lat = len(encoded.translate(None, _LATIN_BYTES))
    if b"\xc9" in encoded:
        n_lat += len(_LATIN_C9.findall(text))
    if not encoded.translate(None, _RARE_SCRIPT_BYTES):
        return n_cyr, n_lat, 0, 0, 0, 0
    return (n_cyr, n_lat, *(_letters(rx, text) for rx in (_HAN, _KANA, _HANGUL, _ARABIC)))


def _letter_scores(lower: str, table: dict[str, dict[str, float]]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for letter in {ch for weights in table.values() for ch in weights}:
        n = lower.count(letter)
        if n:
            counts[letter] = n
    return {
        lang: sum(w * counts.get(ch, 0) for ch, w in weights.items())
        for lang, weights in table.items()
    }


def _word_scores(words: list[str], table: dict[str, frozenset[str]],
                 any_word: frozenset[str]) -> dict[str, int]:
    # only the function words (``any_word``) counted, filtered in C, each looked up once
    # per language
    counts = Counter(filter(any_word.__contains__, words))
    return {lang: sum(counts[w] for w in vocab.intersection(counts)) for lang, vocab in table.items()}


def _decide(scores: dict[str, float], prior: str | None, minimum: float) -> str | None:
    ranked = sorted(scores, key=lambda lang: (-scores[lang], lang))
    best = ranked[0]
    if scores[best] < minimum:
        return None
    if prior in scores and prior != best and scores[prior] >= scores[best] - minimum:
        return prior  # close call: the source's declared language decides
    return best


def _cyrillic(seen: _Sample, prior: str | None, n_cyr: int) -> str | None:
    lower = seen.lower
    if "њ" in lower and _REGION_NOT_SR.search(lower):
        # Kyrgyz (and Kazakh) typed with an old font's њ for ң: Serbian has no ө, ү, қ...
        lower = lower.replace("њ", "ң")
    if _OTHER_CYR_ANY.search(lower):  # one scan for the five languages' letters
        for pattern, code in _OTHER_CYR:
            hits = len(pattern.findall(lower))
            if hits >= 2 or (hits and len(lower) < 200):
                if code == "uk" and "ә" in lower:
                    continue
                return code
    if "ў" in lower and "і" in lower and not any(c in lower for c in "қғҳ"):
        return "be"
    words = seen.words() if lower is seen.lower else _WORD.findall(lower)
    fw = _word_scores(words, _CYR_WORDS, _CYR_ANY_WORD)
    special = sum(map(lower.count, _REGION_CYR))
    n_cyr = max(1, n_cyr)  # counted once, by _script_counts
    if fw["mn"] >= 2 and fw["mn"] > fw["ru"] and "ң" not in lower:
        return "mn"
    own = max(fw[lang] for lang in _CYR_LETTERS)
    rate = special / n_cyr
    if (rate < 0.03 and fw["ru"] >= own and (fw["ru"] or not special)) or (rate < 0.06 and fw["ru"] >= max(3, 3 * own)):
        # Russian, perhaps quoting a few Kazakh or Tajik names
        if special == 0 and own == 0 and fw["ru"] == 0 and prior in _CYR_LETTERS:
            return prior
        if fw["ru"] or "ы" in lower or "э" in lower or len(lower) < 80:
            return "ru"
        return _fallback(lower, prior)
    letters = _letter_scores(lower, _CYR_LETTERS)
    pairs = len(_KY_VOWELS.findall(lower)) + len(_KY_INITIAL_E.findall(lower))
    diphthongs = len(_KK_DIPHTHONGS.findall(lower))
    letters["ky"] += pairs - diphthongs
    letters["kk"] += diphthongs - pairs
    scores = {lang: letters[lang] + 2.0 * fw[lang] for lang in _CYR_LETTERS}
    best = _decide(scores, prior, 1.0)
    if best is not None:
        return best
    if prior in scores or prior == "ru":
        return prior
    return "ru" if fw["ru"] else _fallback(lower, prior)


def _latin(seen: _Sample, prior: str | None) -> str | None:
    sample, lower = seen.text, seen.lower
    words = seen.words()
    letters = _letter_scores(lower, _LAT_LETTERS)
    digraphs = len(_UZ_LATIN_DIGRAPH.findall(lower))
    letters["uz"] += 3.0 * digraphs
    fw = _word_scores(words, _LAT_WORDS, _LAT_ANY_WORD)
    for word in words:
        for lang, suffixes in _LAT_SUFFIXES.items():
            if len(word) > 4 and word.endswith(suffixes):
                fw[lang] += 0.5
    scores = {lang: letters.get(lang, 0.0) + 2.0 * fw.get(lang, 0) for lang in _LAT_LETTERS}
    best = _decide(scores, prior, 2.0)
    strong = {
        # o' and g', or a q not followed by u (qonun, qaror), which English, Turkish and
        # Turkmen do not write
        "uz": digraphs + len(_Q_NOT_QU.findall(lower)),
        # Turkmen's own letters; ä and w (which Turkish, Azerbaijani and Uzbek lack) only
        # beside ş or ç: German umlauts and English w are not Turkmen
        "tk": sum(lower.count(c) for c in "ňýž")
        + (lower.count("ä") + lower.count("w") if ("ş" in lower or "ç" in lower) else 0),
        "kk": sum(lower.count(c) for c in "ǵńáóúñū"),
        "az": lower.count("ə"),
        "tr": sum(lower.count(c) for c in "ığ"),
        "en": 0,
    }
    if best is not None:
        # our own languages need their own letters or several function words: German
        # umlauts alone are not Turkmen
        if best == "en" and fw["en"] >= max(1 if len(words) < 10 else 2, 0.08 * len(words)):
            return "en"
        if best != "en" and (strong[best] or fw[best] >= 1.5):
            return best if strong[best] else _Weak(best)
    if prior in scores and scores[prior] > 0:
        return prior
    return _fallback(sample, prior)


def _fallback(sample: str, prior: str | None) -> str | None:
    try:
        code = detect(sample)
    except LangDetectException:
        return prior
    return _Weak("zh" if code.startswith("zh") else code)
