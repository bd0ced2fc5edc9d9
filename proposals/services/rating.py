"""Proposals services: rating."""

__all__: list[str] = []
