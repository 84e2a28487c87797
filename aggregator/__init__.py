"""Central Asian news aggregator: spiders, pipelines and a SQLite dataset.

The flow is ``sources registry -> spiders -> Article -> pipelines -> SQLite``; every
pipeline step is a plain function in this package (see ``aggregator.enrich.steps``).
"""

__version__ = "0.1.0"
