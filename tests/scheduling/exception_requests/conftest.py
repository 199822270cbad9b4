"""Fixtures of the exception request tests."""

from __future__ import annotations

import pytest

from ..schedules.helpers import Wfm


@pytest.fixture
def wfm(factory, tenant) -> Wfm:
    return Wfm(factory, tenant.id)
