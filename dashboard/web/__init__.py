"""What every request passes through: security.py (headers), login.py (the team login),
callback_guard.py (hostile callback posts), json_provider.py (orjson), metrics.py (timings in
the log), vendor.py (Bootstrap's CSS served locally), shared_cache.py (Redis or in-process
stores) and cached_answers.py (the service and the exporter answering from them). May import
model and dashboard.export; never callbacks or layouts."""
