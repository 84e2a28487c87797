"""The project's Datasette plugin (``aggregator serve`` loads it with ``--plugins-dir``).

- **One search language**: Datasette's search box runs ``MATCH escape_fts(:search)``;
  the plugin gives ``escape_fts`` the translation of ``aggregator search``
  (``aggregator.portal.query``): words match by stem, "phrases", OR, -NOT, NEAR, and a
  stray quote is no error. ``?_searchmode=raw`` still passes FTS5 syntax through.
- **Links between tables**: the relations of ``aggregator.store.schema.LINKS`` that
  SQLite does not declare (the writer enforces foreign keys, and an article is stored
  before its story's summary row) are added to what Datasette knows of the database,
  so story ids, representatives and sources are links and rows list what points at them.
- **Readable table pages**: ``/DB/articles`` without ``_col`` shows
  ``DEFAULT_COLUMNS``, and the column descriptions are folded under one line.
"""

from __future__ import annotations

from datasette import hookimpl

from aggregator.portal.datasette_hooks import (COLLAPSE_DESCRIPTIONS, add_links,
                                               default_columns_redirect, link_cell,
                                               search_translator)


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, which defines escape_fts
def prepare_connection(conn, database, datasette):
    try:
        path = datasette.get_database(database).path
    except (KeyError, AttributeError):
        return
    if path:
        conn.create_function("escape_fts", 1, search_translator(path))


@hookimpl
def startup(datasette):
    for name, database in datasette.databases.items():
        if not name.startswith("_"):
            add_links(database)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            target = default_columns_redirect(scope) if scope.get("type") == "http" else None
            if target:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", target.encode("utf-8")),
                                        (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
            await app(scope, receive, send)
        return wrapped
    return wrap


@hookimpl
def extra_body_script(view_name):
    if view_name == "table":  # 29 column descriptions would fill the first screen
        return COLLAPSE_DESCRIPTIONS


@hookimpl
def render_cell(value, column, table, database, datasette):
    # Datasette 0.65 links foreign keys on table pages only; a row page shows a bare id
    return link_cell(value, column, table, database, datasette)
