"""The SQLite store: connection, named migrations, articles, stories, runs, validators and
the full-text index. All SQL of the project lives here."""
