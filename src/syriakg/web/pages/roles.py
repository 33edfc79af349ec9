"""What a resource's page lists of the claims it takes part in, and of the votes it cast.

A claim names an actor in many ways: as its subject or object (a relation), its claimant, or
inside what it reports — the perpetrator of a figure, the requester or a party of an event, the
voter of one of an event's votes. ``roles`` finds every one of them, starting from the resource
(each branch starts from the resource and carries its whole pattern: joined to a UNION instead,
pyoxigraph 0.5 took 8.5 s for an actor's page at 1M triples), with the role and what the claim is
about (the kind of event or figure, or the relation), so that the page can group them.
``votes`` reads the votes the resource cast as rows of a table: date, draft, vote, result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from syriakg.namespaces import GRAPH, SKG
from syriakg.web.pages.describe import ClaimCard, Value, term_value
from syriakg.web.pages.lookup import Labels, iri, select

INFERRED = str(GRAPH["inferred"])
# A page lists at most this many claims (the most an actor of the curated graph has is ~40).
MAX_CLAIMS = 400
# What points from a vote to its voter: shown in the votes table rather than as statements.
VOTE_LINKS = {str(SKG.voter), "http://schema.org/agent"}
# Types too general to say what a claim is about.
_GENERAL = {str(SKG[name]) for name in ("Event", "ReportedFigure", "Claim", "EventClaim",
                                        "FigureClaim", "RelationClaim")}

_PREFIXES = (f"PREFIX skg: <{SKG}>\n"
             "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
             "PREFIX time: <http://www.w3.org/2006/time#>\n")


@dataclass
class Group:
    """Claims about one kind of thing (a kind of event or figure, or a relation)."""

    about: Value
    cards: list[ClaimCard] = field(default_factory=list)
    roles: dict[str, list[Value]] = field(default_factory=dict)  # claim -> the roles it gives


@dataclass
class VoteRow:
    """One vote the resource cast, as the page's table shows it."""

    date: str
    draft: Value | None
    option: Value | None
    result: Value | None
    event: Value
    iri: str = ""
    claims: list[Value] = field(default_factory=list)


def roles(resource: str) -> list[tuple[str, str, str]]:
    """(claim, role property, what it is about) for every claim ``resource`` takes part in,
    through asserted statements only (an inferred super-property repeats an asserted one)."""
    r = iri(resource)
    inferred = iri(INFERRED)
    rows = select(_PREFIXES + (
        "SELECT DISTINCT ?claim ?role ?about WHERE {\n"
        f"  {{ GRAPH ?g {{ ?claim ?role {r} }} FILTER(?role != skg:statedIn && ?g != {inferred})\n"
        "     ?claim skg:statedIn ?doc . OPTIONAL { ?claim rdf:predicate ?about } }\n"
        f"  UNION {{ GRAPH ?g {{ ?c ?role {r} }} FILTER(?g != {inferred})\n"
        "     ?claim skg:reportsFigure|skg:claimedEvent ?c . ?claim skg:statedIn ?doc .\n"
        f"     OPTIONAL {{ GRAPH ?tg {{ ?c a ?about }} FILTER(?tg != {inferred}) }} }}\n"
        f"  UNION {{ GRAPH ?g {{ ?part ?role {r} }} FILTER(?g != {inferred})\n"
        "     ?c ?link ?part .\n"
        "     ?claim skg:reportsFigure|skg:claimedEvent ?c . ?claim skg:statedIn ?doc .\n"
        f"     OPTIONAL {{ GRAPH ?tg {{ ?c a ?about }} FILTER(?tg != {inferred}) }} }}\n"
        # A vote or a figure's part points to the content itself.
        f"  UNION {{ GRAPH ?g {{ {r} ?role ?c }} FILTER(?g != {inferred})\n"
        "     ?claim skg:reportsFigure|skg:claimedEvent ?c . ?claim skg:statedIn ?doc .\n"
        f"     OPTIONAL {{ GRAPH ?tg {{ ?c a ?about }} FILTER(?tg != {inferred}) }} }}\n"
        f"  FILTER(?claim != {r})\n}} LIMIT {MAX_CLAIMS * 8}"
    ))
    return [(row["claim"].value, row["role"].value,
             row["about"].value if "about" in row else "") for row in rows]


def grouped(found: list[tuple[str, str, str]], cards: dict[str, ClaimCard], lang: str,
            names: Labels) -> list[Group]:
    """The claims' cards grouped by what they are about, largest group first; in a group the
    claims with a quote (a document's own words) before the records'."""
    about: dict[str, str] = {}
    claim_roles: dict[str, dict[str, None]] = {}
    for claim, role, kind in found:
        if claim not in cards:
            continue
        claim_roles.setdefault(claim, {})[role] = None
        # The most specific kind the claim's content is asserted to be.
        if kind and (claim not in about or about[claim] in _GENERAL) and kind.startswith(str(SKG)):
            about[claim] = kind
    groups: dict[str, Group] = {}
    for claim, its_roles in claim_roles.items():
        kind = about.get(claim, str(SKG.Claim))
        group = groups.get(kind)
        if group is None:
            group = groups[kind] = Group(term_value(_named(kind), lang, names))
        group.cards.append(cards[claim])
        group.roles[claim] = [term_value(_named(role), lang, names) for role in its_roles]
    for group in groups.values():
        group.cards.sort(key=lambda c: (not c.evidence, c.label))
    return sorted(groups.values(), key=lambda g: (-len(g.cards), g.about.text.lower()))


def votes(resource: str, lang: str, names: Labels) -> list[VoteRow]:
    """The votes ``resource`` cast, by date, each with the claims that report its vote event."""
    rows = select(_PREFIXES + (
        "SELECT ?vote ?event ?date ?draft ?symbol ?option ?result ?claim WHERE {\n"
        f"  ?vote skg:voter {iri(resource)} ; skg:inVoteEvent ?event .\n"
        "  OPTIONAL { ?vote skg:voteOption ?option }\n"
        "  OPTIONAL { ?event skg:onDraft ?draft\n"
        "             OPTIONAL { ?draft skg:unDocumentSymbol ?symbol } }\n"
        "  OPTIONAL { ?event skg:voteResult ?result }\n"
        "  OPTIONAL { ?event skg:timeSpan ?span . ?span time:inXSDDate ?date }\n"
        "  OPTIONAL { ?claim skg:claimedEvent ?event }\n"
        "} ORDER BY ?date ?event"
    ))
    out: dict[str, VoteRow] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        vote = row["vote"].value
        entry = out.get(vote)
        if entry is None:
            draft = term_value(row["draft"], lang, names) if "draft" in row else None
            if draft is not None and not names.get(row["draft"].value, lang):
                # A draft is named by its UN symbol; without one, the page says so.
                draft.text = row["symbol"].value if "symbol" in row else ""
            entry = out[vote] = VoteRow(
                row["date"].value if "date" in row else "",
                draft,
                term_value(row["option"], lang, names) if "option" in row else None,
                term_value(row["result"], lang, names) if "result" in row else None,
                term_value(row["event"], lang, names), vote)
        if "claim" in row and (vote, row["claim"].value) not in seen:
            seen.add((vote, row["claim"].value))
            entry.claims.append(term_value(row["claim"], lang, names))
    return list(out.values())


def _named(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)
