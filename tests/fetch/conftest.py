"""A local web site per test (tests/fetch/site.py); no test reaches the network."""

from __future__ import annotations

import pytest

from fetch.site import Site


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()
