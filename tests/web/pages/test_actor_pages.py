"""An actor's page lists every claim it takes part in, through any role, grouped, with quote,
source and verdict; its votes as a table; inferred duplicates folded; values in words."""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask.testing import FlaskClient

ID = "https://w3id.org/syria-kg/id/"
JOINT_VETO = "/id/claim/d0001-joint-veto-crossborder"


def page(client: FlaskClient, path: str, lang: str = "en") -> str:
    response = client.get(path, query_string={"lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response.text


def section(html: str, name: str) -> str:
    found = re.search(rf'<section class="{name}">(.*?)\n</section>', html, re.S)
    assert found, name
    return found.group(1)


def claims_of(store: ox.Store, actor: str) -> set[str]:
    """Every claim whose content names the actor at any depth up to a vote (the store's own
    answer, by property paths, to compare the page against)."""
    rows = store.query(
        "PREFIX skg: <https://w3id.org/syria-kg/ontology#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        f"SELECT DISTINCT ?claim WHERE {{ ?claim skg:statedIn ?d .\n"
        f"  {{ ?claim ?p <{actor}> FILTER(?p != skg:statedIn) }}\n"
        f"  UNION {{ ?claim (skg:claimedEvent|skg:reportsFigure)/(!rdf:type) <{actor}> }}\n"
        "  UNION { ?claim (skg:claimedEvent|skg:reportsFigure)/(!rdf:type)/(!rdf:type) "
        f"<{actor}> }} }}",
        use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return {r["claim"].value.replace("https://w3id.org/syria-kg", "") for r in rows}


def test_every_claim_an_actor_takes_part_in(client: FlaskClient, store: ox.Store) -> None:
    for actor in ("russia", "china"):
        html = page(client, f"/id/actor/{actor}")
        listed = set(re.findall(r'<h4><a href="(/id/claim/[^"]+)"', section(html, "claims")))
        expected = claims_of(store, ID + "actor/" + actor)
        assert JOINT_VETO in listed, actor
        assert listed == expected, (actor, expected ^ listed)


def test_the_joint_veto_claim_shows_quote_source_role_and_group(client: FlaskClient) -> None:
    claims = section(page(client, "/id/actor/china"), "claims")
    card = claims[claims.index(f'href="{JOINT_VETO}"'):].split("</article>")[0]
    assert "لحق الفيتو" in card and "<mark>" in card
    assert "Role:" in card and "voter" in card
    assert "/id/doc/d0001" in card and "verdict-Agrees" in card
    assert 'class="group"' in claims and "vote event" in claims


def test_votes_are_a_table_not_bare_iris(client: FlaskClient, store: ox.Store) -> None:
    html = page(client, "/id/actor/russia")
    votes = section(html, "votes")
    rows = votes.count("<tr><td")
    cast = store.query("SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { ?v "
                       "<https://w3id.org/syria-kg/ontology#voter> "
                       f"<{ID}actor/russia> ; "
                       "<https://w3id.org/syria-kg/ontology#inVoteEvent> ?e }",
                       use_default_graph_as_union=True)
    assert isinstance(cast, ox.QuerySolutions)
    assert rows == int(next(iter(cast))["n"].value) > 20
    assert "16 November 2017" in votes and "S/2017/962" in votes
    # The vote IRIs are not listed again, once asserted and once inferred.
    assert "vote:unsc-veto-2017-11-16-russia" not in html
    arabic = section(page(client, "/id/actor/russia", "ar"), "votes")
    assert "١٦ تشرين الثاني ٢٠١٧" in arabic


def test_inferred_duplicates_are_folded(client: FlaskClient) -> None:
    html = page(client, "/id/vote/unsc-veto-2017-11-16-russia")
    statements = section(html, "statements")
    assert statements.count('href="/id/actor/russia"') == 1  # voter, not again as agent


def test_durations_in_words(client: FlaskClient) -> None:
    assert "one year" in page(client, "/id/draft/d0001-crossborder-extension-draft")
    assert "سنة واحدة" in page(client, "/id/draft/d0001-crossborder-extension-draft", "ar")
