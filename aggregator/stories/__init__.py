"""Stories: the same event told by several outlets. Features of an article, the
candidate index (MinHash/LSH, postings), the scoring decision, the union of stories and
their persistence between runs."""
