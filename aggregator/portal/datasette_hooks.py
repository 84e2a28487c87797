"""What the project's Datasette plugin does, as plain functions (the plugin file in
``datasette_plugins/`` only registers them): the search box's query translation, the
relations between tables, the default columns of the articles page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from aggregator.portal.query import to_fts
from aggregator.store.fts import vocabulary_reader
from aggregator.store.schema import LINKS

#: The folder ``aggregator serve`` gives Datasette as ``--plugins-dir``.
PLUGINS_DIR = Path(__file__).with_name("datasette_plugins")
#: The articles page's columns unless the reader picks others (``_col``/``_nocol``).
DEFAULT_COLUMNS = ("title", "source", "published_local", "lang", "countries", "story_id")
#: Folds a table page's column descriptions into a <details> element.
COLLAPSE_DESCRIPTIONS = """
document.querySelectorAll('dl.column-descriptions').forEach(function (list) {
  var details = document.createElement('details');
  var summary = document.createElement('summary');
  details.className = 'column-descriptions-folded';
  summary.textContent = 'Column descriptions (' + list.querySelectorAll('dt').length + ')';
  list.parentNode.insertBefore(details, list);
  details.appendChild(summary);
  details.appendChild(list);
});
"""
#: An FTS5 query that matches nothing (Datasette needs a valid one for an empty search).
NOTHING = '""'


def search_translator(db_path: str):
    """``escape_fts(text)`` for Datasette: the text in the project's search language, with
    the stems' indexed forms read through a read-only connection of its own per thread."""
    terms = vocabulary_reader(db_path)

    def forms(stem: str) -> list[str]:
        from aggregator.portal.search import MAX_ENDING, MAX_FORMS

        return terms(stem, len(stem) + MAX_ENDING, MAX_FORMS)

    def escape_fts(text):
        return to_fts(text or "", forms) or NOTHING

    return escape_fts


def add_links(database) -> None:
    """Give a Datasette ``Database`` the relations of ``LINKS`` SQLite does not declare."""
    outbound, everything = database.foreign_keys_for_table, database.get_all_foreign_keys

    async def tables() -> set[str]:
        return set(await database.table_names())

    async def foreign_keys_for_table(table):
        keys = await outbound(table)
        present = await tables()
        known = {(k["column"], k["other_table"]) for k in keys}
        return keys + [{"column": column, "other_table": other, "other_column": other_column}
                       for source, column, other, other_column in LINKS
                       if source == table and other in present and (column, other) not in known]

    async def get_all_foreign_keys():
        keys = await everything()
        for source, column, other, other_column in LINKS:
            if source not in keys or other not in keys:
                continue
            outgoing = {"other_table": other, "column": column, "other_column": other_column}
            if outgoing not in keys[source]["outgoing"]:
                keys[source]["outgoing"].append(outgoing)
                keys[other]["incoming"].append(
                    {"other_table": source, "column": other_column, "other_column": column})
        return keys

    database.foreign_keys_for_table = foreign_keys_for_table
    database.get_all_foreign_keys = get_all_foreign_keys


def default_columns_redirect(scope) -> str | None:
    """Where to send a GET of an articles table page that names no columns, else None."""
    if scope.get("method") != "GET":
        return None
    parts = scope.get("path", "").strip("/").split("/")
    if len(parts) != 2 or parts[1] != "articles":
        return None
    query = parse_qsl(scope.get("query_string", b"").decode("utf-8"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in query):
        return None
    query += [("_col", column) for column in DEFAULT_COLUMNS]
    return f"{scope.get('root_path', '')}/{parts[0]}/articles?{urlencode(query)}"


_LINKED = {(table, column): other for table, column, other, _ in LINKS}


def link_cell(value, column, table, database, datasette):
    """A link to the row a plain (unexpanded) foreign key value names, else None."""
    other = _LINKED.get((table, column))
    if other is None or value is None or isinstance(value, (dict, bytes)) or value == "":
        return None
    from datasette.utils import tilde_encode
    from markupsafe import Markup, escape

    href = datasette.urls.row(database, other, tilde_encode(str(value)))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
