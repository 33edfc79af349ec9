"""Checks against the UN vote records: how many vetoes, and a veto the document describes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from syriakg.crosscheck import rules
from syriakg.crosscheck.model import Assessment, untestable
from syriakg.crosscheck.rules import Outcome, Verdict
from syriakg.crosscheck.sparql import DOCUMENT_CLAIM, RECORD_CLAIM, TIME_VALUE, Graph, local

# Any claim that counts vetoes is checked: a document's, or a record's (a government's count).
VETO_COUNTS = f"""
SELECT ?claim ?doc ?claimant ?value ?lower ?upper ?qualifier ?voter ?topic ?from ?asOf
       ?qtyEn ?qtyAr WHERE {{
  ?claim skg:statedIn ?doc ; skg:reportsFigure ?fig .
  ?fig a skg:VetoCount ; skg:voter ?voter ; skg:topic ?topic ; skg:approximation ?qualifier .
  OPTIONAL {{ ?claim skg:claimant ?claimant }}
  OPTIONAL {{ ?fig skg:numericValue ?value }}
  OPTIONAL {{ ?fig skg:lowerBound ?lower }}
  OPTIONAL {{ ?fig skg:upperBound ?upper }}
  OPTIONAL {{ ?fig skg:asOf/({TIME_VALUE}) ?asOf }}
  OPTIONAL {{ ?fig skg:referencePeriod/time:hasBeginning/({TIME_VALUE}) ?own }}
  # A breakdown ("six of them") counts over the period of the figure it breaks down.
  OPTIONAL {{ ?fig skg:breakdownOf/skg:referencePeriod/time:hasBeginning/({TIME_VALUE}) ?whole }}
  OPTIONAL {{ ?fig skg:quantityExpression ?qtyEn FILTER (LANG(?qtyEn) = "en") }}
  OPTIONAL {{ ?fig skg:quantityExpression ?qtyAr FILTER (LANG(?qtyAr) = "ar") }}
  BIND (COALESCE(?own, ?whole) AS ?from)
}} ORDER BY ?claim"""

RECORD_VETOES = f"""
SELECT DISTINCT ?record ?event ?date ?draft ?voter ?status WHERE {{
  {RECORD_CLAIM} ?record skg:claimedEvent ?event .
  ?event a skg:VoteEvent ; skg:voteResult skg:NotAdopted ; skg:onDraft ?draft ;
         skg:timeSpan/time:inXSDDate ?date .
  ?veto a skg:Veto ; skg:inVoteEvent ?event ; skg:voter ?voter .
  OPTIONAL {{ ?record skg:confirmationStatus ?status }}
}} ORDER BY ?date"""

DRAFT_FACTS = """
SELECT ?draft ?topic ?duration ?crossing ?country WHERE {
  VALUES ?draft { %s }
  { ?draft skg:topic ?topic } UNION { ?draft skg:proposedDuration ?duration } UNION
  { ?draft skg:crossingsVia ?crossing OPTIONAL { ?crossing skg:neighbouringCountry ?country } }
}"""

DESCRIBED_VETOES = f"""
SELECT ?claim ?doc ?event ?draft ?voter WHERE {{
  {DOCUMENT_CLAIM} ?claim skg:claimedEvent ?event .
  ?event a skg:VoteEvent ; skg:voteResult skg:NotAdopted ; skg:onDraft ?draft .
  ?veto a skg:Veto ; skg:inVoteEvent ?event ; skg:voter ?voter .
}} ORDER BY ?claim ?voter"""


def veto_counts(kg: Graph) -> list[Assessment]:
    """'Russia vetoed more than twenty drafts on Syria since 2011': count the record vetoes by
    that voter on drafts with that topic, from the start of the stated period to the date the
    count is given for (else the document's date), and compare with the stated number read with
    its qualifier. Vetoes known only from records marked unconfirmed are counted, and the
    explanation says how the count reads without them."""
    vetoes = kg.select(RECORD_VETOES)
    topics = _draft_topics(kg, {r["draft"] for r in vetoes})
    out = []
    for row in kg.select(VETO_COUNTS):
        claim, published = row["claim"], kg.published(row["doc"])
        qualifier = local(row["qualifier"])
        stated = rules.stated_number(qualifier, row["value"], row["lower"], row["upper"])
        if not vetoes or stated is None or (published is None and row["asOf"] is None):
            out.append(
                untestable(
                    claim,
                    "no record of vetoes, or no number or date to compare",
                    "No vote record or no stated number to compare.",
                    "لا يوجد سجل تصويت أو رقم مذكور للمقارنة.",
                )
            )
            continue
        begin = rules.period(row["from"])[0] if row["from"] else date.min
        end = rules.period(str(row["asOf"]))[1] if row["asOf"] else rules.as_of(str(published))
        counted = [
            r
            for r in vetoes
            if r["voter"] == row["voter"]
            and row["topic"] in topics[r["draft"]]
            and begin <= r["date"] <= end
        ]
        events = {r["event"] for r in counted}
        confirmed = {
            r["event"] for r in counted if not (r["status"] or "").endswith("#Unconfirmed")
        }
        count = len(events)
        outcome = rules.compare_count(qualifier, stated, Decimal(count))
        voter, topic = row["voter"], row["topic"]
        since_en = f" since {row['from']}" if row["from"] else ""
        since_ar = f" منذ {row['from']}" if row["from"] else ""
        span_en = f"from {row['from']} to {end}" if row["from"] else f"up to {end}"
        if row["asOf"] is None:
            span_en += ", the document's date"
        who_en = kg.label(row["claimant"], "en") if row["claimant"] else "The document"
        who_ar = kg.label(row["claimant"], "ar") if row["claimant"] else "الوثيقة"
        said_en, said_ar = row["qtyEn"] or rules.plain(stated), row["qtyAr"] or rules.plain(stated)
        en = (
            f"{who_en} says {kg.label(voter, 'en')} used the veto '{said_en}' times on "
            f"{kg.label(topic, 'en')}{since_en}; the records count {count} {span_en}."
        )
        ar = (
            f"بحسب {who_ar}، عدد مرات استخدام {kg.label(voter, 'ar')} حق النقض في ما يخص "
            f"{kg.label(topic, 'ar')}{since_ar} هو «{said_ar}»؛ وتُحصي السجلات {count} حتى {end}"
            + ("، تاريخ الوثيقة." if row["asOf"] is None else ".")
        )
        if len(confirmed) < count:
            doubtful = sorted({str(r["date"]) for r in counted if r["event"] not in confirmed})
            without = rules.compare_count(qualifier, stated, Decimal(len(confirmed)))
            en += (
                f" {count - len(confirmed)} of them rest only on records marked unconfirmed "
                f"({', '.join(doubtful)}); without them the count is "
                f"{len(confirmed)}, which {_reads(without.verdict)} the stated number."
            )
            ar += (
                f" ومنها {count - len(confirmed)} لا تستند إلا إلى سجلات غير مؤكدة "
                f"({'، '.join(doubtful)})؛ ومن دونها يكون العدد {len(confirmed)}."
            )
        out.append(
            Assessment(
                claim,
                outcome,
                en,
                ar,
                tuple(sorted({r["record"] for r in counted})),
                count,
            )
        )
    return out


def _reads(verdict: Verdict) -> str:
    return {
        Verdict.AGREES: "agrees with",
        Verdict.PARTLY_AGREES: "partly agrees with",
        Verdict.DISAGREES: "disagrees with",
    }.get(verdict, "cannot be compared with")


def described_vetoes(kg: Graph) -> list[Assessment]:
    """A veto the document describes (who, on what, for how long, through where): look for a
    record vote, up to the document's date, vetoed by every voter named, on a draft with the
    same topics, then compare its duration and crossings."""
    records = kg.select(RECORD_VETOES)
    facts = _draft_facts(kg, {r["draft"] for r in records})
    voters_of: dict[str, set[str]] = {}
    for r in records:
        voters_of.setdefault(r["event"], set()).add(r["voter"])
    described: dict[str, dict[str, Any]] = {}
    for row in kg.select(DESCRIBED_VETOES):
        item = described.setdefault(row["claim"], {**row, "voters": []})
        item["voters"].append(row["voter"])
    out = []
    for claim, item in described.items():
        stated = _draft_facts(kg, {item["draft"]})[item["draft"]]
        published = kg.published(item["doc"])
        if not records or published is None:
            out.append(
                untestable(
                    claim,
                    "no record of vetoes, or no document date",
                    "No vote record to compare.",
                    "لا يوجد سجل تصويت للمقارنة.",
                )
            )
            continue
        end = rules.as_of(published)
        candidates = sorted(
            {
                (r["date"], r["record"], r["draft"])
                for r in records
                if r["date"] <= end
                and set(item["voters"]) <= voters_of[r["event"]]
                and stated["topics"] <= facts[r["draft"]]["topics"]
            }
        )
        out.append(_judge_veto(kg, claim, item["voters"], stated, candidates, facts, end))
    return out


def _judge_veto(
    kg: Graph,
    claim: str,
    voters: list[str],
    stated: dict[str, Any],
    candidates: list[tuple[date, str, str]],
    facts: dict[str, dict[str, Any]],
    end: date,
) -> Assessment:
    rule = (
        "agrees iff a record vote up to the document's date, not adopted and vetoed by every "
        "voter named, on a draft with the stated topics, also has the stated duration and "
        "crossings; partly agrees iff such a vote exists but differs in (or does not record) "
        "duration or crossings; disagrees iff there is none"
    )
    notes_en, notes_ar, best = [], [], Verdict.DISAGREES
    matched: date | None = None
    for day, _, draft in candidates:
        record = facts[draft]
        same_duration = (
            None
            if record["months"] is None or stated["months"] is None
            else record["months"] == stated["months"]
        )
        same_route = _same_route(kg, stated, record)
        verdict = rules.combine([same_duration, same_route])
        if verdict == Verdict.AGREES:
            matched = matched or day
        best = min(best, verdict, key=rules.RANK.index)
        en, ar = _describe_draft(kg, record)
        notes_en.append(f"{day} ({en}{': matches' if verdict == Verdict.AGREES else ''})")
        notes_ar.append(f"{day} ({ar}{': يتطابق' if verdict == Verdict.AGREES else ''})")
    if candidates and best == Verdict.DISAGREES:
        best = Verdict.PARTLY_AGREES  # such a veto exists, but neither duration nor route fits
    stated_en, stated_ar = _describe_draft(kg, stated)
    who_en, who_ar = kg.labels(voters, "en", " and "), kg.labels(voters, "ar")
    return Assessment(
        claim,
        Outcome(best, rule),
        f"The document says {who_en} vetoed a draft ({stated_en}); record vetoes by all of them "
        f"on that topic up to {end}: {'; '.join(notes_en) or 'none'}.",
        f"تذكر الوثيقة أن {who_ar} استخدمت حق النقض ضد مشروع ({stated_ar})؛ وفي السجلات حتى "
        f"{end} حالات النقض المشتركة في الموضوع نفسه: {'؛ '.join(notes_ar) or 'لا شيء'}.",
        tuple(sorted({record for _, record, _ in candidates})),
        matched,
    )


def _draft_topics(kg: Graph, drafts: set[str]) -> dict[str, set[str]]:
    return {d: f["topics"] for d, f in _draft_facts(kg, drafts).items()}


def _draft_facts(kg: Graph, drafts: set[str]) -> dict[str, dict[str, Any]]:
    """Topics, proposed duration (in months) and crossings (with their country) of drafts."""
    facts: dict[str, dict[str, Any]] = {
        d: {"topics": set(), "months": None, "via": {}} for d in drafts
    }
    if not drafts:
        return facts
    for row in kg.select(DRAFT_FACTS % " ".join(f"<{d}>" for d in sorted(drafts))):
        item = facts[row["draft"]]
        if row["topic"]:
            item["topics"].add(row["topic"])
        if row["duration"]:
            item["months"] = rules.months(row["duration"])
        if row["crossing"]:
            item["via"][row["crossing"]] = row["country"]
    return facts


def _same_route(kg: Graph, stated: dict[str, Any], record: dict[str, Any]) -> bool | None:
    """Does the record draft go where the document says? A stated country must be the
    neighbouring country of every crossing of the record draft; a stated crossing must be one
    of them. None when either side names no route."""
    if not stated["via"] or not record["via"]:
        return None
    countries = set(record["via"].values())
    return all(place in record["via"] or countries == {place} for place in stated["via"])


def _describe_draft(kg: Graph, facts: dict[str, Any]) -> tuple[str, str]:
    months = facts["months"]
    via = sorted(facts["via"])
    en = [
        f"{months} months" if months else "duration not recorded",
        f"via {kg.labels(via, 'en')}" if via else "crossings not recorded",
    ]
    ar = [
        f"المدة {_months_ar(months)}" if months else "المدة غير مسجلة",
        f"عبر {kg.labels(via, 'ar')}" if via else "المعابر غير مسجلة",
    ]
    return ", ".join(en), "، ".join(ar)


def _months_ar(months: int) -> str:
    if months == 1:
        return "شهر واحد"
    if months == 2:
        return "شهران"
    return f"{months} أشهر" if 3 <= months <= 10 else f"{months} شهراً"
