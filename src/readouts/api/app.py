"""The application factory: one store, the JSON API, the web UI, one error shape, security headers."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from readouts import __version__
from readouts.errors import ReadoutsError
from readouts.store import Store, open_store

log = logging.getLogger("readouts.api")
TOKEN_ENV = "READOUTS_TOKEN"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def error_body(status: int, message: str, code: str | None = None) -> dict:
    """The one JSON error shape of the API."""
    return {"error": {"status": status, "code": code or _CODES.get(status, "error"), "message": message}}


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "too_large", 422: "invalid", 500: "internal"}


def create_app(db: str | None = None, token: str | None = None, store: Store | None = None) -> FastAPI:
    """Build the application over the store `db` (path or URL; default $READOUTS_DB or ./readouts.db).

    Writes (POST /api/documents) are enabled only when a token is given (or $READOUTS_TOKEN is set).
    """
    from readouts.api import routes

    app = FastAPI(
        title="readouts",
        version=__version__,
        description="Engagements, persons, quotes, turns, topics and statements extracted from diplomatic "
                    "and defense texts, each sourced to the characters of its document.",
        docs_url="/docs", redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = store or open_store(db)
    app.state.token = token if token is not None else os.environ.get(TOKEN_ENV) or None

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            if k == "Content-Security-Policy" and request.url.path in ("/docs", "/docs/oauth2-redirect"):
                continue  # the OpenAPI page loads its own script and style
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if not request.url.path.startswith("/api") and exc.status_code == 404 and hasattr(app.state, "web_404"):
            return app.state.web_404(request)
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        msg = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                        for e in exc.errors())
        return JSONResponse(error_body(422, msg or "invalid request"), status_code=422)

    @app.exception_handler(ReadoutsError)
    async def readouts_error(request: Request, exc: ReadoutsError):
        return JSONResponse(error_body(400, str(exc)), status_code=400)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):  # never a traceback to the client
        log.exception("error serving %s", request.url.path)
        if not request.url.path.startswith("/api") and hasattr(app.state, "web_500"):
            try:
                return app.state.web_500(request)
            except Exception:  # noqa: BLE001 - the error page itself failed: fall back to JSON
                pass
        return JSONResponse(error_body(500, "internal error; see the server log"), status_code=500)

    app.include_router(routes.router, prefix="/api")
    try:
        from readouts.web import views
    except ImportError:  # pragma: no cover - the web UI is part of the package; tolerate its absence
        views = None
    if views is not None:
        views.install(app)
    return app


def connection(request: Request) -> Iterator:
    with request.app.state.store.connect() as conn:
        yield conn
