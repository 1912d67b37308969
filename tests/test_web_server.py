"""The web server's settings (ppsp_portal/gunicorn_config.py) that the load run depends on."""

import gc

from ppsp_portal import gunicorn_config


class TestWorkerStart:
    def test_it_takes_the_loaded_portal_out_of_the_collectors_sight(self):
        threshold = gc.get_threshold()
        try:
            gunicorn_config.post_worker_init(worker=None)
            assert gc.get_freeze_count() > 10_000
            assert gc.get_threshold()[0] == gunicorn_config.GC_YOUNG_THRESHOLD
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)

    def test_each_thread_finds_a_database_connection(self):
        from django.conf import settings

        pool = settings.DATABASES["default"]["OPTIONS"]["pool"]
        assert pool["max_size"] >= gunicorn_config.threads
