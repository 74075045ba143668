"""The kinds of content, in load order: a kind may check references to any kind listed before it."""

from . import agencies, articles, manifest, provinces, selfcheck, sources

KINDS = [
    manifest.KIND,
    sources.KIND,
    provinces.KIND,
    agencies.KIND,
    articles.KIND,
    selfcheck.KIND,
]
