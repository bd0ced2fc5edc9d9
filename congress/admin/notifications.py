"""Admin for the notifications engine."""
