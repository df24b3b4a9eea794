"""The HTTP side: a FastAPI application with the JSON API under /api and the web UI at /.

Both are thin layers over ``readouts.store.queries``; ``create_app`` builds the application.
"""

from readouts.api.app import create_app

__all__ = ["create_app"]
