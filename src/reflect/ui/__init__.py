"""The ipywidgets views of reflect's apps, and what every app notebook calls to start one."""

from reflect.ui._session import APP_CSS_CLASS, current_user, mark_app, wait_for_request

__all__ = ["APP_CSS_CLASS", "current_user", "mark_app", "wait_for_request"]
