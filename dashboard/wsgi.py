"""The WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""

import gc

from model.errors import ArtifactError

from . import create_app

try:
    app = create_app()
except ArtifactError as exc:  # gunicorn says a RuntimeError in one line and exits 1
    raise RuntimeError(str(exc)) from None
server = app.server
# The model and the app, loaded once (before gunicorn forks its workers, when preloaded),
# live as long as the process: kept out of the garbage collector's full passes, which
# otherwise walk them all every so often (tens of milliseconds in the middle of a request)
# and, after a fork, write to every page they touch.
gc.freeze()
