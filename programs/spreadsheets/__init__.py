"""Excel in and out for targets and actual values, by purpose (as pretix splits its import):

- `columns`: the headers every template, export and import shares, and how cells are parsed;
- `reading` and `xlsx`: uploads inspected and read with the work a file can cause bounded;
- `importing`, `values`, `targets`: rows → the service's entries, checked (dry run) and saved
  (confirmation) by `programs.services`, the write path of the forms too;
- `jobs`: an import as a job of its uploader, checked and applied in the request when small
  and by the background worker when large;
- `templates`: the xlsx templates offices fill in.
"""

from .columns import (
    TARGET_HEADERS,
    TARGET_REQUIRED,
    VALUE_HEADERS,
    VALUE_REQUIRED,
    neutralise,
    parse_number,
    safe_filename,
)
from .importing import ImportOutcome, ImportRow
from .reading import MAX_CELLS, MAX_COLUMNS, MAX_DATA_ROWS, MAX_UPLOAD_BYTES, Sheet, read_upload
from .targets import import_targets
from .templates import target_rows, targets_template, value_rows, values_template
from .values import import_values

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "MAX_UPLOAD_BYTES",
    "TARGET_HEADERS",
    "TARGET_REQUIRED",
    "VALUE_HEADERS",
    "VALUE_REQUIRED",
    "ImportOutcome",
    "ImportRow",
    "Sheet",
    "import_targets",
    "import_values",
    "neutralise",
    "parse_number",
    "read_upload",
    "safe_filename",
    "target_rows",
    "targets_template",
    "value_rows",
    "values_template",
]
