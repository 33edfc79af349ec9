"""Names of the standard vocabularies' terms in English and Arabic, for the pages.

The graph labels its own terms (the ontology) in both languages; the terms it borrows from RDF,
OWL, SKOS, Dublin Core, PROV, ORG, schema.org and the others come with an English label or
none. These names are the interface's, like the strings of ``i18n``: a page shows them where
the store has no label in the page's language, so that an Arabic page shows no English term.
"""

from __future__ import annotations

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "schema": "http://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "ogv": "http://www.w3.org/ns/opengov#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "geosparql": "http://www.opengis.net/ont/geosparql#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

# compact name: (English, Arabic)
_NAMES = {
    "rdf:type": ("type", "النوع"), "rdf:subject": ("subject", "الفاعل"),
    "rdf:predicate": ("relation", "العلاقة"), "rdf:object": ("object", "المفعول به"),
    "rdf:Statement": ("statement", "إفادة"),
    "rdfs:label": ("label", "التسمية"), "rdfs:comment": ("comment", "تعليق"),
    "rdfs:seeAlso": ("see also", "انظر أيضاً"), "rdfs:domain": ("domain", "المجال"),
    "rdfs:range": ("range", "المدى"), "rdfs:subClassOf": ("subclass of", "صنف فرعي من"),
    "rdfs:subPropertyOf": ("subproperty of", "خاصية فرعية من"),
    "rdfs:isDefinedBy": ("defined by", "معرَّف في"), "rdfs:Datatype": ("datatype", "نوع بيانات"),
    "owl:Thing": ("thing", "شيء"), "owl:Class": ("class", "صنف"),
    "owl:Ontology": ("ontology", "أنطولوجيا"),
    "owl:ObjectProperty": ("object property", "خاصية علاقة"),
    "owl:DatatypeProperty": ("data property", "خاصية بيانات"),
    "owl:AnnotationProperty": ("annotation property", "خاصية توصيف"),
    "owl:TransitiveProperty": ("transitive property", "خاصية متعدية"),
    "owl:disjointWith": ("disjoint with", "منفصل عن"),
    "owl:equivalentClass": ("equivalent class", "صنف مكافئ"),
    "owl:equivalentProperty": ("equivalent property", "خاصية مكافئة"),
    "owl:inverseOf": ("inverse of", "عكس"),
    "owl:priorVersion": ("prior version", "النسخة السابقة"),
    "owl:versionIRI": ("version IRI", "معرّف النسخة"), "owl:versionInfo": ("version", "النسخة"),
    "skos:prefLabel": ("preferred label", "التسمية المفضلة"),
    "skos:altLabel": ("other name", "اسم آخر"),
    "skos:hiddenLabel": ("search spelling", "تهجئة للبحث"),
    "skos:broader": ("broader", "أعم"), "skos:narrower": ("narrower", "أخص"),
    "skos:closeMatch": ("close match", "مطابق تقريباً"),
    "skos:definition": ("definition", "التعريف"),
    "skos:hasTopConcept": ("top concept", "المفهوم الأعلى"),
    "skos:topConceptOf": ("top concept of", "مفهوم أعلى في"),
    "skos:inScheme": ("in scheme", "ضمن مخطط"), "skos:Concept": ("concept", "مفهوم"),
    "skos:ConceptScheme": ("concept scheme", "مخطط مفاهيم"),
    "dcterms:bibliographicCitation": ("citation", "الاستشهاد"),
    "dcterms:created": ("created", "تاريخ الإنشاء"), "dcterms:creator": ("creator", "المنشئ"),
    "dcterms:date": ("date", "التاريخ"), "dcterms:description": ("description", "الوصف"),
    "dcterms:identifier": ("identifier", "المعرّف"), "dcterms:language": ("language", "اللغة"),
    "dcterms:license": ("licence", "الترخيص"), "dcterms:modified": ("modified", "تاريخ التعديل"),
    "dcterms:publisher": ("publisher", "الناشر"), "dcterms:source": ("source", "المصدر"),
    "dcterms:title": ("title", "العنوان"),
    "vann:preferredNamespacePrefix": ("namespace prefix", "بادئة فضاء الأسماء"),
    "vann:preferredNamespaceUri": ("namespace", "فضاء الأسماء"),
    "schema:agent": ("agent", "الفاعل"), "schema:datePublished": ("published", "تاريخ النشر"),
    "schema:option": ("option", "الخيار"), "schema:organizer": ("organiser", "المنظِّم"),
    "schema:publisher": ("publisher", "الناشر"), "schema:sameAs": ("same as", "هو نفسه"),
    "schema:url": ("web page", "صفحة الويب"), "schema:Article": ("article", "مقال"),
    "sem:hasActor": ("actor", "الفاعل"), "sem:hasPlace": ("place", "المكان"),
    "sem:hasTime": ("time", "الزمن"), "sem:Actor": ("actor", "فاعل"), "sem:Event": ("event", "حدث"),
    "sem:Place": ("place", "مكان"),
    "time:hasBeginning": ("beginning", "البداية"), "time:hasEnd": ("end", "النهاية"),
    "time:inXSDDate": ("date", "التاريخ"), "time:inXSDgYear": ("year", "السنة"),
    "time:inXSDgYearMonth": ("month", "الشهر"), "time:Instant": ("instant", "لحظة"),
    "time:Interval": ("interval", "فترة"), "time:ProperInterval": ("interval", "فترة"),
    "time:TemporalEntity": ("time", "كيان زمني"),
    "oa:end": ("end", "النهاية"), "oa:start": ("start", "البداية"),
    "oa:exact": ("quote", "الاقتباس"),
    "oa:prefix": ("text before", "النص قبله"), "oa:suffix": ("text after", "النص بعده"),
    "oa:hasSelector": ("selector", "المحدِّد"), "oa:hasSource": ("text", "النص"),
    "oa:SpecificResource": ("passage", "مقطع"),
    "oa:TextPositionSelector": ("position in the text", "الموضع في النص"),
    "oa:TextQuoteSelector": ("quote", "اقتباس"),
    "ogv:motion": ("motion", "المقترح"), "ogv:result": ("result", "النتيجة"),
    "ogv:vote": ("vote", "صوت"), "ogv:voteEvent": ("vote event", "جلسة التصويت"),
    "ogv:Motion": ("motion", "مقترح"), "ogv:Vote": ("vote", "صوت"),
    "ogv:VoteEvent": ("vote event", "تصويت"),
    "org:member": ("member", "العضو"), "org:memberDuring": ("member during", "العضوية خلال"),
    "org:organization": ("organisation", "المنظمة"), "org:role": ("role", "الدور"),
    "org:subOrganizationOf": ("part of", "جزء من"), "org:unitOf": ("unit of", "وحدة من"),
    "org:Membership": ("membership", "عضوية"), "org:Organization": ("organisation", "منظمة"),
    "org:OrganizationalUnit": ("unit", "وحدة"), "org:Role": ("role", "دور"),
    "prov:wasAssociatedWith": ("carried out by", "نفّذه"),
    "prov:wasDerivedFrom": ("derived from", "مستمد من"),
    "prov:wasGeneratedBy": ("made by", "أنتجه"), "prov:Activity": ("activity", "نشاط"),
    "prov:Agent": ("agent", "فاعل"), "prov:Entity": ("entity", "كيان"),
    "geo:lat": ("latitude", "خط العرض"), "geo:long": ("longitude", "خط الطول"),
    "geosparql:Feature": ("feature", "معلم"),
    "nif:isString": ("text", "النص"), "nif:Context": ("text", "نص"),
    "sosa:Observation": ("observation", "رصد"), "foaf:Person": ("person", "شخص"),
}

NAMES: dict[str, dict[str, str]] = {
    _NS[compact.split(":", 1)[0]] + compact.split(":", 1)[1]: {"en": en, "ar": ar}
    for compact, (en, ar) in _NAMES.items()
}


def name(term: str, lang: str) -> str | None:
    """The interface's name of a borrowed vocabulary term in ``lang``, or None."""
    return NAMES.get(term, {}).get(lang)
