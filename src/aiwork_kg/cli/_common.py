"""Helpers shared by the subcommands."""
from __future__ import annotations

