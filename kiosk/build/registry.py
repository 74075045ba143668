"""The kinds of content, in load order: a kind may check references to any kind listed before it."""

from ..agencies import kind as agencies
from ..articles import kind as articles
from ..articles import receipt
from ..money import destinations_kind as destinations
from ..money import rates_kind as rates
from ..places import provinces_kind as provinces
from ..places import services_kind as services
from ..returnplan import kind as return_rules
from ..search import kind as search_words
from ..selfcheck import kind as selfcheck
from . import manifest, pocket, sources

KINDS = [
    manifest.KIND,
    sources.KIND,
    provinces.KIND,
    services.KIND,
    agencies.KIND,
    rates.KIND,
    destinations.KIND,
    receipt.KIND,
    articles.KIND,
    selfcheck.KIND,
    return_rules.KIND,
    pocket.KIND,
    search_words.KIND,
]
