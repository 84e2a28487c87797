"""The sources registry (TOML), the spider loader that makes one spider per entry, and
``check-source``, which shows what each extraction layer finds on a source's pages."""
