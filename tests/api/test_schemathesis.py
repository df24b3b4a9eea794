"""Property-based fuzzing of every API route from its OpenAPI document: never a 500."""

from __future__ import annotations

import warnings

import pytest

pytestmark = pytest.mark.slow

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402


@pytest.fixture(scope="module")
def schema(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_route_answers_500(schema):
    failures = []
    calls = []
    for op in schema.get_all_operations():
        operation = op.ok()
        if operation.method.upper() != "GET":
            continue

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append((case.operation.label, case.path_parameters, case.query, response.status_code))

        check()
    assert len(calls) > 100  # every GET route was exercised
    assert not failures, failures[:5]
