"""Fixtures of the real-time tests: the schedule tests' WFM builder."""

from __future__ import annotations

import pytest

from ..schedules.helpers import Wfm


@pytest.fixture
def wfm(factory, tenant) -> Wfm:
    return Wfm(factory, tenant.id)
