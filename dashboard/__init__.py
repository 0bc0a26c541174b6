"""The College Earnings dashboard: create_app() builds the Dash app over a trained model."""

from .app import create_app

__all__ = ["create_app"]
