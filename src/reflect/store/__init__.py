"""The workbook: every revision of what each user wrote, appended and never overwritten.

Each user's workbook is a SQLite file of their own (the embedded default), or their rows in one
PostgreSQL database for a hub ($REFLECT_DATABASE_URL). Both back ends keep one schema
(reflect.store._schema) and behave the same.
"""

from reflect.store._legacy import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    SCHEMA_VERSION,
    Store,
)
from reflect.store._names import data_dir, workbook_file_name
from reflect.store._values import JSONInput, JSONValue, Revision
from reflect.store.cohort import Entry, cohort_entries, workbook_owners

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
