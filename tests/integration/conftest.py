"""Scenario tests: their fixtures live in tests/conftest.py so tests/realserver can reuse them."""
