"""A resource a test needs is missing: skipped on a developer's machine (with the resource named), a failure in CI.

``.ci/run`` sets up everything the tests need (packages, Java, chromium, the servers; ``../shared/external`` beside
the checkout), so there a missing resource is a broken set-up, never a reason to pass without running (``CI`` is
set by CI runners and by ``CI=true bash .ci/run``). What no set-up can provide — a sandbox that may not mount a
tmpfs (tests/pipeline/test_disk_full.py) — stays a plain skip with its reason."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(resource: str) -> NoReturn:
    """Skip the test, naming ``resource`` — or fail it when ``CI`` is set.

    :raises pytest.fail.Exception: in CI
    :raises pytest.skip.Exception: elsewhere
    """
    if os.environ.get("CI"):
        pytest.fail(f"missing in CI: {resource}")
    pytest.skip(resource)
