"""The staff admin, one module per area."""

from congress.admin import rules, structure, users

__all__ = ["rules", "structure", "users"]
