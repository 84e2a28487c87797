"""The pair features of session 8: undated pairs and event-stage evidence (figures that
conflict in one unit, a text naming the other's day, headlines with different verbs),
computed from a new article's keys against an indexed article's packed block."""

from __future__ import annotations

from collections import defaultdict

from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.pairs import FEATURE_NAMES, EvidenceKeys, Member, pair_features
from aggregator.stories.predicates import predicates


def keys(title: str, body: str, day: str | None = None) -> EvidenceKeys:
    ev = ArticleEvidence.from_text(title, body, "ru", day, "day" if day else None, day)
    k = EvidenceKeys.build(ev)
    k.weigh(defaultdict(lambda: 1.0))
    return k


def features(new: EvidenceKeys, old: EvidenceKeys) -> dict[str, float]:
    member = Member.unpack(old.pack(), 0)  # as the index keeps it
    return dict(zip(FEATURE_NAMES, pair_features(new, defaultdict(lambda: 1.0), 1.0, member,
                                                 0.0)))


ARREST = ("Экс-мэра задержали", "Бывшего мэра Ивана Петрова задержали. Ущерб 17 млн сомов, "
          "по делу проходят 12 человек.")
RETOLD = ("Бывший мэр задержан", "Ивана Петрова задержали, ущерб оценивают в 17 млн сомов, "
          "по делу 12 человек.")
VERDICT = ("Экс-мэра осудили", "Бывшего мэра Ивана Петрова, задержанного 5 июля 2024 года, "
           "осудили. Ущерб 25 млн сомов, по делу проходят 14 человек.")


def test_stage_evidence_separates_a_verdict_from_the_arrest_but_not_a_rewrite():
    arrest = keys(*ARREST, "2024-07-05")
    verdict = features(keys(*VERDICT, "2024-07-08"), arrest)
    assert verdict["figures_conflict"] == 1.0      # 17 against 25 million
    assert verdict["counts_conflict"] == 1.0       # 12 against 14
    assert verdict["cites_other_day"] == 1.0       # the verdict names the arrest's day
    assert verdict["predicates_differ"] == 1.0     # задержать / осудить
    rewrite = features(keys(*RETOLD, "2024-07-05"), arrest)
    assert rewrite["figures_conflict"] == rewrite["counts_conflict"] == 0.0
    assert rewrite["cites_other_day"] == 0.0 and rewrite["predicates_differ"] == 0.0


def test_figures_in_units_only_one_side_states_do_not_conflict():
    a = keys("Бюджет", "Бюджет составит 17 млн сомов.")
    b = keys("Бюджет", "Рост составил 5%.")
    f = features(b, a)
    assert f["figures_conflict"] == 0.0 and f["counts_conflict"] == 0.0


def test_undated_pairs_are_told_apart_from_dated_ones():
    dated, other = keys(*ARREST, "2024-07-05"), keys(*RETOLD, "2024-07-05")
    undated = keys("Экс-мэра задержали", "Ивана Петрова задержали.")
    standin = keys("Экс-мэра задержали", "Ивана Петрова задержали 5 июля.")  # a stand-in day
    assert standin.day_value is not None and standin.standin
    both = features(undated, standin)
    assert both["undated_both"] == 1.0 and both["undated_one"] == 0.0
    one = features(undated, dated)
    assert one["undated_both"] == 0.0 and one["undated_one"] == 1.0
    neither = features(other, dated)
    assert neither["undated_both"] == 0.0 and neither["undated_one"] == 0.0


def test_headline_verbs_are_the_verb_lemmas_and_russian_only():
    assert predicates({"задержать", "мэр", "бишкек"}, "ru") == {"задержать"}
    assert predicates({"задержать"}, "en") == set()
    ev = ArticleEvidence.from_text("Экс-мэра Бишкека задержали", "Текст.", "ru")
    assert predicates(ev.head, "ru") == {"задержать"}
