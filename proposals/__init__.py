"""Motions and suggestions: filled in by its own issue."""
