"""Layout modules: pure functions from plain data to Dash components; no callbacks, no I/O.
They place the figures charts/ composes, and never compose one."""
