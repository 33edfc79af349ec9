"""The world the generator writes about: names, the reference layer, time and claim contents.

Part of bench/generate.py (split to keep modules small): ``World`` draws actors with matching
Arabic and English names, places in a skg:locatedIn hierarchy, UN Security Council memberships,
OWL-Time instants and intervals, and the content of each kind of claim (figures, events, votes,
relations), always from one seeded random generator, so that the seed fixes every byte.
"""

from __future__ import annotations

import random
import re

ID = "https://w3id.org/syria-kg/id/"
GRAPH = "https://w3id.org/syria-kg/graph/"
SKG = "https://w3id.org/syria-kg/ontology#"
SKGSH = "https://w3id.org/syria-kg/shapes#"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "http://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "unit": "http://qudt.org/vocab/unit/",
    "skg": SKG,
}
# Pairs of (Latin, Arabic) syllables: names are built from both sides at once, so every entity
# has matching English and Arabic labels.
SYLLABLES = [
    ("ba", "با"),
    ("da", "دا"),
    ("far", "فار"),
    ("ha", "ها"),
    ("jal", "جال"),
    ("ka", "كا"),
    ("lam", "لام"),
    ("ma", "ما"),
    ("nur", "نور"),
    ("qa", "قا"),
    ("ra", "را"),
    ("sal", "سال"),
    ("ta", "تا"),
    ("wa", "وا"),
    ("yas", "ياس"),
    ("zah", "زاه"),
    ("kir", "كير"),
    ("dun", "دون"),
]
# The NeutralityShape's loaded words: a generated name that happens to contain one is redrawn.
LOADED = re.compile(
    r"(^|[^a-z])(terroris|regime|occupation|occupier|occupying|mercenar|criminal|thug|shabiha|"
    r"puppet|invader|takfiri|crusader|infidel)|إرهاب|ارهاب|النظام|احتلال|محتل|مرتزق|مجرم|شبيح|"
    r"تكفيري|خوارج|عصابات|عصابة",
    re.IGNORECASE,
)
WORDS_AR = [
    "قال",
    "التقرير",
    "المدنيين",
    "في",
    "مدينة",
    "خلال",
    "شهر",
    "الهجوم",
    "على",
    "منطقة",
    "بحسب",
    "المصادر",
    "الضحايا",
    "عدد",
    "بلغ",
    "الأمم",
    "المتحدة",
    "مجلس",
    "الأمن",
]
PERMANENT = ["china", "france", "russia", "united-kingdom", "united-states"]
Quad = tuple[str, str, str, str]
Triple = tuple[str, str, str]


def iri(value: str) -> str:
    return f"<{value}>"


def term(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return iri(NS[prefix] + local)


def lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^{term(dtype)}' if dtype else f'"{escaped}"'


def node(segment: str, key: str) -> str:
    return iri(f"{ID}{segment}/{key}")


A = term("rdf:type")


class World:
    """Everything a document can mention, drawn from one seeded random generator."""

    def __init__(self, seed: int, triples: int) -> None:
        self.rng = random.Random(seed)
        self.target = triples
        self.actors: dict[str, list[str]] = {}
        self.places: list[str] = []

    # ------------------------------------------------------------------ names and labels

    def name(self) -> tuple[str, str]:
        while True:
            parts = self.rng.sample(SYLLABLES, self.rng.randint(2, 3))
            en = "".join(p[0] for p in parts).capitalize()
            ar = "".join(p[1] for p in parts)
            if not LOADED.search(en) and not LOADED.search(ar):
                return en, ar

    def labelled(self, subject: str, cls: str, g: str, en: str, ar: str) -> list[Quad]:
        return [
            (subject, A, term(cls), g),
            (subject, term("rdfs:label"), lit(en, "en"), g),
            (subject, term("rdfs:label"), lit(ar, "ar"), g),
            (subject, term("skos:prefLabel"), lit(en, "en"), g),
            (subject, term("skos:prefLabel"), lit(ar, "ar"), g),
        ]

    # ------------------------------------------------------------------ the reference layer

    def reference(self) -> list[Quad]:
        g = iri(GRAPH + "gen-reference")
        quads: list[Quad] = []
        unsc, un = node("actor", "gen-unsc"), node("actor", "gen-un")
        quads += self.labelled(
            un, "skg:IntergovernmentalOrganisation", g, "United Nations", "الأمم المتحدة"
        )
        quads += self.labelled(unsc, "skg:Organ", g, "Security Council", "مجلس الأمن")
        quads.append((unsc, term("org:unitOf"), un, g))
        self.actors = {"state": [], "person": [], "armed": [], "monitor": [], "permanent": []}
        for key in PERMANENT:
            subject = node("actor", f"gen-{key}")
            en, ar = self.name()
            quads += self.labelled(subject, "skg:State", g, f"{key.replace('-', ' ').title()}", ar)
            self.actors["permanent"].append(subject)
            self.actors["state"].append(subject)
            quads += self.membership(g, key, subject, unsc, "PermanentMemberRole")
        n = max(40, self.target // 2500)
        kinds = [
            ("state", "skg:State"),
            ("person", "skg:Person"),
            ("armed", "skg:ArmedGroup"),
            ("monitor", "skg:MonitoringOrganisation"),
        ]
        for i in range(n):
            kind, cls = kinds[i % len(kinds)]
            subject = node("actor", f"gen-a{i:05d}")
            en, ar = self.name()
            quads += self.labelled(subject, cls, g, en, ar)
            self.actors[kind].append(subject)
            if kind == "state" and i % 8 == 0:
                quads += self.membership(
                    g, f"a{i:05d}", subject, unsc, "ElectedMemberRole", elected=2010 + i % 10
                )
        quads += self.place_tree(g, max(30, self.target // 4000))
        agent = node("agent", "gen-curators")
        quads += [
            (agent, A, term("prov:Agent"), g),
            (agent, term("rdfs:label"), lit("generated curators", "en"), g),
        ]
        return quads

    def membership(
        self, g: str, key: str, member: str, body: str, role: str, elected: int | None = None
    ) -> list[Quad]:
        m = node("membership", f"gen-{key}-unsc")
        quads = [
            (m, A, term("org:Membership"), g),
            (m, term("org:member"), member, g),
            (m, term("org:organization"), body, g),
            (m, term("org:role"), term(f"skg:{role}"), g),
        ]
        if elected is not None:
            period = node("time", f"gen-{key}-unsc-term")
            quads.append((m, term("org:memberDuring"), period, g))
            quads += self.interval(period, g, f"{elected}-01-01", f"{elected + 1}-12-31")
        return quads

    def place_tree(self, g: str, n: int) -> list[Quad]:
        """Countries contain areas contain settlements: skg:locatedIn chains for prp-trp."""
        quads: list[Quad] = []
        countries = [node("place", f"gen-c{i:03d}") for i in range(max(3, n // 20))]
        areas = [node("place", f"gen-r{i:04d}") for i in range(max(6, n // 4))]
        for i, subject in enumerate(countries + areas):
            cls = "skg:Country" if i < len(countries) else "skg:AdministrativeArea"
            quads += self.labelled(subject, cls, g, *self.name())
        for i, area in enumerate(areas):
            quads.append((area, term("skg:locatedIn"), countries[i % len(countries)], g))
        for i in range(n):
            subject = node("place", f"gen-s{i:05d}")
            quads += self.labelled(subject, "skg:Settlement", g, *self.name())
            quads.append((subject, term("skg:locatedIn"), areas[i % len(areas)], g))
            self.places.append(subject)
        self.places += areas
        return quads

    # ------------------------------------------------------------------ time descriptions

    def instant(self, subject: str, g: str, date: str) -> list[Quad]:
        return [
            (subject, A, term("time:Instant"), g),
            (subject, term("time:inXSDDate"), lit(date, dtype="xsd:date"), g),
            (subject, term("skg:temporalExpression"), lit(date, "en"), g),
        ]

    def interval(self, subject: str, g: str, begin: str, end: str) -> list[Quad]:
        b, e = f"{subject[:-1]}-b>", f"{subject[:-1]}-e>"
        return [
            (subject, A, term("time:ProperInterval"), g),
            (subject, term("time:hasBeginning"), b, g),
            (subject, term("time:hasEnd"), e, g),
            *self.instant(b, g, begin),
            *self.instant(e, g, end),
        ]

    def date(self) -> str:
        year = self.rng.randint(2011, 2023)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return f"{year}-{month:02d}-{day:02d}"

    # ------------------------------------------------------------------ one document

    # ------------------------------------------------------------------ claim contents

    def figure(self, claim: str, key: str, cls: str, value: int, unit: str) -> list[Triple]:
        fig = node("figure", key)
        return [
            (claim, term("skg:reportsFigure"), fig),
            (fig, A, term(cls)),
            # A count is a whole number typed so; a share stays decimal (docs/modelling.md).
            (fig, term("skg:numericValue"),
             lit(str(value), dtype="xsd:integer" if unit == "NUM" else "xsd:decimal")),
            (fig, term("skg:unit"), term(f"unit:{unit}")),
            (fig, term("skg:approximation"), term("skg:Exact")),
            (fig, term("skg:quantityExpression"), lit(str(value), "ar")),
            (fig, term("skg:quantityExpression"), lit(str(value), "en")),
            (fig, term("skg:area"), self.rng.choice(self.places)),
        ]

    def casualty(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        fig = node("figure", key)
        period = node("time", f"{key}-period")
        begin = self.date()
        triples = self.figure(claim, key, "skg:CasualtyCount", self.rng.randint(10, 5000), "NUM")
        triples += [
            (fig, term("skg:outcome"), term(f"skg:{self.rng.choice(['Killed', 'Injured'])}")),
            (
                fig,
                term("skg:populationGroup"),
                term(f"skg:{self.rng.choice(['AllPersons', 'Civilians', 'Children'])}"),
            ),
            (fig, term("skg:attributedPerpetrator"), self.rng.choice(self.actors["armed"])),
            (fig, term("skg:referencePeriod"), period),
        ]
        end = f"{int(begin[:4]) + 1}{begin[4:]}"
        triples += [(s, p, o) for s, p, o, _ in self.interval(period, "", begin, end)]
        return "skg:FigureClaim", triples

    def share(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        fig = node("figure", key)
        triples = self.figure(
            claim, key, "skg:TerritorialControlShare", self.rng.randint(1, 99), "PERCENT"
        )
        triples.append((fig, term("skg:controller"), self.rng.choice(self.actors["armed"])))
        return "skg:FigureClaim", triples

    def displacement(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        fig = node("figure", key)
        triples = self.figure(
            claim, key, "skg:DisplacementCount", self.rng.randint(1000, 900000), "NUM"
        )
        triples += [
            (fig, term("skg:populationGroup"), term("skg:Civilians")),
            (fig, term("skg:origin"), self.rng.choice(self.places)),
            (fig, term("skg:destination"), self.rng.choice(self.places)),
        ]
        return "skg:FigureClaim", triples

    def attack(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        event, when = node("event", key), node("time", f"{key}-t")
        triples = [
            (claim, term("skg:claimedEvent"), event),
            (event, A, term("skg:Attack")),
            (event, term("skg:performedBy"), self.rng.choice(self.actors["armed"])),
            (event, term("skg:place"), self.rng.choice(self.places)),
            (event, term("skg:targetGroup"), term("skg:Civilians")),
            (event, term("skg:timeSpan"), when),
        ]
        triples += [(s, p, o) for s, p, o, _ in self.instant(when, "", self.date())]
        return "skg:EventClaim", triples

    def veto(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        """A vote event on a draft, vetoed by one permanent member, with votes of others."""
        event, draft, when = node("event", key), node("draft", key), node("time", f"{key}-t")
        vetoer = self.rng.choice(self.actors["permanent"])
        triples = [
            (claim, term("skg:claimedEvent"), event),
            (event, A, term("skg:VoteEvent")),
            (event, term("skg:votingBody"), node("actor", "gen-unsc")),
            (event, term("skg:voteResult"), term("skg:NotAdopted")),
            (event, term("skg:onDraft"), draft),
            (event, term("skg:timeSpan"), when),
            (draft, A, term("skg:DraftResolution")),
            (
                draft,
                term("skg:unDocumentSymbol"),
                lit(f"S/{self.date()[:4]}/{self.rng.randint(1, 999)}"),
            ),
            (draft, term("skg:proposedDuration"), lit("P1Y", dtype="xsd:duration")),
            (draft, term("skg:topic"), term("skg:CrossBorderAidExtension")),
        ]
        triples += [(s, p, o) for s, p, o, _ in self.instant(when, "", self.date())]
        voters = [vetoer] + self.rng.sample(self.actors["state"], 3)
        for i, voter in enumerate(dict.fromkeys(voters)):
            vote = node("vote", f"{key}-v{i}")
            triples += [
                (vote, A, term("skg:Veto" if i == 0 else "skg:Vote")),
                (vote, term("skg:inVoteEvent"), event),
                (vote, term("skg:voter"), voter),
                (vote, term("skg:voteOption"), term("skg:Against" if i == 0 else "skg:InFavour")),
            ]
        return "skg:EventClaim", triples

    def relation(self, claim: str, key: str) -> tuple[str, list[Triple]]:
        subject, obj = self.rng.sample(self.actors["state"] + self.actors["armed"], 2)
        return "skg:RelationClaim", [
            (claim, A, term("rdf:Statement")),
            (claim, term("rdf:subject"), subject),
            (
                claim,
                term("rdf:predicate"),
                term(f"skg:{self.rng.choice(['supports', 'pressured'])}"),
            ),
            (claim, term("rdf:object"), obj),
        ]
