import gc
import io

import pytest
from django.conf import global_settings
from django.core.management import call_command

import ppsp_portal.settings as project_settings
from ppsp_portal import collector

# The load run's server is another process: it sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    "floor: logged-in page, base template only",
    "kabupaten dashboard: Aceh Selatan, 18 indicators",
    "OPD dashboard:",
    "province dashboard: Aceh, 23 kabupaten/kota",
    "follow-up tracker: Aceh",
    "public national page",
    "public province page: Aceh",
    "public kabupaten page: Aceh Selatan",
    "public kabupaten page: Aceh Selatan, afresh",
    "public CSV: key indicators of Aceh",
    "kabupaten PDF: Aceh Selatan",
    "province PDF: Aceh, 23 kabupaten/kota",
    "national summary PDF",
    "import: 100 values, dry run + confirm",
    "load: login storm, 5 people at once",
    "load: browsing + draft saves, 5 people, 5 s",
]


@pytest.fixture
def collector_restored(monkeypatch):
    """The benchmark freezes its process's objects as a web worker does: the test process gets
    its collector back afterwards."""
    monkeypatch.setattr(collector, "frozen_at_start", False)
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


class TestBenchmark:
    def test_it_prints_every_row_at_the_smallest_size(self, settings, collector_restored):
        call_command("flush", interactive=False, verbosity=0)
        # The server checks passwords with the portal's hashers, not the tests' fast one.
        settings.PASSWORD_HASHERS = getattr(
            project_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS
        )
        call_command("seed_national", kabupaten=3, stdout=io.StringIO())
        out = io.StringIO()

        call_command("benchmark", national=True, quick=True, stdout=out)

        printed = out.getvalue()
        lines = {label: [line for line in printed.splitlines() if label in line] for label in ROWS}
        assert all(lines.values()), {label for label, found in lines.items() if not found}
        # Every person logged in and every page answered: the load run really ran.
        for label in ROWS[-2:]:
            assert " 0 errors" in lines[label][0], lines[label][0]
        assert "budget" in printed.splitlines()[2]
        # The CPU time beside the time the machine's other work inflates.
        for label in ROWS:
            if "PDF" in label or label.startswith("import:"):
                assert "CPU " in lines[label][0], lines[label][0]
