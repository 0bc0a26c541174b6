"""Security headers on every response (page, assets, callbacks, API, exports).

The Content-Security-Policy allows scripts from this origin and Dash's own inline scripts by
hash (`Dash.csp_hashes()`), never 'unsafe-eval' or 'unsafe-inline' for scripts; styles may be
inline (plotly and Dash's components set style attributes). `frame_ancestors` says who may
frame the app ('self' by default; a notebook needs its Jupyter origin).
"""

from __future__ import annotations

import dash


def policy(app: dash.Dash, frame_ancestors: str = "'self'") -> str:
    """The Content-Security-Policy for `app` (call after every callback is registered)."""
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
        "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
        "form-action 'self'", f"frame-ancestors {frame_ancestors}"])


def headers(app: dash.Dash, frame_ancestors: str = "'self'") -> dict[str, str]:
    """Every header each response carries."""
    return {"Content-Security-Policy": policy(app, frame_ancestors),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin"}


def install(app: dash.Dash, frame_ancestors: str = "'self'",
            extra: dict[str, str] | None = None) -> dict[str, str]:
    """Add the headers (and `extra` ones) to every Flask response; returns them (the short
    predict path in front of Flask adds them itself)."""
    fixed = {**headers(app, frame_ancestors), **(extra or {})}

    @app.server.after_request
    def secure(response):
        for name, value in fixed.items():
            response.headers.setdefault(name, value)
        return response

    return fixed
