"""Layout modules: pure functions from plain data to Dash components; no callbacks, no I/O."""
