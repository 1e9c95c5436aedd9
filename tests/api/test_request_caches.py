"""What the web process keeps between requests (negotiations, Content-Type readings, endpoint URLs, HTTP dates)
answers exactly what computing it afresh answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from modgraph import media
from modgraph.media import FORMATS, GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, negotiate
from modgraph.web import sparql
from modgraph.web.errors import ERROR_FORMATS
from modgraph.web.http import http_date

OFFERS = (RESULT_FORMATS, GRAPH_FORMATS, PAGE_FORMATS, ERROR_FORMATS, (*GRAPH_FORMATS, media.HTML), FORMATS)
TYPES = sorted({t for f in FORMATS for t in f.accepted_types} | {"*/*", "text/*", "application/*", "image/png", "*"})
PARAMETERS = ["q=0", "q=0.5", "q=1", "q=0.001", "Q=0.3", "q=nonsense", "q=", "charset=utf-8", "level=1", "q = 0.7"]


@st.composite
def accept_headers(draw) -> str | None:
    """Accept headers as clients write them (types, q-values, odd spacing and case), and some that are not."""
    if draw(st.booleans()):
        ranges = []
        for _ in range(draw(st.integers(0, 5))):
            kind = draw(st.sampled_from(TYPES))
            if draw(st.booleans()):
                kind = kind.upper()
            params = draw(st.lists(st.sampled_from(PARAMETERS), max_size=2))
            ranges.append(";".join([kind, *params]) + draw(st.sampled_from(["", " ", "\t"])))
        return draw(st.sampled_from([",", ", ", " ,"])).join(ranges)
    return draw(st.none() | st.text(max_size=40) | st.text(alphabet="*/;=,. qtexjsonhml0123456789", max_size=60))


@settings(max_examples=400, deadline=None)
@given(accept=accept_headers(), offered=st.sampled_from(OFFERS))
def test_a_kept_negotiation_is_the_negotiation(accept, offered):
    fresh = negotiate(accept, list(offered))  # a list is never kept: negotiated afresh
    assert negotiate(accept, offered) is fresh
    assert negotiate(accept, offered) is fresh  # the second time from the cache
    if accept is not None:  # a header longer than the cache takes is negotiated afresh, to the same answer
        padded = accept + " " * (media.NEGOTIATION_CACHE_ACCEPT + 1)  # trailing blanks change no reading
        assert negotiate(padded, offered) is negotiate(padded, list(offered)) is fresh


def test_a_kept_negotiation_answers_with_the_callers_own_format():
    # formats compare by value: an equal tuple of other (equal) objects must get its own object back
    copies = tuple(replace(f) for f in RESULT_FORMATS)
    assert copies == RESULT_FORMATS and copies[1] is not RESULT_FORMATS[1]
    assert negotiate("application/sparql-results+xml", RESULT_FORMATS) is RESULT_FORMATS[1]
    assert negotiate("application/sparql-results+xml", copies) is copies[1]
    assert negotiate("image/png", copies) is None


def test_the_negotiations_kept_are_bounded():
    for n in range(media.NEGOTIATION_CACHE_SIZE * 2):
        negotiate(f"text/x-{n}", RESULT_FORMATS)
    assert media._negotiated.cache_info().currsize <= media.NEGOTIATION_CACHE_SIZE


@given(header=st.text(max_size=80) | st.sampled_from(["application/x-www-form-urlencoded; charset=ISO-8859-1"]))
def test_a_kept_content_type_is_the_content_type(header):
    assert sparql._content_type(header) == sparql._parse_content_type(header)
    assert sparql._content_type(header) == sparql._parse_content_type(header)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("application/x-www-form-urlencoded", ("application/x-www-form-urlencoded", "utf-8")),
        (" Application/SPARQL-Query ; charset=UTF8", ("application/sparql-query", "utf8")),
        ("application/sparql-query; Charset=latin-1", ("application/sparql-query", "utf-8")),  # as it always read
        ("application/sparql-query;charset=latin-1;x=y", ("application/sparql-query", "latin-1")),
        ("text/plain; charset = utf-16", ("text/plain", "utf-16")),
    ],
)
def test_content_type(header, expected):
    assert sparql._content_type(header) == expected
    assert sparql._content_type(header + " " * sparql.CONTENT_TYPE_CACHE_LENGTH) == expected


def _request(scheme="http", server=("127.0.0.1", 8000), host: str | None = "example.org", root_path="", **more):
    headers = [] if host is None else [(b"host", host.encode("latin-1")), (b"host", b"second.example")]
    scope = {
        "type": "http",
        "method": "POST",
        "scheme": scheme,
        "server": server,
        "path": "/sparql",
        "root_path": root_path,
        "query_string": b"",
        "headers": [(b"accept", b"*/*"), *headers],
        **more,
    }
    return Request(scope)


@pytest.mark.parametrize(
    "request_args",
    [
        {},
        {"host": None},
        {"host": None, "server": ("::1", 8000)},
        {"host": None, "server": ("example.org", 443), "scheme": "https"},
        {"host": None, "server": None},
        {"host": "example.org:8443", "scheme": "https"},
        {"host": "bad host:x"},
        {"root_path": "/api"},
        {"root_path": "/api", "app_root_path": "/app/"},
        {"host": "h" * 300},
    ],
)
def test_the_endpoint_iri_is_the_base_url_of_the_request(request_args):
    expected = str(_request(**request_args).base_url).rstrip("/") + "/sparql"
    assert sparql.endpoint_iri(_request(**request_args)) == expected
    assert sparql.endpoint_iri(_request(**request_args)) == expected  # kept


def test_the_endpoint_iris_kept_are_bounded_and_told_apart():
    for n in range(sparql.ENDPOINT_IRIS_KEPT * 2):
        assert sparql.endpoint_iri(_request(host=f"h{n}.example")) == f"http://h{n}.example/sparql"
        assert sparql.endpoint_iri(_request(host=f"h{n}.example", scheme="https")) == f"https://h{n}.example/sparql"
    assert len(sparql._ENDPOINT_IRIS) <= sparql.ENDPOINT_IRIS_KEPT
    assert sparql.endpoint_iri(_request(host=None, server=("10.0.0.1", 81))) == "http://10.0.0.1:81/sparql"
    assert sparql.endpoint_iri(_request(host=None, server=("10.0.0.1", 82))) == "http://10.0.0.1:82/sparql"


@given(moment=st.datetimes(timezones=st.just(UTC)))
def test_a_kept_http_date_is_the_http_date(moment):
    assert http_date(moment) == http_date(moment) == format_datetime(moment, usegmt=True)


def test_an_http_date_needs_utc_even_after_the_same_moment_in_utc():
    moment = datetime(2026, 12, 3, 22, 58, 13, tzinfo=UTC)
    assert http_date(moment) == "Thu, 03 Dec 2026 22:58:13 GMT"
    with pytest.raises(ValueError):
        http_date(moment.astimezone(timezone(timedelta(hours=1))))  # equal, but format_datetime refuses it
