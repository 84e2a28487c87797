"""Test tooling, imported by tests, benchmarks and ``--replay`` only: the replay server
for recorded sites (shipped in ``sites/``), a hostile HTTP server and evaluation helpers."""
