"""The domain of reflect as pydantic models and pure rules: no widgets, no files, no pandas.

Submodules: gibbs, competency, drift, escalation, workdays, supervision, themes, scenario.
"""

from reflect.model._base import POLICY_FILES, Source, StrictModel

__all__ = ["POLICY_FILES", "Source", "StrictModel"]
