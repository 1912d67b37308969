"""The web server's settings (ppsp_portal/gunicorn_config.py) that the load run depends on."""

import gc
import importlib
from pathlib import Path

from ppsp_portal import collector, gunicorn_config


class TestWorkerStart:
    def test_it_takes_the_loaded_portal_out_of_the_collectors_sight(self, monkeypatch):
        monkeypatch.setattr(collector, "frozen_at_start", False)
        threshold = gc.get_threshold()
        try:
            gunicorn_config.post_worker_init(worker=None)
            assert gc.get_freeze_count() > 10_000
            assert gc.get_threshold()[0] == gunicorn_config.GC_YOUNG_THRESHOLD
            # The PDFs it lays out then leave that freeze alone.
            assert collector.frozen_at_start
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)

    def test_each_thread_finds_a_database_connection(self):
        from django.conf import settings

        pool = settings.DATABASES["default"]["OPTIONS"]["pool"]
        assert pool["max_size"] >= gunicorn_config.threads


class TestInstances:
    def test_it_gives_each_port_its_own_control_socket_and_pid_file(self, monkeypatch):
        """Two portals on one host (PORT=8000 and PORT=8001) must not take over or remove
        each other's control socket, as gunicorn's one default socket per account would."""
        paths = {}
        try:
            for port in ("8000", "8001"):
                monkeypatch.setenv("PORT", port)
                config = importlib.reload(gunicorn_config)
                assert config.bind == f"127.0.0.1:{port}"
                paths[port] = (config.control_socket, config.pidfile)
        finally:
            monkeypatch.delenv("PORT")
            importlib.reload(gunicorn_config)
        assert len({*paths["8000"], *paths["8001"]}) == 4
        for socket, pidfile in paths.values():
            assert Path(socket).parent == Path(pidfile).parent
            assert Path(socket).parent.is_dir()
            assert len(socket) < gunicorn_config.SOCKET_PATH_LIMIT
