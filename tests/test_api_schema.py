"""Fuzz every operation of the OpenAPI schema with schemathesis: no server error, ever.

The app is the real one (lifespan run, real index and model); schemathesis calls it in
process through ASGI. Valid and invalid inputs; examples are few per operation, to stay
well under a minute.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.main import create_app
from indexer.embed import Embedder
from indexer.settings import Settings

pytestmark = pytest.mark.model

# Imported now, at collection, in the main thread with no app thread alive, rather than
# lazily by the test: pytest rewrites every module of a package that declares a pytest
# plugin with the ast module, whose state Python 3.11 shares between threads, and one such
# import mid-test, beside the app's threads, failed at random in CI (« AST constructor
# recursion depth mismatch », cpython#106905).
for _module in ("schemathesis.specs.openapi.schemas", "schemathesis.specs.openapi._hypothesis",
                "schemathesis.specs.openapi.coverage", "schemathesis.transport.asgi",
                "schemathesis.transport.wsgi", "schemathesis.generation.body_overrides",
                "schemathesis.generation.dictionaries", "hypothesis.strategies._internal.regex",
                "hypothesis.strategies._internal.random",
                "hypothesis.strategies._internal.flatmapped",
                "hypothesis.internal.conjecture.optimiser"):
    with contextlib.suppress(ImportError):
        importlib.import_module(_module)


def test_no_server_error(api_settings: Settings, real_embedder: Embedder) -> None:
    # An app of its own: schemathesis runs the lifespan of the app it is given, which loads
    # the state, and its pytest plugin ends it at the test's teardown. Given the app of the
    # session's ``api_client``, it loaded a second state over the client's and closed it
    # after this test, and any later test of that client met a closed feedback database.
    # (Hypothesis drives each operation: schemathesis's test generation does not run on
    # pytest 9 yet.)
    schema = schemathesis.openapi.from_asgi("/openapi.json",
                                            create_app(api_settings, embedder=real_embedder))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    failures: list[str] = []
    calls: list[str] = []
    for operation, mode in itertools.product(operations, list(GenerationMode)):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            response = case.call(headers={"Accept": "application/json"})
            calls.append(f"{case.method} {response.status_code}")
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.body!r} → "
                                f"{response.status_code} {response.text[:200]}")
            case.validate_response(response, checks=[not_a_server_error])

        try:
            fuzz()
        except Unsatisfiable:  # nothing invalid to send to an operation without inputs
            assert mode == GenerationMode.NEGATIVE
    assert failures == []
    assert len(calls) >= 5 * len(operations)
    assert {"POST 200", "POST 422", "GET 200", "GET 404"} <= set(calls)
