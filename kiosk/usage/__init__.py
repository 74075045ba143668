"""Anonymous usage counts an MRC or NGO can report: how often each page was opened and each answer given,
per day, language and surface, and never anything a person typed (issue 19).

``outcomes`` turns a tool's result into count keys (codes only), ``tally`` keeps counts in memory and
writes them in batches, ``store`` is their own SQLite file in the instance, ``report`` adds them up by month
and week with the small-number rule and merges kiosks' reports, ``render`` writes CSV, JSON and a printable
HTML page. ``views`` is the web side: one hook after each request.
"""
