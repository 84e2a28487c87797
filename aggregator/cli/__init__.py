"""The ``aggregator`` command line: click commands only, one module per user.

``operate`` (crawl, health, ingest, sources, check-source: the operator), ``enrich``,
``dataset`` (search, stats, serve, entities: the analyst) and ``portal`` (feed, export).

Exit status: 0 success; 1 some source or record failed (the rest was done);
2 usage error (bad option, unknown source, unreadable registry file); 3 another crawl
holds the database's lock, or another writer held the database past its timeout;
4 (health) a source looks broken; 5 the database is unusable (damaged, not an
aggregator database, a newer schema than this code knows, a full disk).
Errors are one line on stderr, never a traceback.
"""

from aggregator.cli.group import main
# the command modules register their commands on ``main`` when imported
from aggregator.cli import dataset, enrich, operate, portal  # noqa: F401, E402

__all__ = ["main"]
