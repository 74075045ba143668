"""Full-text search over everything in Vietnamese (with or without diacritics) and English, with Whoosh:
the index written at build time, the query side, and the search page and API."""
