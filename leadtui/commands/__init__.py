"""Headless subcommands of the leadtui CLI (no Textual imported here)."""
