"""Appointments and removals: filled in by its own issue."""
