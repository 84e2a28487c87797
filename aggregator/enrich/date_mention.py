"""Whether a date shape is a mention inside running prose rather than a dateline or a label."""

from __future__ import annotations

from aggregator.enrich.date_clock import _time_near
from aggregator.enrich.date_patterns import _ACT_NUMBER, _PROSE_AFTER, _T, _TIME_BEFORE, _TITLE_END, _normalise


def _is_mention(norm: str, raw: str, start: int, end: int) -> bool:
    """True for a date inside running prose rather than a dateline or a label.

    That is a date directly after a lowercase word that is no label, weekday or
    relative day, when it is a preposition ("с 1 по 5 марта", "на 17.02.2026") or
    the sentence goes on after it ("встреча 5 июня 2025 года с командой").
    A date after a lowercase word but before a separator or the end of the line
    ("Фото: пресс-служба 17.02.2026 | Просмотров: 1234") is kept, and so is a date
    with its time of day ("12 pikir 19 Qyrkýiek, 2022 saghat 13:11"): prose names days,
    stamps name minutes.
    """
    if start == 0 or _time_near(norm, start, end) is not None:
        return False
    if ":" in norm[max(0, start - 24) : start]:
        clock = _TIME_BEFORE.search(norm, max(0, start - 24), start)
        if clock is not None:
            start = clock.start()
    head = raw[max(0, start - 40) : start]
    if not head[-1:].isspace():  # "Бишкек, 11 июня": punctuation, not prose
        return False
    words = head.split()
    if words and any(ch.isdigit() for ch in words[-1]):  # "ПҚ-113-сон 18.03.2025": a number's suffix
        return False
    word = words[-1].rsplit("-", 1)[-1] if words else ""
    if len(word) <= 3 and len(words) >= 2 and _normalise(words[-2].strip(".:,")) in _T.context:
        return False  # "Дата: от 16.03.2021", "с изм. от 16.03.2021": a label, then its preposition
    if len(words) == 1 and start <= 40 and len(word) <= 3:
        return False  # "с 8 июня 2022 года", "аз 21.04.2025 оғоз гардид": a phrase cut at its preposition
    if not word.isalpha() or not word.islower() or _normalise(word) in _T.context:
        return False
    if _ACT_NUMBER.match(raw[end : end + 40]):  # an act's own date, then its number
        return False
    if len(words) > 1 and _is_act_number(words[-2]) and raw[start : start + 1].isdigit():
        return False  # "Постановление 203 от 22.12.2014": the act's number, then its date
    if (_normalise(word) in _T.period_words and raw[end - 1] != "." and not raw[0].islower()
            and _is_title_end(raw, end)):
        return False  # "Номер за 25.07.2024", "Новости от 19.04.2025": a title, not a clause's end
    return len(word) <= 3 or _PROSE_AFTER.match(raw[end : end + 40]) is not None


def _is_act_number(token: str) -> bool:
    """A number that names a document ("203", "№5", "45-р"), not a day of a range ("с 1 по")."""
    digits = "".join(ch for ch in token if ch.isdigit())
    return bool(digits) and (not token.isdigit() or len(digits) > 2 or int(digits) > 31)


def _is_title_end(raw: str, end: int) -> bool:
    """Nothing after the date but a year word and, after a comma, a place's name: one to three
    words, each capitalised ("Волгоград", "Нур-Султан", "New York"); prose goes on in lower case
    ("..., сообщил Минфин") or ends with a full stop."""
    tail = _TITLE_END.match(raw, end)
    if tail is None:
        return False
    words = (tail["place"] or "").split()
    return len(words) <= 3 and all(w[0].isupper() for w in words)
