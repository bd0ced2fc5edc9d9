"""Liaison stations: filled in by its own issue."""
