"""Admin for the ballots engine."""
