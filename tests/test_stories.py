"""Story deduplication: reposts, edits, rewrites join; different events stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.items import Article
from aggregator.store import Store
from aggregator.stories.candidates import CandidateIndex
from aggregator.stories.clusters import Stories
from aggregator.stories.days import day_interval
from aggregator.stories.features import features
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.scoring import ScoringPolicy

from .conftest import read_jsonl
from .replay import aggregator

DECREE = (
    "Президент Кыргызстана Садыр Жапаров подписал указ о переименовании села Кара-Суу "
    "Таласской области в село Бейшеналиев. Об этом сообщает пресс-служба главы государства.\n"
    "Согласно указу, решение принято в целях увековечения памяти народного поэта "
    "Токтогула Бейшеналиева в связи со 120-летием со дня его рождения. Кабинету министров "
    "поручено в трёхмесячный срок внести изменения в государственный реестр "
    "административно-территориальных единиц. Указ вступает в силу через десять дней "
    "после официального опубликования.")
DECREE_REPOST = (
    "Президент Кыргызстана Садыр Жапаров подписал указ о переименовании села Кара-Суу "
    "Таласской области в село Бейшеналиев, сообщает пресс-служба главы государства.\n"
    "Согласно указу, решение принято в целях увековечения памяти народного поэта "
    "Токтогула Бейшеналиева в связи со 120-летием со дня его рождения. Кабинету министров "
    "поручено в трёхмесячный срок внести изменения в государственный реестр "
    "административно-территориальных единиц.\nФото: president.kg")
DECREE_REWRITE = (
    "Село Кара-Суу в Таласской области получит новое название — Бейшеналиев. Соответствующий "
    "указ подписал глава государства Садыр Жапаров. Так в Кыргызстане решили отметить "
    "120-летие поэта Токтогула Бейшеналиева, чьи стихи стали песнями для нескольких "
    "поколений. Кабмин должен за три месяца обновить реестр административно-территориальных "
    "единиц, а переименование села Кара-Суу вступит в силу через десять дней.")
OTHER_DECREE = (
    "Президент Кыргызстана Садыр Жапаров подписал указ о назначении Алмаза Исаева "
    "полномочным представителем президента в Ошской области. Об этом сообщает пресс-служба "
    "главы государства.\nРанее Исаев работал заместителем министра экономики и коммерции. "
    "Прежний полпред освобождён от должности в связи с переходом на другую работу.")
MEETING = (
    "Садыр Жапаров провёл встречу с министром энергетики Таалайбеком Ибраевым. Министр "
    "доложил о ходе подготовки к осенне-зимнему периоду: на Токтогульской ГЭС завершён "
    "ремонт двух гидроагрегатов, запасы воды в водохранилище составляют 14,2 млрд "
    "кубометров. Президент поручил обеспечить бесперебойное электроснабжение зимой.")


MINE = ("28 октября на шахте имени Костенко в Карагандинской области произошёл взрыв "
        "метана. Погибли 11 горняков, спасатели ищут остальных.")


def article(url: str, title: str, body: str, day: str | None = "2025-09-18",
            fetched: str = "2025-09-18T12:00:00Z") -> Article:
    return Article(url=url, canonical_url=url, title=title, body=body,
                   published_at=f"{day}T09:00:00Z" if day else None, fetched_at=fetched)


def test_features_entities_numbers_and_titles():
    feats = features("Жапаров переименовал Кара-Суу", DECREE)
    assert {"жапар", "бейше", "талас"} <= feats.entities  # names keyed by 5-letter prefix
    assert "120" in feats.numbers and "2025" not in feats.numbers
    assert feats.title and feats.shingles
    dated = features("", "Парламент рассмотрел законопроект сегодня, 16 марта, на заседании.")
    assert "16.03" in dated.numbers  # a named date


def test_repost_light_edit_and_rewrite_join_one_story():
    index = StoryIndex()
    first = index.assign(article("https://a.kg/1", "Село Кара-Суу переименовано в Бейшеналиев", DECREE))
    repost = index.assign(article("https://b.kg/2", "Село Кара-Суу переименовано в Бейшеналиев",
                                  DECREE_REPOST))
    rewrite = index.assign(article("https://c.kz/3", "Кара-Суу станет Бейшеналиевым", DECREE_REWRITE,
                                   day=None))
    assert first == repost == rewrite


def test_reaction_to_an_event_vetoed_by_the_old_policy_weighed_by_the_fitted_one():
    mine = article("https://a.kz/1", "Взрыв на шахте имени Костенко", MINE)
    condolences = article("https://b.kg/2", "Президент выразил соболезнования", (
        "Президент выразил соболезнования в связи с трагедией на шахте имени Костенко "
        "в Карагандинской области. Взрыв произошёл 28 октября, погибли 11 горняков."))
    old = StoryIndex(policy=ScoringPolicy())  # a hard veto
    assert old.assign(mine) != old.assign(condolences)
    # the fitted model weighs a reaction as evidence against (a veto measured worse)
    fitted = StoryIndex()
    fitted.assign(mine)
    q = fitted._query(features(condolences.title, condolences.body), None, 1, "u",
                      evidence=fitted._evidence(condolences))
    (members,) = fitted._candidates(q).values()
    x = fitted.policy.rows(q, members)
    assert x[0, FEATURE_NAMES.index("reaction")] == 1.0
    assert fitted.policy.model.weights[FEATURE_NAMES.index("reaction")] < 0


def test_weak_names_are_countries_capitals_officials_not_cities():
    from aggregator.stories.features import is_weak_name
    assert is_weak_name("бишкек") and is_weak_name("жапаров") and is_weak_name("казахстан")
    assert not is_weak_name("актау") and not is_weak_name("куляб")  # places of events


def test_rounded_figures_and_headline_numbers_count():
    feats = features("Число жертв возросло до 17", "Явка составила 51,77%, 25 декабря.")
    assert feats.headline_numbers == {"17"} and "51.77" in feats.numbers
    from aggregator.stories.features import rounded
    assert rounded("51.77") == "51" and rounded("25.12") is None


def test_same_people_different_event_stay_apart():
    index = StoryIndex()
    decree = index.assign(article("https://a.kg/1", "Село Кара-Суу переименовано", DECREE))
    appointment = index.assign(article("https://a.kg/2", "Назначен полпред в Ошской области",
                                       OTHER_DECREE))
    meeting = index.assign(article("https://a.kg/3", "Жапаров встретился с министром энергетики",
                                   MEETING))
    assert meeting not in {decree, appointment}


@pytest.mark.xfail(strict=True, reason="known false merge (issue 17's precision gap): two decrees "
                   "of one president on one day score p about 0.49, above the fitted thresholds "
                   "chosen on date/random orders (online 0.40, batch 0.35); benchmarks/README.md, "
                   "'Stories, session 8'")
def test_two_decrees_of_one_day_stay_apart():
    index = StoryIndex()
    decree = index.assign(article("https://a.kg/1", "Село Кара-Суу переименовано", DECREE))
    appointment = index.assign(article("https://a.kg/2", "Назначен полпред в Ошской области",
                                       OTHER_DECREE))
    assert decree != appointment


def test_time_window_keeps_the_same_text_a_year_later_apart():
    index = StoryIndex()
    now = index.assign(article("https://a.kg/1", "Кара-Суу", DECREE, day="2025-09-18"))
    later = index.assign(article("https://b.kg/1", "Кара-Суу", DECREE_REPOST, day="2026-09-18",
                                 fetched="2026-09-18T12:00:00Z"))
    assert now != later


def test_an_old_article_crawled_late_keeps_its_story_while_indexed():
    # chunks are evicted whole: an article of 2 September crawled on the 20th shares a
    # chunk with that day's news and stays indexed after the older chunk goes, so a
    # repost of it (dated or not) must get its story, not a story id of None
    index = StoryIndex(keep_days=7)
    index.CHUNK = 2
    early = "2025-09-01T12:00:00Z"
    index.assign(article("https://x.kg/1", "Встреча", MEETING, day="2025-09-01", fetched=early))
    index.assign(article("https://x.kg/2", "Полпред", OTHER_DECREE, day="2025-09-01",
                         fetched=early))
    late = "2025-09-20T12:00:00Z"
    old = index.assign(article("https://a.kg/1", "Кара-Суу", DECREE, day="2025-09-02",
                               fetched=late))
    index.assign(article("https://y.kg/1", "Погода", "Сегодня в Бишкеке ожидается дождь.",
                         day="2025-09-20", fetched=late))
    assert sorted(index.docs) == [2, 3]  # the first chunk is gone, the late one stays
    undated = index.assign(article("https://b.kg/1", "Кара-Суу", DECREE_REPOST, day=None,
                                   fetched=late))
    dated = index.assign(article("https://c.kg/1", "Кара-Суу", DECREE_REPOST, day="2025-09-03",
                                 fetched=late))
    assert old is not None and undated == dated == old


def test_articles_of_other_days_do_not_crowd_out_todays_match():
    # the same release published five days earlier by more outlets than the candidate cut
    # keeps: they share as much with the rewrite as today's copy, but their days rule them
    # out, so today's copy is still among the candidates judged
    index = StoryIndex()
    earlier = {index.assign(article(f"https://old{k}.kg/1", "Село Кара-Суу переименовано",
                                    DECREE, day="2025-09-13", fetched="2025-09-13T12:00:00Z"))
               for k in range(2 * StoryIndex.MAX_CANDIDATES)}
    today = index.assign(article("https://a.kg/1", "Село Кара-Суу переименовано", DECREE))
    rewrite = article("https://c.kz/3", "Кара-Суу станет Бейшеналиевым", DECREE_REWRITE)
    judged = set(index.candidate_stories(rewrite))
    assert len(earlier) == 1 and today not in earlier
    assert judged == {today}


def test_month_only_dates_are_an_interval():
    a = Article(url="u", date_raw="2020-12")
    assert day_interval(a)[1] - day_interval(a)[0] == 30
    assert day_interval(Article(url="u")) is None


def test_same_url_keeps_its_story():
    index = StoryIndex()
    first = index.assign(article("https://a.kg/1", "Кара-Суу", DECREE))
    again = index.assign(article("https://a.kg/1", "Кара-Суу (обновлено)", MEETING))
    assert first == again


def test_bridge_merges_into_the_older_story(tmp_path):
    # only the hand-weighted policy still merges stories through a bridge; the fitted one
    # joins one story (tests/test_story_model.py)
    index = StoryIndex(policy=ScoringPolicy())
    older = index.assign(article("https://a.kg/1", "Кара-Суу переименовано в Бейшеналиев", DECREE))
    index.policy.THRESHOLD = 99  # force a separate second story, then bridge them
    younger = index.assign(article("https://b.kg/2", "Кара-Суу переименовано в Бейшеналиев",
                                   DECREE_REPOST))
    index.policy.THRESHOLD = ScoringPolicy.THRESHOLD
    assert older != younger
    bridge = index.assign(article("https://c.kg/3", "Кара-Суу переименовано в Бейшеналиев",
                                  DECREE + "\n" + DECREE_REPOST))
    assert bridge == older and index.resolve(younger) == older


def test_across_runs_through_a_store(tmp_path):
    db = tmp_path / "news.db"
    store = Store(db)
    index = StoryIndex(store)
    # two stories of other people (the president's decrees of one day are one story to
    # the fitted matcher: test_same_people_different_event_stay_apart)
    today = [article("https://a.kg/1", "Кара-Суу переименовано в Бейшеналиев", DECREE),
             article("https://a.kg/2", "Взрыв на шахте имени Костенко", MINE)]
    for a in today:
        index.assign(a)
    store.upsert_articles(today)
    store.refresh_stories(index.save(store, today) | {a.story_id for a in today})
    assert store.count("story_signatures") == 2
    store.close()

    store = Store(db)  # tomorrow's cron run: a new process, a new index
    index = StoryIndex(store)
    assert len(index.docs) == 2
    repost = article("https://b.kz/9", "Кара-Суу переименовано в Бейшеналиев", DECREE_REPOST,
                     day="2025-09-19", fetched="2025-09-19T08:00:00Z")
    assert index.assign(repost) == today[0].story_id
    store.upsert_articles([repost])
    store.refresh_stories(index.save(store, [repost]) | {repost.story_id})
    row = store.db.execute("SELECT article_count, representative_id, sources FROM stories "
                           "WHERE id = ?", [repost.story_id]).fetchone()
    assert row[0] == 2
    store.close()


def test_enrich_with_db_persists_and_merges(tmp_path):
    db = tmp_path / "news.db"
    # the other story has other people: the president's other decree or his meeting of the
    # same day (OTHER_DECREE, MEETING) dated alike are one story to the fitted matcher (the
    # same people on the same day, its known weakness: benchmarks/README.md)
    lines = [json.dumps({"url": f"https://s{i}.kg/{i}", "title": title,
                         "text": text, "date": "2025-09-18"}, ensure_ascii=False)
             for i, (title, text) in enumerate([("Кара-Суу переименовано", DECREE),
                                                ("Взрыв на шахте имени Костенко", MINE)])]
    done = aggregator("enrich", "-", "--db", str(db), stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    more = json.dumps({"url": "https://x.kz/1", "title": "Кара-Суу переименовано",
                       "text": DECREE_REPOST, "date": "2025-09-19"}, ensure_ascii=False)
    done = aggregator("enrich", "-", "--db", str(db), stdin=more + "\n")
    first = json.loads(done.stdout)
    store = Store(db, readonly=True)
    ids = [r[0] for r in store.db.execute("SELECT story_id FROM articles ORDER BY id")]
    assert ids[0] == ids[2] == first["story_id"] and ids[1] != ids[0]
    store.close()


def test_minhash_of_matches_datasketch():
    import zlib

    import numpy as np
    from datasketch import MinHash

    from aggregator.stories.minhash import NUM_PERM, minhash_of, permutations

    for text in (DECREE, DECREE_REWRITE, MEETING, ""):
        shingles = features("", text).shingles
        ref = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=permutations(),
                      scheme="affine32")
        if shingles:
            ref.update_batch([s.encode("utf-8") for s in shingles])
        mine = minhash_of(shingles)
        assert mine.dtype == np.uint32 and (mine == ref.hashvalues.astype(np.uint32)).all()


def test_stored_permutations_and_empty_signature_are_datasketchs():
    import numpy as np
    from datasketch import MinHash

    from aggregator.stories.minhash import NUM_PERM, minhash_of, permutations

    library = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    for stored, theirs in zip(permutations(), library.permutations):
        assert stored.dtype == np.uint32 and (stored == theirs).all()
    assert (minhash_of([]) == library.hashvalues.astype(np.uint32)).all()


def test_the_product_does_not_import_datasketch():
    import subprocess
    import sys

    code = ("import sys, aggregator.enrich.jsonl, aggregator.stories.minhash as m; "
            "m.minhash_of(['a b c']); print('datasketch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_compacting_story_slots_keeps_every_decision():
    texts = [DECREE, OTHER_DECREE, MEETING]

    from datetime import date, timedelta

    def stream():  # the same three texts every fifth day: new stories each time
        for step in range(30):
            day = (date(2025, 1, 1) + timedelta(days=5 * step)).isoformat()
            for k, text in enumerate(texts):
                yield article(f"https://a.kg/{step}/{k}", "", text, day=day,
                              fetched=f"{day}T12:00:00Z")
                yield article(f"https://b.kg/{step}/{k}", "", text + " Фото: пресс-служба.",
                              day=day, fetched=f"{day}T12:00:00Z")

    plain, compacting = StoryIndex(keep_days=2), StoryIndex(keep_days=2)
    for index in (plain, compacting):
        index.CHUNK = 8
    plain.COMPACT_STORIES = 10 ** 9
    compacting.COMPACT_STORIES = 4
    for a, b in zip(stream(), stream()):
        assert plain.assign(a) == compacting.assign(b)
    assert len(compacting.clusters) < len(plain.clusters)  # fewer story slots held
    assert compacting.stories == plain.stories
    assert 0 < compacting.footprint()["total"] < plain.footprint()["total"]


def test_feature_caches_are_bounded():
    from aggregator.stories import features as feature_module
    from aggregator.stories import query

    cached = (feature_module.stem, feature_module.is_weak_name, feature_module.word_info,
              query.entity_key, query.number_key, query.stem_key)
    for function in cached:
        assert function.cache_info().maxsize is not None
    info = feature_module.word_info
    before = info.cache_info()
    assert info("Слово1")[0] == "слово1" and info("Слово1") is info("Слово1")
    assert info.cache_info().hits >= before.hits + 1


def test_feature_keys_are_stable_crc32():
    import zlib

    from aggregator.stories.query import entity_key, number_key, stem_key

    words = [f"слово{n}" for n in range(350)]
    for prefix, key in (("e:", entity_key), ("n:", number_key), ("w:", stem_key)):
        first = list(map(key, words))
        assert first == [zlib.crc32((prefix + w).encode("utf-8")) for w in words]
        assert list(map(key, words[::-1])) == first[::-1]  # the same keys from the cache


def test_saved_signature_keys_are_the_article_features(tmp_path):
    store = Store(tmp_path / "news.db")
    index = StoryIndex(store)
    a = article("https://a.kg/1", "Кара-Суу переименовано в Бейшеналиев", DECREE)
    index.assign(a)
    store.upsert_articles([a])
    index.save(store, [a])
    saved = json.loads(store.db.execute("SELECT keys FROM story_signatures").fetchone()[0])
    feats = features(a.title, "\n".join(filter(None, [a.lead, a.body])))
    assert saved["w"] == feats.words and saved["e"] == sorted(feats.entities)
    assert saved["t"] == sorted(feats.title) and saved["n"] == sorted(feats.numbers)
    store.close()


def test_c_stemmer_gives_the_pure_python_stems(eval_dev):
    """PyStemmer (C Snowball) is what ``stem`` uses; its stems must be the pure-Python
    snowballstemmer's on real words, or story keys would change with the install."""
    import Stemmer
    from snowballstemmer.russian_stemmer import RussianStemmer

    import snowballstemmer

    from aggregator.stories.features import stem, tokens, word_info

    assert isinstance(snowballstemmer.stemmer("russian"), Stemmer.Stemmer)
    words = set()
    for name in ("dedup.jsonl", "countries.jsonl"):
        for record in read_jsonl(eval_dev / name):
            text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
            words.update(word_info(tok)[0] for tok in tokens(text) if tok[0].isalpha())
    assert len(words) > 3000
    pure = RussianStemmer()
    assert [stem(w) for w in sorted(words)] == [
        pure.stemWord(w) if len(w) > 3 else w for w in sorted(words)]


def test_token_kinds_by_comparison(eval_dev):
    """``features`` tells words and numbers apart by string comparison (cheaper than
    ``tok[0].isalpha()``): the same answer on every token of the dev texts."""
    from aggregator.stories.features import tokens

    for record in read_jsonl(eval_dev / "dedup.jsonl"):
        for tok in tokens(f"{record['title']}\n{record['text']}"):
            assert (tok >= "A") == tok[0].isalpha()
            assert ("0" <= tok < ":") == tok[0].isdigit()


def test_shingle_hashes_are_the_crc_of_the_shingles():
    import zlib

    from aggregator.stories.minhash import minhash_of, minhash_of_hashes

    for text in (DECREE, DECREE_REWRITE, MEETING, "", "два слова"):
        feats = features("", text)
        hashes = feats.shingle_hashes()
        assert set(hashes) == {zlib.crc32(s.encode("utf-8")) for s in feats.shingles}
        assert (minhash_of_hashes(hashes) == minhash_of(feats.shingles)).all()


def _merge(index: CandidateIndex, chunk: dict[int, list[int]]) -> None:
    """Freeze ``chunk`` (key -> its documents, in order) into the postings of ``index``."""
    import numpy as np

    keys = sorted(chunk)
    index.merge_postings(np.array(keys, np.uint32),
                         np.array([len(chunk[k]) for k in keys], np.int32),
                         np.array([d for k in keys for d in chunk[k]], np.uint32))


def test_a_frozen_chunk_merges_into_the_postings():
    index = CandidateIndex()
    assert index.postings() == [] and index.documents(5) == []
    for chunk in ({5: [0, 1], 9: [2]}, {1: [3], 9: [3, 4], 2 ** 32 - 1: [5]}, {5: [6], 7: [6]}):
        _merge(index, chunk)
    assert index.postings() == [(1, 3), (5, 0), (5, 1), (5, 6), (7, 6), (9, 2), (9, 3),
                                (9, 4), (2 ** 32 - 1, 5)]
    assert index.documents(5) == [0, 1, 6] and index.documents(2 ** 32 - 1) == [5]
    assert index.documents(8) == [] and index.documents(0) == []


def test_added_documents_are_found_before_and_after_freezing():
    index = CandidateIndex()
    index.add(0, [5, 9], [5], day=10)
    index.add(1, [5], [5, 7], day=11)
    assert index.open_size == 2 and index.documents(5) == [0, 1]
    assert index.frequencies([5, 7, 9]).tolist() == [2, 1, 0]
    index.freeze()
    index.add(2, [5], [7], day=12)
    assert index.open_size == 1
    assert index.documents(5) == [2, 0, 1]  # the open chunk's first, then the frozen ones
    assert index.postings() == [(5, 0), (5, 1), (5, 2), (9, 0)]
    assert index.frequency_table() == {5: 2, 7: 2}
    index.freeze()
    assert index.evict_before(12) == range(0, 2)  # the first chunk's newest day is 11
    assert index.floor == 2 and index.postings() == [(5, 2)]
    assert index.frequency_table() == {7: 1}
    assert index.evict_before(12) == range(2, 2)  # nothing more is that old


def test_candidates_sum_the_weights_of_shared_keys():
    index = CandidateIndex(max_posting=2, frozen_top=12)
    index.add(0, [1, 2], [], day=0)
    index.add(1, [1, 3, 4], [], day=0)
    index.add(2, [1], [], day=0)  # key 1 is now in three frozen postings: too common
    index.freeze()
    index.add(3, [2, 3], [], day=0)
    weight = {1: 5.0, 2: 1.5, 3: 2.0, 4: 0.25}.get
    found = index.candidates([1, 2, 3, 4], weight, open_cap=16)
    assert found == {3: 3.5, 0: 1.5, 1: 2.25}
    assert index.candidates([1, 2, 3, 4], weight, open_cap=0) == {0: 1.5, 1: 2.25}
    assert index.candidates([4], weight, open_cap=16) == {}  # a frozen sum below 1


def test_document_frequencies_merge_and_evict_by_chunk():
    import numpy as np

    index = CandidateIndex()
    chunks = [{5: 2, 9: 1, 2 ** 32 - 1: 4}, {1: 1, 9: 3, 12: 2}, {5: 1, 7: 7}]
    for chunk in chunks:
        index.add_frequencies(np.array(sorted(chunk), np.uint32),
                              np.array([chunk[k] for k in sorted(chunk)], np.int32))
    assert index.frequency_table() == {1: 1, 5: 3, 7: 7, 9: 4, 12: 2, 2 ** 32 - 1: 4}
    first = chunks[0]  # evicted: its counts come off, keys left at zero go
    index.add_frequencies(np.array(sorted(first), np.uint32),
                          -np.array([first[k] for k in sorted(first)], np.int32))
    assert index.frequency_table() == {1: 1, 5: 1, 7: 7, 9: 3, 12: 2}
    assert index.frequencies([5, 9, 4]).tolist() == [1, 3, 0]


def test_evicted_documents_leave_the_frozen_postings():
    index = CandidateIndex()
    _merge(index, {3: [0, 1, 5], 7: [1], 9: [2, 6]})
    index.drop_below(2)
    assert index.postings() == [(3, 5), (9, 2), (9, 6)]  # key 7 had only document 1
    assert index.documents(7) == [] and index.documents(9) == [2, 6]


def test_stories_merge_into_the_older_and_resolve():
    stories = Stories(window_days=2)
    a, b, c = stories.new("sa"), stories.new_id("https://b.kg/1"), stories.new("sc")
    assert stories.new_id("https://b.kg/1") != b  # the same key gives another id
    stories.grow(a, 100, 100, doc=0)
    stories.grow(b, 101, 101, doc=1)
    stories.grow(c, None, None, doc=2)
    assert stories.fits(a, 102, 102) and not stories.fits(a, 103, 103)
    assert stories.fits(c, 500, 500)  # undated: fits any day
    assert stories.spans_fit(a, b) and stories.spans_fit(a, c)
    assert stories.merge(b, a) == (stories.id(b), "sa")
    assert stories.root(b) == a and stories.resolve(stories.id(b)) == "sa"
    assert stories.live() == {"sa": 2, "sc": 1, stories.id(3): 0}
    assert not stories.fits(a, 104, 104) and stories.fits(a, 103, 103)  # the span grew


def test_stories_without_documents_lose_their_ids_and_slots():
    stories = Stories()
    for n, doc in enumerate([0, 1, 5]):
        stories.grow(stories.new(f"s{n}"), 10, 10, doc=doc)
    stories.evict(doc_floor=2)
    assert stories.id(0) is None and stories.id(1) is None and stories.floor == 2
    assert stories.number("s0") is None and stories.number("s2") == 2
    assert stories.compact(referenced=2) == 2
    assert len(stories) == 1 and stories.number("s2") == 0 and stories.shift == 2


def test_scoring_policy_judges_evidence():
    policy = ScoringPolicy()
    none = {"jaccard": 0.0, "cosine": 0.9, "rare": 0, "entities": 0.0, "numbers": 0,
            "dates": 0, "lead": 0.0, "headline": 0, "reaction": 0.0}
    assert policy.judge(none) == 0.0  # no shared names, numbers or dates
    assert policy.judge({**none, "jaccard": 0.5}) == 2.0  # a copy
    assert policy.judge({**none, "jaccard": 0.5, "reaction": 1.0}) == 2.0
    assert policy.judge({**none, "rare": 1, "reaction": 1.0}) == 0.0
    event = {**none, "rare": 1, "dates": 1}
    assert policy.judge(event) == pytest.approx(0.9 + 0.1 + 0.1 + 0.5)


def test_a_policy_decides_the_join():
    class Never:
        def joins(self, query, records):
            return False

    index = StoryIndex(policy=Never())
    first = index.assign(article("https://a.kg/1", "Кара-Суу", DECREE))
    assert index.assign(article("https://b.kg/1", "Кара-Суу", DECREE)) != first


def test_lsh_bands_are_datasketchs_choice():
    from datasketch import MinHashLSH

    from aggregator.stories.minhash import LSH_BANDS, LSH_THRESHOLD, NUM_PERM, optimal_bands

    assert LSH_BANDS == (8, 4)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == LSH_BANDS
    for threshold in (0.3, 0.7, 0.9):
        for num_perm in (32, 64, 128):
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            assert optimal_bands(threshold, num_perm) == (lsh.b, lsh.r)


def test_fmix32_is_the_murmur3_finaliser():
    import numpy as np

    from aggregator.stories.minhash import fmix32

    # MurmurHash3_x86_32 of the empty input with seeds 1 and 0xFFFFFFFF is fmix32(seed)
    assert fmix32(np.array([0, 1, 0xFFFFFFFF], np.uint32)).tolist() == [
        0, 0x514E28B7, 0x81F16F39]


def test_saved_features_come_back_from_their_keys():
    from aggregator.stories.persistence import features_from_keys, keys_json

    feats = features("Число жертв возросло до 17", DECREE + " Явка 51,77%, 25 декабря.")
    back = features_from_keys(keys_json(feats))
    for name in ("entities", "weak", "numbers", "dates", "title", "lead", "words",
                 "headline_numbers", "reaction"):
        assert getattr(back, name) == getattr(feats, name), name


def test_index_keys_are_the_same_in_every_process():
    """Keys do not come from Python's per-process string hash: the same articles make the
    same index (and so the same stories) whatever PYTHONHASHSEED is."""
    import os
    import subprocess
    import sys

    script = (
        "from aggregator.items import Article\n"
        "from aggregator.stories.index import StoryIndex\n"
        "from tests.test_stories import DECREE, DECREE_REPOST\n"
        "index = StoryIndex()\n"
        "for n, body in enumerate((DECREE, DECREE_REPOST)):\n"
        "    index.assign(Article(url=f'https://a.kg/{n}', canonical_url=f'https://a.kg/{n}',\n"
        "                         title='Кара-Суу переименовано', body=body))\n"
        "print(index.candidate_index.postings(), sorted(index.docs.values()))\n")
    repo = Path(__file__).resolve().parents[1]
    outputs = {subprocess.run([sys.executable, "-c", script], cwd=repo, check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1 and "[(" in outputs.pop()


def test_an_article_stored_without_its_signature_is_placed_again(tmp_path):
    """A writer killed between the articles' commit and the signatures' (an ingest killed
    mid-batch) leaves an article with no signature; storing it again saves one."""
    store = Store(tmp_path / "news.db")
    article = Article(url="https://24.kg/a/1", canonical_url="https://24.kg/a/1", source="kg24",
                      title="Жапаров подписал указ", body=DECREE, lang="ru",
                      published_at="2026-02-17T05:35:00Z", fetched_at="2026-02-17T06:00:00Z")
    store.upsert_articles([Article(**{**article.to_dict(), "story_id": "s-old"})])
    assert store.count("story_signatures") == 0

    from aggregator.enrich.persist import store_articles

    index = StoryIndex(store)
    index.assign(article)
    assert store_articles(store, index, [article]) == ["unchanged"]
    assert store.count("story_signatures") == 1
    assert StoryIndex(store).assign(Article(**{**article.to_dict(), "story_id": None})) == article.story_id
    store.close()
