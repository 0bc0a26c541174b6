"""The app through the Flask test client, crafted callback requests included."""

from __future__ import annotations

import json

import pytest

from dashboard import create_app
from layouts import ids
from layouts.controls import INPUT_IDS


def test_factory_builds_independent_apps(config, service):
    first, second = create_app(config, service=service), create_app(config, service=service)
    assert first is not second
    assert sorted(first.callback_map) == sorted(second.callback_map)
    assert len(first.callback_map) == 39  # the page's callbacks (test_fuzz fuzzes each)
    first_ctx, second_ctx = (a.server.extensions["dashboard"] for a in (first, second))
    assert first_ctx is not second_ctx and first_ctx.exporter is not second_ctx.exporter
    assert first_ctx.cache is not second_ctx.cache  # nothing shared by module state


def test_index_and_local_bootstrap(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "googleapis" not in html
    css = client.get("/vendor/bootstrap/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data[:200]


def test_layout_has_demo_notice_and_every_input(client):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Demo data" in layout and ids.DEMO_BANNER in layout
    for component_id in (*INPUT_IDS, ids.INSTITUTION):
        assert f'"{component_id}"' in layout


def test_predict_callback_over_http(client, service, predictor_request):
    response = client.post("/_dash-update-component", json=predictor_request(service))
    assert response.status_code == 200
    body = response.get_json()["response"]
    value = service.predict(service.default_scenario())["value"]
    assert f"${value:,.0f}" in json.dumps(body[ids.CARD])
    assert body[ids.DISTRIBUTION]["figure"]["data"][0]["type"] == "bar"


@pytest.mark.parametrize("changes", [
    {ids.SAT: "DROP TABLE"}, {ids.CREDENTIAL: 999}, {ids.ADMISSION: -4},
    {ids.TUITION: 1e308}, {ids.FIELD: ["a", "b"]}, {ids.REGION: {"x": 1}},
    {ids.SAT_MISSING: "missing", ids.SAT: None}, {ids.PROGRAM: "<img src=x onerror=alert(1)>"},
    {ids.LOCALE: True}, {ids.CONTROL: "x" * 100_000},
])
def test_crafted_callback_requests_get_a_message_not_a_500(client, service, changes,
                                                          predictor_request):
    response = client.post("/_dash-update-component", json=predictor_request(service, **changes))
    assert response.status_code == 200
    body = response.get_json()["response"]
    text = json.dumps(body[ids.MESSAGE])
    assert "Check these inputs" in text and "Traceback" not in text
    assert ids.CARD not in body  # the previous card stays


def test_malformed_callback_body_is_not_a_500(client):
    response = client.post("/_dash-update-component", data="{not json",
                           content_type="application/json")
    assert response.status_code == 400  # Flask's own answer to a body that is not JSON
    assert "Traceback" not in response.get_data(as_text=True)


def test_about_says_which_model_answers(service):
    """The About tab names the model as readiness does: during a rolling update two servers
    may answer with different ones."""
    from layouts.about import about_panel
    from tests.helpers import component_text

    me = service.identity()
    text = component_text(about_panel(service.info()))
    assert f"Model {me['id']}, trained {me['trained_at'][:10]}" in text
    assert "on demo data with scikit-learn" in text
    real = {**service.info(), "demo": False,
            "identity": {**me, "release": "2026-06-10", "data": "official"}}
    assert f"Model {me['id']}" in component_text(about_panel(real)) and \
        "on the release of 2026-06-10" in component_text(about_panel(real))


def test_the_page_names_every_dropdown_it_draws_for_any_link(client, service):
    """The browser holds the page inert until the dropdowns the index names are drawn
    (assets/a11y.js): the index names exactly those of the page, however a link draws it."""
    import re

    from dashboard.app import _draw, initial
    from layouts.page import dropdown_ids

    page = client.get("/").get_data(as_text=True)
    named = re.search(r'<meta name="page-dropdowns" content="([^"]*)"', page).group(1)
    assert ids.CREDENTIAL in named.split(",") and ids.PROFILE_PICKER in named.split(",")
    unitid = service.search_institutions("university")[0]["value"]
    for query in ("", "tab=explore&f.state=PA", f"tab=institution&inst={unitid}",
                  f"inst={unitid}&credential=3&field=14", "tab=about", "credential=99"):
        state, drawn = initial(service, query)
        tree = _draw(service, state, drawn) if drawn is not None else \
            _draw(service, *initial(service, ""))
        assert dropdown_ids(tree) == named.split(","), query
