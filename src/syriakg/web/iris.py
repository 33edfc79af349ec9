"""Map the graph's IRIs to this server's paths and back.

The data keeps its public IRIs (``https://w3id.org/syria-kg/id/actor/russia``) whatever host
serves it; w3id.org redirects them to the public server. Here every IRI under the data base
(``namespaces.BASE``) or under the ``base_iri`` setting (a deployment that mints its own) becomes
a path of this server (``/id/actor/russia``, ``/ontology#Actor``, ``/graph/d0001``), so the same
pages work on localhost, behind a proxy prefix and behind the public base.
"""

from __future__ import annotations

from flask import request

from syriakg.namespaces import BASE
from syriakg.web.state import state


def _bases() -> tuple[str, ...]:
    configured = state().settings.base_iri
    return (BASE,) if configured in ("", BASE) else (BASE, configured.rstrip("/") + "/")


def local_path(iri: str) -> str | None:
    """The path of this server that describes ``iri``, or None for an external IRI.

    ``https://w3id.org/syria-kg/id/actor/russia`` -> ``/id/actor/russia`` (plus the script root
    when the app is mounted under a prefix).
    """
    for base in _bases():
        if iri.startswith(base):
            rest = iri[len(base):]
            return f"{request.script_root}/{rest}"
    return None


def href(iri: str) -> str:
    """Where a link to ``iri`` should go: our page for our IRIs, the IRI itself otherwise."""
    return local_path(iri) or iri


def data_iri(path: str) -> str:
    """The data IRI a request path stands for: ``id/actor/russia`` -> the w3id IRI."""
    return BASE + path.lstrip("/")
