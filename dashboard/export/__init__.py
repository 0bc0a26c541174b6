"""Charts and reports as files: renderer.py (plotly figures to PNG, SVG or PDF with kaleido
and one Chromium per process), report.py (the one-page PDF report). May import model and
layouts; never callbacks or the rest of dashboard."""
