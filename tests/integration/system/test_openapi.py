from __future__ import annotations

import json

from app.cli import OPENAPI_PATH, openapi_document


def test_the_committed_openapi_document_matches_the_app() -> None:
    committed = OPENAPI_PATH.read_text(encoding="utf-8")
    generated = openapi_document()
    assert committed == generated, (
        "openapi/openapi.json is stale: run `tollgate openapi` (or `make openapi`) and commit it"
    )


# Error statuses whose body a handler documents itself instead of problem details.
SELF_DESCRIBED = {
    ("/ready", "get", "503"),  # the readiness report says which check failed
    # OAuth 2.0 endpoints answer RFC 6749 §5.2 JSON, the format OAuth clients parse.
    ("/oauth/token", "post", "400"),
    ("/oauth/token", "post", "401"),
    ("/oauth/revoke", "post", "400"),
    ("/oauth/revoke", "post", "401"),
}


def test_every_error_response_is_documented_as_problem_details() -> None:
    document = json.loads(openapi_document())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400 and (path, method, status) not in SELF_DESCRIBED:
                    content = response["content"]
                    assert list(content) == ["application/problem+json"], (path, method, status)
