"""The workbook: every revision of what each user wrote, appended and never overwritten.

Each user's workbook is a SQLite file of their own (the embedded default), or their rows in one
PostgreSQL database for a hub ($REFLECT_DATABASE_URL). Both back ends keep one schema
(reflect.store._schema) and behave the same.
"""

from typing import TYPE_CHECKING, Any

from reflect.store._format import APPLICATION_ID, SCHEMA_VERSION
from reflect.store._names import data_dir, workbook_file_name
from reflect.store._sqlite import BUSY_TIMEOUT_SECONDS
from reflect.store._store import Store
from reflect.store._values import JSONInput, JSONValue, Revision

if TYPE_CHECKING:
    from reflect.store.cohort import Entry, cohort_entries, workbook_owners

# Read through SQLAlchemy, so imported only when first asked for: an app's kernel opens one
# SQLite workbook and never needs them (SQLAlchemy is 13 MB in every kernel of a pool).
# move_in (a folder of files moved into PostgreSQL) is imported from reflect.store.move_in.
_LATER = {
    "Entry": "reflect.store.cohort",
    "cohort_entries": "reflect.store.cohort",
    "workbook_owners": "reflect.store.cohort",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_SECONDS",
    "SCHEMA_VERSION",
    "Entry",
    "JSONInput",
    "JSONValue",
    "Revision",
    "Store",
    "cohort_entries",
    "data_dir",
    "workbook_file_name",
    "workbook_owners",
]
