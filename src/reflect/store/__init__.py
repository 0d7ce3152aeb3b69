"""The workbook: every revision of what each user wrote, appended and never overwritten.

Each user's workbook is a SQLite file of their own (the embedded default), or their rows in one
PostgreSQL database for a hub ($REFLECT_DATABASE_URL). Both back ends keep one schema
(reflect.store._schema) and behave the same.
"""

from reflect.store._names import data_dir, workbook_file_name
from reflect.store._schema import APPLICATION_ID, SCHEMA_VERSION
from reflect.store._sqlite import BUSY_TIMEOUT_SECONDS
from reflect.store._store import Store
from reflect.store._values import JSONInput, JSONValue, Revision
from reflect.store.cohort import Entry, cohort_entries, workbook_owners
from reflect.store.move_in import move_in

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
    "move_in",
    "workbook_file_name",
    "workbook_owners",
]
