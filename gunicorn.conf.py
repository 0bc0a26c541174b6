"""gunicorn settings for `make run` and the production command; every value can be
overridden from the environment (or with gunicorn's own flags and GUNICORN_CMD_ARGS)."""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
# Workers share the cores; each runs threads, so slow clients do not hold a worker
# (gthread copes without a buffering proxy in front).
workers = _int("WEB_CONCURRENCY", max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"  # model loaded once, shared
timeout = _int("GUNICORN_TIMEOUT", 60)  # a worker silent this long is replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)  # to finish requests on shutdown
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)  # recycle workers now and then ...
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)  # ... not all at once
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeats off disk
accesslog = "-"
# One line per request, key=value, with its latency in milliseconds
access_log_format = ('remote=%(h)s method=%(m)s path=%(U)s query="%(q)s" status=%(s)s '
                     'bytes=%(B)s ms=%(M)s')
control_socket_disable = True  # several servers may run side by side (tests, benches)
# The path prefix is URL_BASE_PATHNAME, never a proxy's SCRIPT_NAME or PATH_INFO header: no
# peer may set WSGI variables, and a header whose name holds "_" (SCRIPT_NAME, PATH_INFO, or
# X_Forwarded_For posing as X-Forwarded-For) gets 400 instead of being read or dropped.
forwarder_headers = ""
header_map = "refuse"
