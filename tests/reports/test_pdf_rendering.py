"""The layout runs with the process's older objects out of the garbage collector's sight, and
leaves the collector as it found it."""

import gc

import pytest

from ppsp_portal import collector
from reports import pdf


@pytest.fixture
def plain_html(monkeypatch):
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: "<p>Uji</p>")


@pytest.fixture
def frozen_during_layout(monkeypatch) -> list[int]:
    counts = []
    real_render = pdf.HTML.render

    def render(self, *args, **kwargs):
        counts.append(gc.get_freeze_count())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "render", render)
    return counts


class PdfRenderingTests:
    def test_it_lays_out_with_the_older_objects_frozen(self, plain_html, frozen_during_layout):
        before = gc.get_freeze_count()
        _pdf, pages = pdf.render_pdf("any.html", {})
        assert pages == 1
        assert frozen_during_layout[0] > before + 10_000
        # Given back afterwards (Python's own few startup objects go back with them).
        assert gc.get_freeze_count() <= before

    def test_it_leaves_a_web_workers_freeze_alone(
        self, plain_html, frozen_during_layout, monkeypatch
    ):
        monkeypatch.setattr(collector, "frozen_at_start", True)
        gc.freeze()
        try:
            frozen = gc.get_freeze_count()
            pdf.render_pdf("any.html", {})
            assert frozen_during_layout == [frozen]
            assert gc.get_freeze_count() == frozen
        finally:
            gc.unfreeze()
