"""Supervision: filled in by its own issue."""
