"""Evaluation suites (JSON Lines) and the runner that scores the assistant on them."""
