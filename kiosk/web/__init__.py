"""Shared web plumbing: the app's connection to the installed content, errors, headers, languages,
the shared layout, the page cache and the two blueprints (pages under ``/<lang>/``, JSON under ``/api/v1``)."""
