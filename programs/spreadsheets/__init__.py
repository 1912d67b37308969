"""Excel in and out for targets, actual values and funding lines, by purpose (as pretix splits
its import):

- `columns`: the headers every template, export and import shares, and how cells are parsed;
- `reading` and `xlsx`: uploads inspected and read with the work a file can cause bounded;
- `importing`, `values`, `targets`, `funding`: rows → the service's entries, checked (dry run)
  and saved (confirmation) by `programs.services` and `programs.funding`, the write path of the
  forms and the grids too;
- `jobs`: an import as a job of its uploader, checked and applied in the request when small
  and by the background worker when large;
- `templates`: the xlsx templates offices fill in.
"""

from .columns import (
    FUNDING_HEADERS,
    FUNDING_REQUIRED,
    TARGET_HEADERS,
    TARGET_REQUIRED,
    VALUE_HEADERS,
    VALUE_REQUIRED,
    neutralise,
    parse_number,
    safe_filename,
)
from .funding import import_funding
from .importing import ImportOutcome, ImportRow
from .reading import MAX_CELLS, MAX_COLUMNS, MAX_DATA_ROWS, MAX_UPLOAD_BYTES, Sheet, read_upload
from .targets import import_targets
from .templates import (
    funding_rows,
    funding_template,
    target_rows,
    targets_template,
    value_rows,
    values_template,
)
from .values import import_values

__all__ = [
    "FUNDING_HEADERS",
    "FUNDING_REQUIRED",
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
    "funding_rows",
    "funding_template",
    "import_funding",
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
