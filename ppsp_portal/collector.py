"""Python's garbage collector in a process that holds a loaded portal.

A web worker or a report worker holds about 130,000 objects of Django and the portal that never
become garbage, and every full collection walks them all. A web worker freezes them once at its
start (ppsp_portal/gunicorn_config.py); any other process freezes them while it lays out a PDF,
which allocates enough objects to trigger several full collections.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

frozen_at_start = False


def freeze_at_start(young_threshold: int) -> None:
    """Move everything loaded so far out of the collector's sight for good, and collect young
    objects less often."""
    global frozen_at_start
    gc.collect()
    gc.freeze()
    gc.set_threshold(young_threshold, 10, 10)
    frozen_at_start = True


@contextmanager
def older_objects_out_of_sight() -> Iterator[None]:
    """Freeze the objects that exist now for the duration of the block, then give them back to
    the collector. A process that froze at its start is left as it is: unfreezing would give
    back what it froze then, too."""
    if frozen_at_start:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
