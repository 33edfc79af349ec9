"""Stage 2c: public records (UN votes and resolutions, a monitor's toll, a parliament's vote).

The tables in ``data/reference/un/`` are the compiled reference set, copied unchanged with their
citations, plus two small tables for the monitor's toll and the Federation Council's vote. Each
row becomes a claim *of the page it cites* (``skg:statedIn`` a ``skg:SourceDocument`` with
``schema:url``), never a fact of the graph's own: a UN press release says a draft was vetoed.
No text of these pages is stored, so record claims have no quote or span; the page's URL stands
in for it (``shapes/records.ttl``). What the compilers marked unconfirmed stays marked
(``skg:confirmationStatus skg:Unconfirmed`` with the note).

The four crossings are reference places (``data/reference/places.csv``); ``crossings.csv`` adds
what that table cannot hold (coordinates, neighbouring country) to the reference graph.
``entities.csv`` is kept for its citations; its identifiers are the links' business
(``data/links/``), so it is not mapped here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.errors import SourceError
from syriakg.namespaces import SKG, UNIT, WGS, mint
from syriakg.pipeline.load import Record, read_csv
from syriakg.pipeline.record_cells import (
    fold,
    months_in,
    split_list,
    sponsor_names,
    urls_in,
    via_names,
)
from syriakg.pipeline.record_mapper import (
    FOLDER,
    RecordMapper,
    add_labels,
    english_label,
    record_date,
)
from syriakg.settings import Settings

# The columns each table must have (the compiled tables have more, all kept in the CSV).
TABLES: dict[str, tuple[str, ...]] = {
    name: tuple(columns.split())
    for name, columns in {
        "vetoes": "date draft_symbol symbol_confirmed drafters vetoing_members topic "
        "chemical_weapons_related cross_border_aid_related vote_for_against_abstain source_url "
        "cross_check_urls notes",
        "crossborder_resolutions": "resolution_number adoption_date crossings_authorised "
        "duration_months vote source_url cross_check_urls notes",
        "crossings": "name_en name_ar neighbouring_country syrian_governorate latitude longitude "
        "source_url cross_check_urls notes",
        "sohr_toll": "key population_group group_description value breakdown_of outcome "
        "perpetrator period_begin period_end intervention_start area source_url source_title "
        "publisher cross_check_urls document_note notes",
        "federation_council": "date authoriser authorisee authorised_action "
        "vote_for_against_abstain source_url cross_check_urls notes",
    }.items()
}
Tables = dict[str, list[Record]]

# One named graph per kind of source; the crossings' extra facts belong to the reference layer.
UN_GRAPH, MONITOR_GRAPH, NEWS_GRAPH = "un-records", "sohr", "news-records"


def load(settings: Settings) -> Tables:
    """Read the record tables; a table that is absent is empty (the records are optional)."""
    folder = settings.path(FOLDER)
    return {
        name: read_csv(folder / f"{name}.csv", columns) if (folder / f"{name}.csv").exists() else []
        for name, columns in TABLES.items()
    }


def build(tables: Tables, reference: Graph, ontology: Graph) -> dict[str, Graph]:
    """Map the record tables to RDF: named-graph IRI -> triples (the reference graph's additions
    under the reference graph's IRI)."""
    mapper = RecordTables(reference, ontology)
    for row in tables.get("crossings", []):
        mapper.crossing_facts(row)
    for row in tables.get("vetoes", []):
        mapper.veto(row)
    first_authorisation: date | None = None
    for row in sorted(tables.get("crossborder_resolutions", []), key=lambda r: r["adoption_date"]):
        day = record_date(row, "adoption_date")
        renewal = first_authorisation is not None and day > first_authorisation
        if mapper.resolution(row, renewal) and first_authorisation is None:
            first_authorisation = day
    for row in tables.get("sohr_toll", []):
        mapper.toll(row)
    for row in tables.get("federation_council", []):
        mapper.authorisation(row)
    return mapper.graphs

class RecordTables(RecordMapper):
    """One method per record table: each row becomes the claims of the page it cites."""


    def veto(self, row: Record) -> None:
        day, g = record_date(row, "date"), self.graph(UN_GRAPH)
        key = f"unsc-veto-{day.isoformat()}"
        symbol = row["draft_symbol"] if row["symbol_confirmed"] == "yes" else ""
        vetoes = [self.actor(row, "vetoing_members", n) for n in split_list(row["vetoing_members"])]
        who_en = " and ".join(n for n in split_list(row["vetoing_members"]))
        who_ar = " و".join(self.label_ar(v) for v in vetoes)
        labels = (
            f"UN record: draft resolution {symbol or '(symbol unconfirmed)'} on Syria not "
            f"adopted on {day}, vetoed by {who_en}",
            f"سجل للأمم المتحدة: لم يُعتمد مشروع القرار {symbol or '(رمزه غير مؤكد)'} بشأن سوريا "
            f"في {day}، إذ استخدمت {who_ar} حق النقض",
        )
        claim = self.claim(g, key, SKG.EventClaim, row, labels, self.document(g, row["source_url"]))
        draft = mint("draft", key)
        event = self.vote_event(g, key, day, SKG.NotAdopted, draft)
        g.add((claim, SKG.claimedEvent, event))
        add_labels(
            g,
            event,
            f"Security Council vote of {day} on a draft on Syria",
            f"تصويت مجلس الأمن في {day} على مشروع قرار بشأن سوريا",
        )
        self.votes(g, event, key, row, "vote_for_against_abstain", vetoes)
        if symbol:
            g.add((draft, SKG.unDocumentSymbol, Literal(symbol)))
        g.add((draft, DCTERMS.description, Literal(row["topic"], lang="en")))
        for name in sponsor_names(row["drafters"]):
            sponsor = self.find("actor", name)
            if sponsor is not None:
                g.add((draft, SKG.submittedBy, sponsor))
            else:  # no reference actor: the name stays as the record writes it
                g.add((draft, SKG.sponsorName, Literal(name, lang="en")))
        if row["chemical_weapons_related"] == "yes":
            g.add((draft, SKG.topic, SKG.ChemicalWeapons))
        if row["cross_border_aid_related"] == "yes":
            g.add((draft, SKG.topic, SKG.CrossBorderAid))
            if re.search(r"renewal|extension", row["topic"], re.IGNORECASE):
                g.add((draft, SKG.topic, SKG.CrossBorderAidExtension))
            months = months_in(row["topic"])
            if months is not None:
                g.add((draft, SKG.proposedDuration, Literal(f"P{months}M", datatype=XSD.duration)))
            for name in via_names(row["topic"]):
                g.add((draft, SKG.crossingsVia, self.crossing(row, "topic", name)))

    def resolution(self, row: Record, renewal: bool) -> bool:
        """An adopted resolution; returns whether it authorised crossings."""
        number, g = row["resolution_number"], self.graph(UN_GRAPH)
        day = record_date(row, "adoption_date")
        key = f"unsc-res-{number}"
        named = row["crossings_authorised"]
        crossings = (
            []
            if named.lower().startswith("none")
            else [self.crossing(row, "crossings_authorised", n) for n in split_list(named)]
        )
        title_en = f"Security Council resolution {number} ({day.year})"
        title_ar = f"قرار مجلس الأمن {number} ({day.year})"
        labels = (
            f"UN record: {title_en} adopted on {day}"
            + (f", authorising {len(crossings)} crossing(s)" if crossings else ""),
            f"سجل للأمم المتحدة: {title_ar} المعتمد في {day}",
        )
        claim = self.claim(g, key, SKG.EventClaim, row, labels, self.document(g, row["source_url"]))
        draft, res = mint("draft", key), mint("resolution", "unsc", number)
        event = self.vote_event(g, key, day, SKG.Adopted, draft)
        g.add((claim, SKG.claimedEvent, event))
        add_labels(
            g,
            event,
            f"Security Council vote adopting {title_en}",
            f"تصويت مجلس الأمن على اعتماد {title_ar}",
        )
        self.votes(g, event, key, row, "vote", [])
        g.add((res, RDF.type, SKG.AdoptedResolution))
        g.add((res, SKG.adoptedFrom, draft))
        g.add((res, SKG.unDocumentSymbol, Literal(f"S/RES/{number} ({day.year})")))
        g.add((res, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date)))
        add_labels(g, res, title_en, title_ar)
        if not crossings:
            return False
        g.add((draft, SKG.topic, SKG.CrossBorderAid))
        if renewal:
            g.add((draft, SKG.topic, SKG.CrossBorderAidExtension))
        auth = mint("authorisation", "unsc", number)
        g.add((auth, RDF.type, SKG.CrossBorderAidAuthorisation))
        g.add((auth, SKG.authorisedBy, res))
        for crossing in crossings:
            g.add((auth, SKG.authorisesCrossing, crossing))
        # The record gives the adoption day and, mostly, the expiry: the authorisation is taken
        # to run from adoption (flagged as derived), ending when the record says it ends.
        until = re.search(r"until (\d{4}-\d{2}-\d{2})", row["duration_months"])
        end = record_date(row, "duration_months", until.group(1)) if until else None
        g.add((auth, SKG.validDuring, self.interval(g, f"{key}-valid", day, end, True)))
        months = re.match(r"\s*(\d+)", row["duration_months"])
        if months:
            g.add((auth, SKG.duration, Literal(f"P{months.group(1)}M", datatype=XSD.duration)))
        return True

    def toll(self, row: Record) -> None:
        begin, end = record_date(row, "period_begin"), record_date(row, "period_end")
        prefix, g = f"sohr-{end.isoformat()}", self.graph(MONITOR_GRAPH)
        key, publisher = f"{prefix}-{row['key']}", self.actor(row, "publisher", row["publisher"])
        group, value = self.concept(row, "population_group"), Decimal(row["value"])
        labels = (
            f"SOHR record: {value} {row['group_description']} killed, {begin} to {end}",
            f"سجل المرصد السوري لحقوق الإنسان: {value} قتيلاً ({self.label_ar(group)}) "
            f"بين {begin} و{end}",
        )
        doc = self.document(g, row["source_url"], row["source_title"], publisher)
        if row["document_note"]:
            g.add((doc, RDFS.comment, Literal(row["document_note"], lang="en")))
        claim = self.claim(g, key, SKG.FigureClaim, row, labels, doc)
        g.add((claim, SKG.claimant, publisher))
        fig = mint("figure", key)
        g.add((claim, SKG.reportsFigure, fig))
        perpetrator = self.actor(row, "perpetrator", row["perpetrator"])
        area = self.reference_key("place", row["area"])
        if area is None:
            raise SourceError(
                row.path,
                f"area: {row['area']!r} is not a key of data/reference/places.csv",
                row.line,
            )
        for prop, obj in (
            (RDF.type, SKG.CasualtyCount),
            (SKG.unit, UNIT.NUM),
            (SKG.approximation, SKG.Exact),
            (SKG.numericValue, Literal(value, datatype=XSD.decimal)),
            (SKG.outcome, self.concept(row, "outcome")),
            (SKG.populationGroup, group),
            (SKG.attributedPerpetrator, perpetrator),
            (SKG.area, area),
            (SKG.referencePeriod, self.interval(g, f"{key}-period", begin, end)),
            (DCTERMS.description, Literal(row["group_description"], lang="en")),
        ):
            g.add((fig, prop, obj))
        if row["breakdown_of"]:
            g.add((fig, SKG.breakdownOf, mint("figure", prefix, row["breakdown_of"])))
        if row["intervention_start"]:
            # The monitor counts the months of Russia's intervention from this day (the report
            # is that of the 59th month): the start it states, kept under its own claim.
            event = mint("event", prefix, "intervention")
            g.add((fig, SKG.inContextOf, event))
            g.add((event, RDF.type, SKG.MilitaryIntervention))
            g.add((event, SKG.performedBy, perpetrator))
            g.add((event, SKG.place, area))
            start = record_date(row, "intervention_start")
            g.add((event, SKG.timeSpan, self.interval(g, f"{prefix}-intervention", start, None)))

    def authorisation(self, row: Record) -> None:
        day, g = record_date(row, "date"), self.graph(NEWS_GRAPH)
        authoriser = self.actor(row, "authoriser", row["authoriser"])
        authorisee = self.actor(row, "authorisee", row["authorisee"])
        key = f"{row['authoriser']}-{day.isoformat()}"
        labels = (
            f"News record: on {day} the {english_label(self.reference, authoriser)} "
            f"authorised {english_label(self.reference, authorisee)}: "
            f"{row['authorised_action']}",
            f"سجل إخباري: {self.label_ar(authoriser)} يمنح {self.label_ar(authorisee)} "
            f"تفويضاً في {day}",
        )
        claim = self.claim(g, key, SKG.EventClaim, row, labels, self.document(g, row["source_url"]))
        event, action = mint("event", key), mint("event", key, "action")
        g.add((claim, SKG.claimedEvent, event))
        for prop, obj in (
            (RDF.type, SKG.Authorisation),
            (SKG.authoriser, authoriser),
            (SKG.authorisee, authorisee),
            (SKG.authorisedAction, action),
            (SKG.timeSpan, self.instant(g, key, day)),
        ):
            g.add((event, prop, obj))
        self.votes(g, event, key, row, "vote_for_against_abstain", [])
        g.add((action, RDF.type, SKG.MilitaryIntervention))
        g.add((action, SKG.performedBy, mint("actor", "russian-armed-forces")))
        g.add((action, SKG.place, mint("place", "syria")))
        g.add((action, DCTERMS.description, Literal(row["authorised_action"], lang="en")))

    def crossing_facts(self, row: Record) -> None:
        """Coordinates, neighbouring country and sources of a crossing, into the reference layer."""
        g, place = self.graph("reference"), self.crossing(row, "name_en", row["name_en"])
        for column, prop in (("latitude", WGS.lat), ("longitude", WGS.long)):
            if row[column]:
                g.add((place, prop, Literal(Decimal(row[column]), datatype=XSD.decimal)))
        country_name = row["neighbouring_country"].split("(")[0].strip()
        country = self.place(row, "neighbouring_country", country_name, SKG.Country, "a Country")
        g.add((place, SKG.neighbouringCountry, country))
        # places.csv says where the crossing is; both tables must agree on the governorate.
        located = {
            fold(lbl)
            for area in self.reference.objects(place, SKG.locatedIn)
            for lbl in self.reference.objects(area, SKOS.prefLabel)
        }
        if fold(row["syrian_governorate"]) not in located:
            raise SourceError(
                row.path,
                f"syrian_governorate {row['syrian_governorate']!r} is not "
                f"where data/reference/places.csv locates {row['name_en']}",
                row.line,
            )
        g.add((place, DCTERMS.source, URIRef(row["source_url"])))
        for url in urls_in(row["cross_check_urls"]):
            g.add((place, RDFS.seeAlso, URIRef(url)))
        if row["notes"]:
            g.add((place, RDFS.comment, Literal(row["notes"], lang="en")))
