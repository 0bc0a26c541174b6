"""Charts from the model's answers: catalog.py (their names, file names and sizes, plain
data), compose.py (the service's answers drawn by layouts' figure builders and named for
export), request.py (one chart as a file: the request every door parses its input into, and
the one function that renders it). Between layouts and callbacks: may import model and
layouts; never callbacks or dashboard."""
