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
- ``scoring``: the policy that decides whether an article joins a story;
- ``clusters``: story ids, spans, sizes and merges (union into the older story);
- ``record``: the packed bytes the index keeps of each article;
- ``persistence``: signatures saved to and loaded from the store (its SQL).
"""
