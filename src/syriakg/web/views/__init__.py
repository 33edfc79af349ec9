"""The views room: what a reader explores beyond one resource.

The home page with the query editor and its example gallery (home, gallery), the actor graph
with its filters and exports (graph), and the cross-check table (checks).
"""
