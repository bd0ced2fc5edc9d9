"""Proposals services: submission."""

__all__: list[str] = []
