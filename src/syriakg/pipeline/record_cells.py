"""Reading the cells of the public-record tables: page keys, names, tallies, durations.

Pure text functions, so that pipeline/records.py holds only the mapping to RDF. The compiled
tables (``data/reference/un/``) write several values in one cell, with the compilers' remarks
in brackets; these functions take the values and leave the remarks.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from rdflib import URIRef

from syriakg.namespaces import SKG

_NUMBER_WORDS = {"one": 1, "three": 3, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18}


def doc_key(url: str) -> str:
    """A readable, deterministic IRI key for a web page.

    >>> doc_key("https://press.un.org/en/2014/sc11473.doc.htm")
    'press-un-org-en-2014-sc11473-doc-htm'
    """
    parts = urlsplit(url)
    text = (
        parts.netloc.lower().removeprefix("www.")
        + parts.path
        + (f"-{parts.query}" if parts.query else "")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > 80:  # long URLs: keep a readable head, and a hash so that keys stay unique
        slug = slug[:70].rstrip("-") + "-" + hashlib.sha1(url.encode()).hexdigest()[:8]
    return slug


# Hosts of the UN's own pages (meetings coverage, UN News, document system, audiovisual library).
UN_HOSTS = ("un.org", "undocs.org", "unmultimedia.org")


def is_un_page(url: str) -> bool:
    """Whether a URL is a page of the UN itself.

    >>> is_un_page("https://press.un.org/en/2019/sc14066.doc.htm"), is_un_page("https://reliefweb.int/x")
    (True, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in UN_HOSTS)


def sponsor_names(text: str) -> list[str]:
    """Country names in a sponsors cell, without the compilers' remarks in brackets.

    >>> sponsor_names("France (drafter) with co-sponsors: Albania;France;Japan")
    ['France', 'Albania', 'Japan']
    >>> sponsor_names("Russia;United States (US-drafted per Arab News/AP)")
    ['Russia', 'United States']
    """
    names: list[str] = []
    for token in re.split(r"[;:()]", re.sub(r"\bwith co-sponsors\b", ";", text)):
        token = " ".join(token.split())
        if token and _is_name(token) and token not in names:
            names.append(token)
    return names


def _is_name(token: str) -> bool:
    # A remark starts in lower case, cites a source ("Arab News/AP") or reads as a phrase;
    # a name has at most one lower-case word besides "of", "the" and "and".
    lower = [w for w in token.split() if w[0].islower() and w not in ("of", "the", "and")]
    return not token[0].islower() and "/" not in token and len(lower) <= 1


def vote_tally(text: str) -> tuple[int, int, int] | None:
    """In favour, against, abstaining from a cell such as '12-0-3 (abstain: ...)'."""
    match = re.match(r"\s*(\d+)-(\d+)-(\d+)", text)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def named_votes(text: str) -> dict[URIRef, list[str]]:
    """Names after 'against:' and 'abstain:' in a tally cell.

    >>> {k.split('#')[1]: v for k, v in named_votes("11-2-2 (against: Russia;Venezuela; "
    ...  "abstain: China;Angola)").items()}
    {'Against': ['Russia', 'Venezuela'], 'Abstention': ['China', 'Angola']}
    """
    options = {"against": SKG.Against, "abstain": SKG.Abstention}
    found: dict[URIRef, list[str]] = {}
    pattern = r"(against|abstain):\s*(.+?)(?=;\s*(?:against|abstain):|\)|$)"
    for word, names in re.findall(pattern, text):
        found[options[word]] = split_list(names)
    return found


def months_in(text: str) -> int | None:
    """The duration of a renewal from a description such as 'Six-month renewal ...'; remarks in
    brackets do not count ('(media describe a 12-month extension)')."""
    match = re.search(r"\b(\d+|[a-z]+)-month\b", re.sub(r"\([^)]*\)", "", text), re.IGNORECASE)
    if match is None:
        return None
    word = match[1].lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def via_names(text: str) -> list[str]:
    """Crossing names after 'via' in a description, e.g. 'via Bab al-Salam and Bab al-Hawa'."""
    match = re.search(r"\bvia (.+)$", re.sub(r"\([^)]*\)", "", text).strip())
    return [n.strip() for n in re.split(r",| and ", match[1]) if n.strip()] if match else []


def split_list(text: str) -> list[str]:
    """The items of a list cell separated by semicolons."""
    return [part.strip() for part in text.split(";") if part.strip()]


def urls_in(text: str) -> list[str]:
    """The URLs of a cell that lists them separated by ' | '."""
    return [part.strip() for part in text.split(" | ") if part.strip().startswith("http")]


def fold(text: object) -> str:
    """Text compared without case or runs of white space."""
    return " ".join(str(text).split()).casefold()
