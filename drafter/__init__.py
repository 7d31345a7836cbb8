"""drafter: an offline drafting assistant for Chinese speeches and official documents."""

__version__ = "0.1.0"
