"""Proposals services: handling."""

__all__: list[str] = []
