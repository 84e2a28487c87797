"""Stories: the same event told by several outlets, grouped across outlets and runs.

``index.StoryIndex`` is the entry point (``assign``, ``resolve``, ``save``, ``load``,
``stories``, ``footprint``); it orchestrates the parts, in the order an article meets
them:

- ``features``: an article's text to ``Features`` (shingles, names, numbers, stems;
  word lists in ``aggregator/data/story_words.toml``);
- ``minhash``: MinHash signatures and their LSH band keys;
- ``query``: features to 32-bit keys weighed by the window's document frequencies;
- ``candidates``: the inverted index (postings, document frequencies, eviction by chunk)
  and the candidates that share the most key weight;
- ``days``: publication days as intervals, and which fit together;
- ``evidence``: an article's evidence for the fitted matcher (pymorphy3 lemmas, name
  skeletons, figures with units, headline tense, reaction), ``eventdays``: event days
  with their uncertainty (a year-less date is a day of the year; stand-in days);
- ``pairs``: that evidence as keys, its packed block in a record, the pair features and
  the cannot-link;
- ``fitted``: the default policy, a logistic model stored as
  ``aggregator/data/story_model.json`` (complete linkage over a story's members), and
  ``fit`` (``python -m aggregator.stories.fit``) with ``evaluation`` (the labelled
  stories, folds by family, pairwise counts, TF-IDF baseline) that fit and measure it;
- ``recluster``: each batch decided again as a whole before it is stored (the online
  decision depends on the arrival order), called by ``aggregator enrich``, the crawl's
  store and the ingest; ``linkage``: how it makes one group probability of the cross
  pairs (complete, shipped; average and others measured, benchmarks/README.md);
- ``scoring``: the old hand-weighted policy (still selectable);
- ``clusters``: story ids, spans, sizes and merges (union into the older story);
- ``record``: the packed bytes the index keeps of each article;
- ``persistence``: signatures saved to and loaded from the store (its SQL).
"""
