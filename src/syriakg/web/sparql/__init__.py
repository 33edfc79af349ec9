"""The SPARQL room: the SPARQL 1.1 Protocol endpoint and how a query is run.

One request's flow, each step its own module: read the protocol request (protocol) -> refuse
updates and unlisted SERVICE calls (guard) -> pick the formats (web.negotiation) -> run the query
where a crash or an overrun costs only that query (executor, inline; runner evaluates and
serialises; cache keeps repeated answers) -> answer, or map the failure to a status
(web.errors). The blueprint is in endpoint.
"""
