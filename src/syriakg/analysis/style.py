"""Colours of node kinds and relations, shared by the browser view and the static exports.

The kinds are the asserted classes of the ontology, most specific first: a node with several
asserted classes takes the first one listed here. Relations not listed get a colour from the
fallback palette, chosen by a stable hash of their id, so a new extraction query needs no edit.
"""

from __future__ import annotations

import zlib

# kind -> (colour, English label, Arabic label); order = specificity for picking a node's kind.
KINDS: dict[str, tuple[str, str, str]] = {
    "Person": ("#e6a23c", "person", "شخص"),
    "FighterGroup": ("#a1887f", "group of fighters", "مجموعة مقاتلين"),
    "Legislature": ("#8e6cc9", "legislature", "هيئة تشريعية"),
    "Organ": ("#b39ddb", "organ", "جهاز"),
    "Government": ("#d9534f", "government", "حكومة"),
    "StateArmedForces": ("#8b1e1e", "state armed forces", "قوات مسلحة نظامية"),
    "NonStateArmedGroup": ("#4d4d4d", "non-state armed group", "جماعة مسلحة غير حكومية"),
    "State": ("#2f6db5", "state", "دولة"),
    "IntergovernmentalOrganisation": ("#1aa3a3", "intergovernmental organisation", "منظمة دولية"),
    "PoliticalMovement": ("#3c9d4e", "political movement", "حركة سياسية"),
    "MonitoringOrganisation": ("#7fb069", "monitoring organisation", "منظمة رصد"),
    "Organisation": ("#9aa5b1", "organisation", "منظمة"),
    "Actor": ("#9aa5b1", "actor", "فاعل"),
    "DraftResolution": ("#f2d16b", "draft resolution", "مشروع قرار"),
    "Country": ("#c8d3e0", "place", "مكان"),
    "AdministrativeArea": ("#c8d3e0", "place", "مكان"),
    "Region": ("#c8d3e0", "place", "مكان"),
    "Settlement": ("#c8d3e0", "place", "مكان"),
    "HumanitarianCrossing": ("#c8d3e0", "place", "مكان"),
    "Place": ("#c8d3e0", "place", "مكان"),
}
OTHER_KIND = ("#cccccc", "other", "غير ذلك")
PLACE_KINDS = frozenset(k for k, v in KINDS.items() if v[1] == "place")

RELATION_COLOURS: dict[str, str] = {
    "requested": "#e67e22",
    "authorised": "#8e44ad",
    "announced-target": "#b7950b",
    "intervened-in": "#c0392b",
    "attacked": "#922b21",
    "casualties-in": "#6e2c00",
    "broughtIn": "#d35400",
    "supports": "#27ae60",
    "benefited": "#52be80",
    "pressured": "#f39c12",
    "agreement": "#2980b9",
    "vetoed": "#17202a",
    "co-vetoed": "#5d6d7e",
    "controlled": "#a04000",
    "decided-on": "#7d3c98",
    "member-of": "#95a5a6",
    "unit-of": "#aab7b8",
    "part-of": "#aab7b8",
    "government-of": "#bdc3c7",
    "nationality": "#bcaaa4",
    "holds-office-in": "#7f8c8d",
}
_FALLBACK = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def kind_of(types: list[str]) -> str:
    """The most specific known kind among local class names; else the first name, or "Other".

    >>> kind_of(["Organ", "Legislature"])
    'Legislature'
    >>> kind_of([])
    'Other'
    """
    for kind in KINDS:
        if kind in types:
            return kind
    return types[0] if types else "Other"


def kind_colour(kind: str) -> str:
    """Fill colour of a node of ``kind``."""
    return KINDS.get(kind, OTHER_KIND)[0]


def kind_label(kind: str, lang: str) -> str:
    """Name of a kind in English or Arabic, for legends."""
    entry = KINDS.get(kind, OTHER_KIND)
    return entry[2] if lang == "ar" else entry[1]


def relation_colour(relation: str) -> str:
    """Line colour of a relation; unknown relations get a stable colour from a palette.

    >>> relation_colour("vetoed")
    '#17202a'
    >>> relation_colour("something-new") == relation_colour("something-new")
    True
    """
    if relation in RELATION_COLOURS:
        return RELATION_COLOURS[relation]
    return _FALLBACK[zlib.crc32(relation.encode("utf-8")) % len(_FALLBACK)]
