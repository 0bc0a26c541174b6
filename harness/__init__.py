"""The real servers on one machine, started and stopped for the tests and the benchmarks:
free ports, the production command (gunicorn) and redis-server (servers.py), several hosts
behind HAProxy with a visitor load (cluster.py), what an operator does to them while visitors
come (scenarios.py), and percentiles of what was timed (stats.py). Product code never imports
it; the tests and `bench/` both may."""
