"""The HTTP API at /api/v1: answers.py (the answers and value checks the routes, the MCP
tools, the fast path and the CLI share), routes.py (the views on one module-level
blueprint: predict, programs, options, model, health), chart_routes.py (charts and the PDF
report as files) and institution_routes.py (an institution's profile, report and CSV), whose
views join it; openapi.py (the OpenAPI document and its docs page), fast_predict.py (a valid
GET /predict answered in front of Flask). May import model, charts, dashboard.export and
dashboard.web; never callbacks."""
