"""A plotly template matching the Bootstrap theme, and shared formatting."""

import plotly.graph_objects as go

FONT = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
        '"Liberation Sans", Arial, sans-serif')
BLUE, GREY, ORANGE, GREEN, RED, DARK = ("#0d6efd", "#adb5bd", "#fd7e14", "#198754", "#dc3545",
                                        "#212529")
# Series told apart by colour-blind readers (Okabe and Ito's palette), always with a name or
# a marker shape beside them: blue, vermillion, bluish green, reddish purple.
SERIES = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
RISE, FALL = "#009e73", "#d55e00"  # a term that raises / lowers a prediction
WARN = "#b02a37"  # a warning's text (6.4:1 on white)
MUTED = "#5c636a"  # secondary text (4.5:1 or more on white)
ACTUAL = "#b35806"  # a real program's reported earnings (dark orange, 4.5:1 on white)

TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": FONT, "size": 13, "color": DARK},
    paper_bgcolor="white", plot_bgcolor="white",
    colorway=list(SERIES),
    xaxis={"gridcolor": "#e9ecef", "zerolinecolor": "#dee2e6", "linecolor": "#dee2e6",
           "ticks": "outside", "tickcolor": "#dee2e6"},
    yaxis={"gridcolor": "#e9ecef", "zerolinecolor": "#dee2e6", "linecolor": "#dee2e6"},
    # dark text on white (a series' colour is kept for the border): white on bluish green
    # would be 3.4:1
    hoverlabel={"font": {"family": FONT, "color": DARK}, "bgcolor": "white"},
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    margin={"l": 60, "r": 20, "t": 60, "b": 50},
    title={"x": 0, "xanchor": "left", "font": {"size": 15}},
))


def ordinal(n: int) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rgb(colour: str) -> list[float]:
    """'#rrggbb', 'rgb(r, g, b)' or 'white' as [r, g, b], 0 to 255."""
    if colour == "white":
        return [255.0, 255.0, 255.0]
    if colour.startswith("#"):
        return [float(int(colour[i:i + 2], 16)) for i in (1, 3, 5)]
    return [float(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a colour."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in _rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21; text wants 4.5 or more)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(fill: str) -> str:
    """The text colour, black or white, that reads best on `fill`: one of them is always
    4.58:1 or more (the page's DARK is not, on a mid blue)."""
    return max(("#000000", "white"), key=lambda text: contrast(text, fill))
