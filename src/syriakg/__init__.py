"""A knowledge graph of the Syrian conflict: what each source says, attributed to it."""

__version__ = "0.1.0"
