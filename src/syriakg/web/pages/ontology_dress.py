"""The ontology's documentation page as a page of this site: pyLODE's page with the site's
header and styles, one title, its Arabic and English labels kept apart, every entry of its table
of contents leading somewhere, and a layout that fits a phone.

pyLODE (syriakg.ontodoc) takes the title of the last concept scheme for the ontology's, writes
the labels of a term in both languages with nothing between them, and links a term whose local
name it cannot read to ``#``; this dresses the page the build made, once per worker.
"""

from __future__ import annotations

import re
from html import escape

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_H1 = re.compile(r"<h1>.*?</h1>", re.S)
_TEXT = re.compile(r">([^<]+)<")
# Where a run of Arabic letters meets a run of Latin ones with nothing between them.
_SEAM = re.compile(r"(?<=[A-Za-z0-9)])(?=[\u0600-\u06ff])|(?<=[\u0600-\u06ff])(?=[A-Za-z])")
_DEAD_LINK = re.compile(r'<a href="#">([^<]*)</a>')
_FIT = """<style>
  body { padding: 0; }
  #content { width: auto; padding: 0 1.2rem; margin-inline-end: 200px; }
  #toc { top: auto; bottom: 0; height: calc(100% - 3.5rem); }
  #pylode { display: none; }
  code { font-size: 1em; overflow-wrap: anywhere; }
  table { table-layout: auto; }
  .entity th { width: 9rem; }
  .ld-header nav a { margin-inline-start: 0; margin-inline-end: .8rem; }
  @media (max-width: 800px) {
    #toc { position: static; width: auto; height: auto; max-height: 40vh; margin: .6rem 1.2rem; }
    #content { margin: 0; }
    .entity th { width: 6rem; }
  }
</style>"""


def _separate(match: re.Match[str]) -> str:
    return ">" + _SEAM.sub(" · ", match.group(1)) + "<"


def dress(page: str, title: str, heading: str, anchors: dict[str, str]) -> str:
    """``page`` with ``title`` (text) as its title, ``heading`` (HTML) as its only h1, labels of
    two scripts separated, and dead TOC links sent to ``anchors`` (label -> fragment)."""
    page = _TITLE.sub(f"<title>{escape(title)}</title>", page, count=1)
    page = _H1.sub(f"<h1>{heading}</h1>", page, count=1)

    def relink(match: re.Match[str]) -> str:
        text = match.group(1)
        fragment = anchors.get(text.strip())
        if fragment is None:
            return f"<span>{text}</span>"  # no term carries that label: not a link to nowhere
        return f'<a href="#{fragment}">{text}</a>'

    page = _DEAD_LINK.sub(relink, page)
    return _TEXT.sub(_separate, page)


def with_site(page: str, head: str, header: str, lang: str) -> str:
    """The dressed page with the site's stylesheets and viewport (``head``) and its header."""
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace("</head>", head + _FIT + "</head>", 1)
    return re.sub(r"<body([^>]*)>", lambda m: f"<body{m.group(1)} class=\"ld\">{header}",
                  page, count=1)
