"""What the portal and the analyst read: feeds, the incremental export, search, stats
and Datasette (``serve``)."""
