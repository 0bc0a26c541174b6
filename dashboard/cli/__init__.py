"""The command line, `python -m dashboard ...` (commands.py: data, train, prepare, info, serve,
hash-password; production.py: check the deployment, then run gunicorn; export.py: charts and
reports to files). May import model, layouts and the rest of dashboard, lazily where a
command should start without Dash."""

from dashboard.cli.commands import main, prepare, train

__all__ = ["main", "prepare", "train"]
