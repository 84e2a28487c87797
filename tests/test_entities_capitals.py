"""The capitalised-name finder's fast search for the next capital gives the spans of the
look-behind pattern it replaces (texts within the BMP)."""

from __future__ import annotations

import pytest

from aggregator.entities import capitalised

TEXTS = [
    "Садыр Жапаров встретился с Касым-Жомартом Токаевым в Астане.",
    "iPhone и McDonald's: O'zbekiston, Kun.uz'ga, 'Ала-Тоо' -Бишкек .Ош",
    "x '.A b-.C d_E 1F «Гульнара» (Tokayev) Jogorku-Kenesh",
    "",
    "ABC",
    "—Чуйская область",
]


@pytest.mark.parametrize("text", TEXTS)
def test_next_capital_matches_the_look_behind_pattern_at_every_position(text):
    for pos in range(len(text) + 1):
        fast = capitalised._next_capitalised(text, pos, [], bmp=True)
        assert fast == capitalised._next_capitalised(text, pos, [], bmp=False)


def test_a_capital_inside_a_word_or_after_a_word_and_marks_starts_no_name():
    text = "iPhone b-.C 'Tokayev"
    assert capitalised._next_capitalised(text, 0, [], bmp=True) == (13, 20, "Tokayev")
