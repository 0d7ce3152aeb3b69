"""reflect: a reflective-practice and training workbook for safeguarding supervision."""

from reflect.errors import ReflectError, ScenarioError, StoreError

__version__ = "0.1.0"

__all__ = ["ReflectError", "ScenarioError", "StoreError", "__version__"]
