"""The two interface languages of the linked-data pages: Arabic (right to left) and English.

A page's language comes from ``?lang=`` (the switch link), else from Accept-Language, else English.
Data labels are chosen in that language with a fallback (web/lookup.Labels.get); quotes always
stay in the language of their source, each text marked with its own ``lang`` and ``dir``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

LANGUAGES = ("en", "ar")

STRINGS: dict[str, dict[str, str]] = {
    "site": {"en": "Syria conflict knowledge graph",
             "ar": "الرسم البياني المعرفي للنزاع في سوريا"},
    "switch": {"en": "العربية", "ar": "English"},
    "search": {"en": "Search", "ar": "بحث"},
    "search_placeholder": {"en": "A name or words, in Arabic or English",
                           "ar": "اسم أو كلمات بالعربية أو الإنجليزية"},
    "query": {"en": "SPARQL query", "ar": "استعلام SPARQL"},
    "downloads": {"en": "Downloads", "ar": "التنزيلات"},
    "ontology": {"en": "Ontology", "ar": "الأنطولوجيا"},
    "void": {"en": "Dataset description (VoID)", "ar": "وصف مجموعة البيانات (VoID)"},
    "types": {"en": "Types", "ar": "الأنواع"},
    "labels": {"en": "Labels", "ar": "التسميات"},
    "iri": {"en": "IRI", "ar": "المعرّف"},
    "statements_out": {"en": "Statements about it", "ar": "إفادات عنه"},
    "statements_in": {"en": "Statements that point to it", "ar": "إفادات تشير إليه"},
    "property": {"en": "Property", "ar": "الخاصية"},
    "value": {"en": "Value", "ar": "القيمة"},
    "graph": {"en": "Graph", "ar": "الرسم البياني"},
    "inferred": {"en": "inferred (OWL RL)", "ar": "مستنتج (OWL RL)"},
    "claims_about": {"en": "What sources say about it", "ar": "ما تقوله المصادر عنه"},
    "this_claim": {"en": "What the source says", "ar": "ما يقوله المصدر"},
    "related": {"en": "Other claims about the same thing", "ar": "ادعاءات أخرى عن الموضوع نفسه"},
    "source": {"en": "Source", "ar": "المصدر"},
    "claimant": {"en": "Attributed to", "ar": "منسوب إلى"},
    "quote": {"en": "Quote in its sentence", "ar": "الاقتباس في جملته"},
    "translation": {"en": "English rendering", "ar": "الترجمة الإنجليزية"},
    "inferred_content": {"en": "Inferred by the curators, not read in the source",
                         "ar": "استنتجه المحررون ولم يرد في المصدر"},
    "characters": {"en": "characters", "ar": "الأحرف"},
    "same_actor": {"en": "same actor", "ar": "الفاعل نفسه"},
    "same_event_type": {"en": "same event type", "ar": "نوع الحدث نفسه"},
    "same_figure_kind": {"en": "same kind of figure", "ar": "نوع الرقم نفسه"},
    "external_links": {"en": "Links to other datasets", "ar": "روابط إلى مجموعات بيانات أخرى"},
    "status": {"en": "Status", "ar": "الحالة"},
    "method": {"en": "How it was found", "ar": "طريقة الوصول إليه"},
    "evidence": {"en": "Evidence", "ar": "الدليل"},
    "formats": {"en": "This page as data", "ar": "هذه الصفحة بوصفها بيانات"},
    "licence": {"en": "Licence", "ar": "الترخيص"},
    "licence_text": {"en": "Data licensed under", "ar": "البيانات مرخّصة بموجب"},
    "sources_text": {"en": "Built from the source documents and public records listed on the "
                             "home page; every claim names its source.",
                     "ar": "بُنيت من الوثائق المصدرية والسجلات العامة المذكورة في الصفحة "
                           "الرئيسية؛ وكل ادعاء يذكر مصدره."},
    "not_found": {"en": "Not found", "ar": "غير موجود"},
    "not_found_text": {"en": "This graph has no resource with the IRI",
                       "ar": "لا يحتوي هذا الرسم البياني على مورد بالمعرّف"},
    "checks": {"en": "Claims checked against the records", "ar": "ادعاءات مقارنة بالسجلات"},
    "checks_intro": {"en": "Each claim of a document that the public records can test, with the "
                           "verdict of an explicit rule and the records it rests on.",
                     "ar": "كل ادعاء في وثيقة يمكن اختباره بالسجلات العامة، مع حكم قاعدة صريحة "
                           "والسجلات التي يستند إليها."},
    "claim": {"en": "Claim", "ar": "الادعاء"},
    "timeline": {"en": "Figures over time", "ar": "الأرقام عبر الزمن"},
    "timeline_intro": {"en": "How each figure evolved as each source reported it: one line per "
                             "claimant, a point per report at the end of its period, each linked "
                             "to its claim and quote.",
                       "ar": "كيف تطوّر كل رقم كما أورده كل مصدر: خط لكل جهة، ونقطة لكل تقرير "
                             "عند نهاية فترته، وكل نقطة مرتبطة بادعائها واقتباسها."},
    "until": {"en": "Until", "ar": "حتى"},
    "figure": {"en": "Figure", "ar": "الرقم"},
    "document_date": {"en": "the document's date", "ar": "تاريخ الوثيقة"},
    "verdict": {"en": "Verdict", "ar": "الحكم"},
    "records_say": {"en": "The records give", "ar": "ما تعطيه السجلات"},
    "explanation": {"en": "Explanation", "ar": "الشرح"},
    "rule": {"en": "Rule", "ar": "القاعدة"},
    "assessment": {"en": "Checked against the records", "ar": "المقارنة بالسجلات"},
    "Agrees": {"en": "agrees", "ar": "يتفق"},
    "PartlyAgrees": {"en": "partly agrees", "ar": "يتفق جزئياً"},
    "Disagrees": {"en": "disagrees", "ar": "لا يتفق"},
    "CannotBeTested": {"en": "cannot be tested", "ar": "لا يمكن اختباره"},
    "Revision": {"en": "revision", "ar": "تحديث"},
    "did_you_mean": {"en": "Did you mean", "ar": "هل تقصد"},
    "no_results": {"en": "Nothing found.", "ar": "لم يُعثر على شيء."},
    "results_for": {"en": "Results for", "ar": "نتائج البحث عن"},
    "more": {"en": "more", "ar": "المزيد"},
    "previous": {"en": "previous", "ar": "السابق"},
    "results": {"en": "results", "ar": "نتيجة"},
    "any_word": {"en": "no result has every word: these have some",
                 "ar": "لا نتيجة تحوي كل الكلمات: هذه تحوي بعضها"},
    "kinds": {"en": "Kinds", "ar": "الأنواع"},
    "facet_all": {"en": "All", "ar": "الكل"},
    "facet_claims": {"en": "What sources say", "ar": "ما تقوله المصادر"},
    "facet_actors": {"en": "Actors", "ar": "الفاعلون"},
    "facet_places": {"en": "Places", "ar": "الأماكن"},
    "facet_records": {"en": "Records", "ar": "السجلات"},
    "facet_sources": {"en": "Sources", "ar": "المصادر"},
    "facet_terms": {"en": "Ontology terms", "ar": "مصطلحات الأنطولوجيا"},
    "facet_other": {"en": "Other", "ar": "أخرى"},
    "file": {"en": "File", "ar": "الملف"},
    "size": {"en": "Size (bytes)", "ar": "الحجم (بايت)"},
    "triples": {"en": "Triples", "ar": "الثلاثيات"},
    "format": {"en": "Format", "ar": "الصيغة"},
    "checksum": {"en": "SHA-256", "ar": "SHA-256"},
    "document": {"en": "document", "ar": "وثيقة"},
    "votes_cast": {"en": "Votes cast", "ar": "الأصوات"},
    "date": {"en": "Date", "ar": "التاريخ"},
    "draft": {"en": "Draft", "ar": "مشروع القرار"},
    "vote": {"en": "Vote", "ar": "التصويت"},
    "result": {"en": "Result", "ar": "النتيجة"},
    "reported_by": {"en": "Reported by", "ar": "ورد في"},
    "role": {"en": "Role", "ar": "الدور"},
    "matched_record": {"en": "Record it was matched with", "ar": "السجل المطابق"},
    "no_date": {"en": "date not stated", "ar": "التاريخ غير مذكور"},
    "no_symbol": {"en": "symbol not recorded", "ar": "الرمز غير مسجّل"},
}


def choose_language() -> str:
    """``?lang=ar|en``, else the client's preference between the two, else English."""
    asked = (request.args.get("lang") or "").lower()
    if asked in LANGUAGES:
        return asked
    best = request.accept_languages.best_match(LANGUAGES, default="en")
    return best or "en"


def text_direction(lang: str | None) -> str:
    """``rtl`` for Arabic text, ``ltr`` otherwise."""
    return "rtl" if (lang or "").lower().startswith("ar") else "ltr"


def translator(lang: str) -> dict[str, str]:
    """The interface strings in ``lang`` (every key has both languages)."""
    return {key: texts[lang] for key, texts in STRINGS.items()}


def page_context(lang: str) -> dict[str, object]:
    """What every linked-data page template needs: language, direction, strings, switch link."""
    other = "ar" if lang == "en" else "en"
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = other
    return {
        "lang": lang,
        "dir": text_direction(lang),
        "t": translator(lang),
        "switch_url": f"{request.script_root}{request.path}?{urlencode(args)}",
    }
