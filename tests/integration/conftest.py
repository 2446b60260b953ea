"""Scenario tests: the fixtures live in tests/conftest.py so tests/realserver can reuse them."""
