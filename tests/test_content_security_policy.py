"""Every page carries a Content Security Policy that allows no inline script or style, and no
page relies on one. The browser suite checks the same from Chromium's side
(tests/browser/conftest.py)."""

import re
from collections import deque
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Rendered to PDF by WeasyPrint or sent as e-mail: never shown by a browser under the policy.
NOT_SERVED = ("reports/pdf/", "coaching/email/")

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style[\s>]", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def inline_code(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_HANDLER, INLINE_STYLE, INLINE_SCRIPT, JAVASCRIPT_URL):
        found += [match.group(0)[:80] for match in pattern.finditer(html)]
    return found


class TestPolicyHeader:
    @pytest.mark.parametrize("persona", ["anonymous", "kapuas"])
    def test_it_is_sent_with_a_normal_page(self, client_for, world, persona):
        response = client_for(persona).get(reverse("login"), follow=True)
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]

    def test_it_is_sent_with_error_pages(self, client_for, world):
        response = client_for("kapuas").get("/tidak-ada/")
        assert response.status_code == 404
        assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_evidence_downloads_keep_their_stricter_policy(self, client_for, world):
        client = client_for("kapuas")
        strict = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        for url in (
            reverse("programs:value-evidence", kwargs={"pk": world.kapuas_value.pk}),
            reverse("coaching:evidence-download", kwargs={"pk": world.kapuas_evidence.pk}),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Security-Policy"] == strict, url


class TestNothingInline:
    def test_no_served_template_has_inline_code(self):
        offenders = {}
        for template in TEMPLATES.rglob("*.html"):
            name = template.relative_to(TEMPLATES).as_posix()
            if name.startswith(NOT_SERVED):
                continue
            if found := inline_code(template.read_text()):
                offenders[name] = found
        assert offenders == {}

    def test_the_patterns_catch_what_the_policy_blocks(self):
        assert inline_code('<select onchange="this.form.submit()">')
        assert inline_code('<div class="x" style="width: 5%">')
        assert inline_code("<style>p{}</style>")
        assert inline_code("<script>alert(1)</script>")
        assert inline_code('<a href="javascript:void(0)">')
        assert not inline_code('<script src="/static/js/portal.js"></script>')
        assert not inline_code('<ul class="list-unstyled" data-autosubmit>')

    @pytest.mark.parametrize("persona", ["province", "kapuas", "pupr"])
    def test_no_rendered_page_has_inline_code(self, client_for, world, persona):
        """What Python renders (widgets, charts, template tags) is checked too, page by page."""
        client = client_for(persona)
        seen: set[str] = set()
        offenders = {}
        queue = deque(["/"])
        while queue and len(seen) < 150:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url, follow=True)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if found := inline_code(html):
                offenders[url] = found
            for href in re.findall(r'href="(/[^"#]*)"', html):
                href = href.replace("&amp;", "&")
                if not href.startswith(("/static/", "/admin/", "/accounts/logout")):
                    queue.append(href)
        assert len(seen) > 10
        assert offenders == {}
