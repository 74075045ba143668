"""The kinds of content, in load order: a kind may check references to any kind listed before it."""

from . import (
    agencies,
    articles,
    destinations,
    manifest,
    pocket,
    provinces,
    rates,
    return_rules,
    selfcheck,
    services,
    sources,
)

KINDS = [
    manifest.KIND,
    sources.KIND,
    provinces.KIND,
    services.KIND,
    agencies.KIND,
    rates.KIND,
    destinations.KIND,
    articles.KIND,
    selfcheck.KIND,
    return_rules.KIND,
    pocket.KIND,
]
