"""Fixtures of the schedule tests."""

from __future__ import annotations

import pytest

from .helpers import Wfm


@pytest.fixture
def wfm(factory, tenant) -> Wfm:
    return Wfm(factory, tenant.id)
