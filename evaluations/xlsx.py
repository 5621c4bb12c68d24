"""Excel output: evaluations use the project's one formula-neutralising function."""

from school.xlsx import safe_cell

__all__ = ["safe_cell"]
