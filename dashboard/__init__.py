"""The College Earnings dashboard: create_app() builds the Dash app over a trained model."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    # Imported on first use, so the CLI's data and training commands start without Dash.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
