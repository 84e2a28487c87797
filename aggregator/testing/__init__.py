"""Test tooling, imported by tests, benchmarks and ``--replay`` only: the replay server
for recorded sites (shipped in ``sites/``), a generated news site, a hostile HTTP server,
and evaluation helpers (extraction quality against ground truth)."""
