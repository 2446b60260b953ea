"""leadtui: find, fix, batch-update, reset and delete VICIdial leads from the terminal."""

__version__ = "0.1.0"
