"""leadtui: find, fix, batch-update, reset and delete VICIdial leads from the terminal."""

__version__ = "0.1.0"
#: what ``leadtui --version`` prints (before argparse loads, and through it)
VERSION_LINE = f"leadtui {__version__}"
