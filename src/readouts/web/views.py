"""Web UI views (placeholder until the pages land): installs nothing."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount the web UI's routes and static files on the application."""
