"""Every figure and its words: theme.py (colours, template, money), figures.py and
explorer_figures.py (the figure builders, plain plotly JSON), institution.py (one
institution's three charts), words.py (each chart as a sentence and a table), catalog.py
(their names, file names and sizes, plain data), compose.py (the service's answers drawn and
named for export), request.py (one chart as a file: the request every door parses its input
into, and the one function that renders it). Above model, below layouts: layouts place a
figure, never compose one; no Dash components here."""
