"""Hostile values in every query parameter, address part and form field of every page of the
permission matrix: the answer may be a message, a 400 or a 404, never a server error.

The test client re-raises a view's exception, so a 500 fails the test with its traceback.
To keep the number of requests sensible:
- GET: the test learns which parameters a view reads (the request's query dict records what
  is asked of it) and sends every hostile value only to views that read some; every view gets
  the generic set once and a NUL once.
- POST: every field gets every hostile value in one of a few rounds (the values rotate over
  the fields, so each round refuses the form but every field's cleaning meets every value),
  then each field alone (of a formset, those of its first row) gets the hostile values of its
  kind with the rest of the form valid, so that whatever passes the form reaches the service.
"""

import re
import uuid
from datetime import date

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property

from tests.test_permissions import LOGIN, MATRIX, Row
from tests.valid_forms import PDF, VALID_POSTS, build

NUL = "\x00"
HOSTILE = [
    "99999999999",  # past a 32-bit integer column, and past Python's dates as a year
    "-1",
    "0",
    "²" * 2000,  # a digit to str.isdigit(), not to int(); and long
    "9" * 5000,  # past int()'s 4,300-digit limit
    "0001-01-01",
    "9999-12-31",
    "Ωμέγα ✓ 中文 %00 ' \" <b>",  # non-ASCII, a literal %00, quotes and markup
]
# Every parameter some view reads, and the usual suspects.
GENERIC = [
    "year",
    "tahun",
    "page",
    "sort",
    "dir",
    "sector",
    "agency",
    "kabupaten",
    "owner",
    "status",
    "overdue",
    "due_from",
    "due_to",
    "format",
    "level",
    "clinic",
    "period",
]
# The hostile values of each kind, for one field at a time with the rest of the form valid.
BY_KIND = {
    "date": ["0001-01-01", "9999-12-31"],
    "number": ["99999999999", "-1", "1,²"],
    "text": ["Ωμέγα ✓ 中文 " * 1000],
}
# Rows after a formset's first are the same form again: its first row stands for them alone.
LATER_FORMSET_ROW = re.compile(r"-[1-9][0-9]*-")


class RecordingQueryDict(QueryDict):
    """A query dict that notes which parameters were asked of it."""

    def __init__(self, *args, **kwargs):
        self.asked: set[str] = set()
        super().__init__(*args, **kwargs)
        self.asked.clear()  # filling itself is no asking

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)

    def _all(self):
        self.asked.update(self.keys())

    def copy(self):
        self._all()
        return super().copy()

    def urlencode(self, safe=None):
        self._all()
        return super().urlencode(safe)

    def dict(self):
        self._all()
        return super().dict()


@pytest.fixture
def recorded_queries(monkeypatch):
    def query(request):
        raw = request.environ.get("QUERY_STRING", "").encode("latin-1")
        return RecordingQueryDict(raw, encoding=request._encoding)

    prop = cached_property(query)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def first_allowed(statuses: dict) -> str:
    """The first persona who may use the page (Bapperida when nobody may: a logout)."""
    return next((p for p, s in statuses.items() if s != LOGIN and s < 400), "kapuas")


def rotated(names: list[str], round_: int) -> dict[str, str]:
    """Round r gives the i-th name the (i + r)-th hostile value: after len(HOSTILE) rounds,
    every name has had every value."""
    return {name: HOSTILE[(i + round_) % len(HOSTILE)] for i, name in enumerate(names)}


GET_ROWS = [r for r in MATRIX if r.get]
POST_ROWS = {r.name: r for r in MATRIX if r.post}  # one row per view is enough


@pytest.mark.parametrize("row", GET_ROWS, ids=lambda r: r.id if isinstance(r, Row) else None)
def test_no_query_parameter_causes_a_server_error(client_for, world, recorded_queries, row):
    client = client_for(first_allowed(row.get))
    address = reverse(row.name, kwargs=row.kwargs(world))
    assert client.get(address, dict.fromkeys(GENERIC, NUL)).status_code == 400
    first = client.get(address, rotated(GENERIC, 0))
    assert first.status_code < 500
    if first.wsgi_request.GET.asked & set(GENERIC):
        for round_ in range(1, len(HOSTILE)):
            assert client.get(address, rotated(GENERIC, round_)).status_code < 500


@pytest.mark.parametrize("row", GET_ROWS, ids=lambda r: r.id if isinstance(r, Row) else None)
def test_no_address_part_causes_a_server_error(client_for, world, row):
    client = client_for(first_allowed(row.get))
    kwargs = row.kwargs(world)
    for name, value in kwargs.items():
        numeric = isinstance(value, int)
        marker = 987654321 if numeric else "MARKER"
        if isinstance(value, uuid.UUID):
            marker = uuid.UUID(int=987654321)
        address = reverse(row.name, kwargs={**kwargs, name: marker})
        for hostile in ["9" * 25, "9" * 5000] if numeric else ["%00", "x" * 3000, "٦٢.٠٣"]:
            response = client.get(address.replace(str(marker), hostile))
            assert response.status_code < 500, (name, hostile[:20])


def kind_of(value: str) -> str:
    try:
        date.fromisoformat(value)
        return "date"
    except ValueError:
        pass
    return "number" if value.lstrip("-").isdigit() else "text"


@pytest.mark.parametrize("name", sorted(POST_ROWS))
def test_no_form_field_causes_a_server_error(client_for, world, monkeypatch, name):
    monkeypatch.setattr("reports.documents.render_pdf", lambda template, context: (PDF, 1))
    row, valid = POST_ROWS[name], VALID_POSTS[name]
    if valid.prepare:
        valid.prepare(world)
    persona = first_allowed(row.post)
    client = client_for(persona)
    address = reverse(row.name, kwargs=row.kwargs(world))
    if valid.per_persona:
        form = valid.per_persona(world, persona, client_for, {})
    else:
        page = row.form_on(world) if row.form_on else address
        form = build(valid, world, address, page, client)
    fields = [n for n, v in form.items() if isinstance(v, str | list)]

    def post(data: dict) -> int:
        if valid.files:
            data = {**valid.files(), **data}
        for upload in data.values():
            if hasattr(upload, "seek"):
                upload.seek(0)  # the same file, sent again whole
        with transaction.atomic():
            status = client.post(address, data).status_code
            transaction.set_rollback(True)
        return status

    if not fields:
        assert post(form) < 500
        return
    assert post({**form, fields[0]: NUL}) == 400
    for round_ in range(len(HOSTILE)):
        assert post({**form, **rotated(fields, round_)}) < 500, f"round {round_}"
    for field in (f for f in fields if not LATER_FORMSET_ROW.search(f)):
        value = form[field][0] if isinstance(form[field], list) and form[field] else form[field]
        for hostile in BY_KIND[kind_of(value if isinstance(value, str) else "")]:
            data = {**form, field: hostile}
            if "submission" in data and field != "submission":
                data["submission"] = str(uuid.uuid4())
            assert post(data) < 500, (field, hostile[:20])
