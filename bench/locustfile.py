"""The visitors of the load test (run by bench/load.py; it writes the plan).

Each visitor loads the page, changes the predictor and the explorer (their Dash callbacks),
calls the API and downloads charts, in proportions set by the plan's weights, pausing 0.2 to
1 s between actions. An answer counts as a failure unless it has the right status and the
content the plan expects (a wrong body with a 200 is a failure too).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOAD_PLAN"]) as _file:
    PLAN: list[dict] = json.load(_file)
KINDS = sorted({item["kind"] for item in PLAN})
BY_KIND = {kind: [item for item in PLAN if item["kind"] == kind] for kind in KINDS}
WEIGHTS = [BY_KIND[kind][0]["weight"] for kind in KINDS]


class Visitor(HttpUser):
    wait_time = between(0.2, 1.0)

    @task
    def act(self) -> None:
        kind = random.choices(KINDS, WEIGHTS)[0]
        item = random.choice(BY_KIND[kind])
        body = json.dumps(item["json"]) if "json" in item else None
        headers = {"Content-Type": "application/json"} if body else {}
        with self.client.request(item["method"], item["path"], data=body, headers=headers,
                                 name=kind, catch_response=True, timeout=60) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}: {response.text[:120]}")
            elif item["expect"].encode("latin-1") not in response.content[:200_000]:
                response.failure(f"the answer lacks {item['expect'][:30]!r}")
