"""Admin for the calendar engine."""
