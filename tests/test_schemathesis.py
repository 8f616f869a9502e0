"""The web API fuzzed from its own OpenAPI document by schemathesis, in process (ASGI, no
network), on a small store of linked stories: no answer is a 5xx, and every status is one the
document lists. A bounded number of cases per operation keeps it to seconds in CI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from storyline.web import create_app
from storylinerun import linked_store

# Cases drawn per API operation: enough to hit ids that exist, prefixes, odd characters and
# wrong types in every parameter, few enough for CI.
CASES_PER_OPERATION = 15
# The app answers only this machine (DNS-rebinding guard); schemathesis must say so.
LOCAL = {"host": "127.0.0.1"}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db: Path = tmp_path_factory.mktemp("api") / "linked.duckdb"
    linked_store(db)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db), headers=LOCAL)


def test_every_operation_answers_as_documented(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8  # pages and JSON endpoints alike
    seen = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers(case: Any) -> None:
            seen.append(case.operation.label)
            case.call_and_validate(
                headers=LOCAL, checks=[not_a_server_error, status_code_conformance]
            )

        answers()
    assert {label for label in seen} == {op.label for op in operations}
