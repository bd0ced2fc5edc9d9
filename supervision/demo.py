"""Demo supervision data for the fictional county (see congress.demo)."""


def seed_supervision() -> None:
    """The current year's plan with items in every state."""
