"""Stage 2c: public records (UN votes and resolutions, a monitor's toll, a parliament's vote,
a government's count of vetoes).

The tables in ``data/reference/un/`` hold one record a row, each with the page it cites. Each row
becomes a claim *of that page* (``skg:statedIn`` a ``skg:SourceDocument`` with ``schema:url``),
never a fact of the graph's own: a UN press release says a draft was vetoed. No text of these
pages is stored, so record claims have no quote or span; the page's URL stands in for it
(``shapes/records.ttl``), and ``documents.csv`` gives every page its title (or a descriptive
label in brackets), publisher and date. A value a row leaves unconfirmed is either left out (a
draft's symbol) or stated and marked (``skg:confirmationStatus skg:Unconfirmed`` with the note).

A graph named for the UN holds UN records only: a vote or resolution whose page is not a UN
page goes to ``graph/secondary-records`` (``record_cells.is_un_page``).

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
from syriakg.namespaces import SKG, TIME, UNIT, WGS, mint
from syriakg.pipeline.load import Record, read_csv
from syriakg.pipeline.record_cells import (
    fold,
    is_un_page,
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
    whole_number,
)
from syriakg.settings import Settings

# The columns each table must have (the compiled tables have more, all kept in the CSV).
TABLES: dict[str, tuple[str, ...]] = {
    name: tuple(columns.split())
    for name, columns in {
        "documents": "url title label label_ar publisher publisher_name published",
        "vetoes": "date draft_symbol symbol_confirmed drafters vetoing_members topic "
        "chemical_weapons_related cross_border_aid_related vote_for_against_abstain source_url "
        "cross_check_urls unconfirmed notes",
        "crossborder_resolutions": "resolution_number adoption_date crossings_authorised "
        "duration_months vote source_url cross_check_urls unconfirmed notes",
        "crossings": "name_en name_ar neighbouring_country syrian_governorate latitude longitude "
        "source_url cross_check_urls notes",
        "sohr_toll": "key population_group group_description value breakdown_of outcome "
        "perpetrator period_begin period_end intervention_start area source_url publisher "
        "cross_check_urls document_note notes",
        "federation_council": "date authoriser authorisee authorised_action "
        "vote_for_against_abstain source_url cross_check_urls notes",
        "stated_veto_counts": "key claimant voter topic count counted_from as_of as_of_derived "
        "quote source_url cross_check_urls notes",
    }.items()
}
Tables = dict[str, list[Record]]

# One named graph per kind of source; the crossings' extra facts belong to the reference layer.
UN_GRAPH, SECONDARY_GRAPH = "un-records", "secondary-records"
MONITOR_GRAPH, NEWS_GRAPH, GOVERNMENT_GRAPH = "sohr", "news-records", "government-statements"


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
    mapper = RecordTables(reference, ontology, tables.get("documents", []))
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
    for row in tables.get("stated_veto_counts", []):
        mapper.stated_veto_count(row)
    return mapper.graphs

def un_or_secondary(url: str) -> str:
    """The graph of a UN decision's record: the UN graph only if it cites a UN page."""
    return UN_GRAPH if is_un_page(url) else SECONDARY_GRAPH


class RecordTables(RecordMapper):
    """One method per record table: each row becomes the claims of the page it cites."""

    def veto(self, row: Record) -> None:
        day, g = record_date(row, "date"), self.graph(un_or_secondary(row["source_url"]))
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
        claim = self.claim(g, key, SKG.EventClaim, row, labels)
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
        number = row["resolution_number"]
        g = self.graph(un_or_secondary(row["source_url"]))
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
        claim = self.claim(g, key, SKG.EventClaim, row, labels)
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
        group, value = self.concept(row, "population_group"), whole_number(row, "value")
        labels = (
            f"SOHR record: {value} {row['group_description']} killed, {begin} to {end}",
            f"سجل المرصد السوري لحقوق الإنسان: {value} قتيلاً ({self.label_ar(group)}) "
            f"بين {begin} و{end}",
        )
        claim = self.claim(g, key, SKG.FigureClaim, row, labels)
        if row["document_note"]:
            doc = self.document(g, row["source_url"], row)
            g.add((doc, RDFS.comment, Literal(row["document_note"], lang="en")))
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
            (SKG.numericValue, Literal(value, datatype=XSD.integer)),
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
        claim = self.claim(g, key, SKG.EventClaim, row, labels)
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

    def stated_veto_count(self, row: Record) -> None:
        """A count of vetoes that someone outside the UN states (a government's remarks): a
        figure claim of the page that quotes it, for the cross-check to test against the UN
        records."""
        g, key = self.graph(GOVERNMENT_GRAPH), row["key"]
        claimant = self.actor(row, "claimant", row["claimant"])
        voter = self.actor(row, "voter", row["voter"])
        topic, count = self.concept(row, "topic"), whole_number(row, "count")
        who = english_label(self.reference, claimant)
        labels = (
            f"{who} record: {english_label(self.reference, voter)}'s vetoes of drafts on "
            f"{row['topic'].removesuffix('Topic')} numbered {count} as of {row['as_of']}",
            f"سجل {self.label_ar(claimant)}: بلغ عدد مرات استخدام {self.label_ar(voter)} "
            f"حق النقض {count} حتى {row['as_of']}",
        )
        claim = self.claim(g, key, SKG.FigureClaim, row, labels)
        g.add((claim, SKG.claimant, claimant))
        g.add((claim, RDFS.comment, Literal(f"Quoted: “{row['quote']}”", lang="en")))
        fig = mint("figure", key)
        g.add((claim, SKG.reportsFigure, fig))
        for prop, obj in (
            (RDF.type, SKG.VetoCount),
            (SKG.unit, UNIT.NUM),
            (SKG.approximation, SKG.Exact),
            (SKG.numericValue, Literal(count, datatype=XSD.integer)),
            (SKG.voter, voter),
            (SKG.topic, topic),
            (SKG.asOf, self.instant_of(g, f"{key}-as-of", row, "as_of",
                                        row["as_of_derived"] == "yes")),
        ):
            g.add((fig, prop, obj))
        if row["counted_from"]:
            begin = self.instant_of(g, f"{key}-from", row, "counted_from")
            period = mint("time", f"{key}-period")
            g.add((period, RDF.type, TIME.ProperInterval))
            g.add((period, TIME.hasBeginning, begin))
            g.add((fig, SKG.referencePeriod, period))

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
