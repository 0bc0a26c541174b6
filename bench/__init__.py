"""Benchmarks: run by a command, reporting numbers next to their baselines; never tests."""
