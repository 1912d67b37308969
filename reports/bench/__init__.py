"""The benchmark behind `./portal bench` (the `benchmark` management command).

`pages.py` times pages, PDFs and the import inside this process; `server.py` starts the
production server (gunicorn, as `./portal run` does) on a free port; `people.py` chooses the
accounts, pages and drafts of the load run, which `loadrun.py` drives with locust in a process of
its own; `table.py` prints the figures beside their budgets. Nothing here asserts anything.
"""
