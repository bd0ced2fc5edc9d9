"""Deputies: filled in by its own issue."""
