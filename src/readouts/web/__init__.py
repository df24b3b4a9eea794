"""The web UI: server-rendered pages over the same store queries as the API."""
