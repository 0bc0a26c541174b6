"""A bare Dash page, the floor a first load is held against: one dcc.Graph of one histogram,
the same Dash, plotly and gunicorn as the dashboard (bench/first_load.py serves it)."""

import dash
import numpy as np
import plotly.graph_objects as go
from dash import dcc

app = dash.Dash(__name__, serve_locally=True, compress=True, title="Bare Dash")
_earnings = np.random.default_rng(0).normal(50_000, 15_000, 5_000)
app.layout = dcc.Graph(id="bare", figure=go.Figure(go.Histogram(x=_earnings)))
server = app.server
