"""The HTTP API at /api/v1: routes.py (predict, programs, institutions, model, health),
params of the query string, openapi.py (the OpenAPI document and its docs page),
fast_predict.py (a valid GET /predict answered in front of Flask), chart_routes.py (charts
and the PDF report as files). May import model, layouts, dashboard.export and dashboard.web;
never callbacks."""
