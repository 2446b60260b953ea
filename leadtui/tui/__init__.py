"""The terminal UI. Screens call leadtui.ops; nothing here builds a request or parses a response."""
