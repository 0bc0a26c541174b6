"""Every component id, defined once and shared by layouts, callbacks and tests."""

# Predictor inputs
INSTITUTION = "input-institution"
INSTITUTION_NOTE = "input-institution-note"
INSTITUTION_OPEN = "input-institution-open"  # "See all its programs": the Institution tab
# what bachelor's holders earn: the earnings test's benchmark for graduate programs
BACHELOR = "input-bachelor-benchmark"
CREDENTIAL = "input-credential"
FIELD = "input-field"
PROGRAM = "input-program"
CONTROL = "input-control"
REGION = "input-region"
LOCALE = "input-locale"
ADMISSION = "input-admission-rate"
ADMISSION_MISSING = "input-admission-missing"
SAT = "input-sat"
SAT_MISSING = "input-sat-missing"
TUITION = "input-tuition"
RESET = "input-reset"

# Predictor outputs
MESSAGE = "predict-message"
ANNOUNCE = "predict-announce"  # what a screen reader says when the prediction changes
CARD = "predict-card"
DISTRIBUTION = "chart-distribution"
BREAKDOWN = "chart-breakdown"

# Page
TABS = "page-tabs"  # the selected tab's name (a store; the tabs are ids.tab(name))
TAB_NAMES = ("predict", "explore", "institution", "about")
DEMO_BANNER = "page-demo-banner"
SKIP_TARGET = "main"  # where the skip link goes


def tab(name: str) -> str:
    """The id of a tab's button."""
    return f"tab-{name}"


def panel(name: str) -> str:
    """The id of a tab's panel."""
    return f"panel-{name}"


def caption(graph_id: str) -> str:
    """The id of a chart's caption: its text alternative."""
    return f"{graph_id}-caption"


def table(graph_id: str) -> str:
    """The id of the box holding a chart's data as a table ("Show as table")."""
    return f"{graph_id}-table"


def tip(component_id: str) -> str:
    """The id of the info icon that carries a control's tooltip."""
    return f"{component_id}-tip"


# Page state: the URL and what the page was last rendered from
URL = "page-url"
URL_WRITTEN = "page-url-written"
URL_ASKED = "page-url-asked"  # store: a location the page did not write (a link, Back)
TAB_ASKED = "page-tab-asked"  # store: a tab whose URL the server writes
EXPORT_ASKED = "export-asked"  # store: the chart and format chosen in a download menu
URL_NOTICE = "page-url-notice"
CONTENT = "page-content"

# Scenario comparison (pinned predictor scenarios)
PIN = "compare-pin"
PINNED = "compare-pinned"
COMPARE = "compare-panel"
COMPARE_MESSAGE = "compare-message"
COMPARE_CHART = "compare-chart"
UNPIN = "compare-unpin"  # pattern-matching type; index = position

# Explorer filters (their values are the filter state)
EXPLORE_CREDENTIAL = "explore-credential"
EXPLORE_FIELD = "explore-field"
EXPLORE_CONTROL = "explore-control"
EXPLORE_REGION = "explore-region"
EXPLORE_LOCALE = "explore-locale"
EXPLORE_STATE = "explore-state"
EXPLORE_EARNINGS = "explore-earnings"
EXPLORE_TUITION = "explore-tuition"
EXPLORE_GAP = "explore-gap"  # actual minus expected
EXPLORE_DEBT = "explore-debt"
EXPLORE_PREMIUM = "explore-premium"  # earnings above high-school graduates'
EXPLORE_BEATS = "explore-beats"  # "programs that beat expectation"
EXPLORE_TEST = "explore-test"  # the earnings test's outlook
EXPLORE_RISK = "explore-risk"  # its chance of failing, in bands
EXPLORE_AT_RISK = "explore-at-risk"  # "programs at risk" in one click
EXPLORE_AREA = "explore-area"  # store: the region drawn on the scatter
EXPLORE_RESET = "explore-reset"
CHIP = "explore-chip"  # pattern-matching type; key = filter name
# Explorer views
EXPLORE_X = "explore-x"
EXPLORE_GROUP = "explore-group"
EXPLORE_SMALL = "explore-small"  # hide groups of fewer than 5 programs
EXPLORE_COLOUR = "explore-colour"  # what the scatter's colour shows
HORIZON = "page-horizon"  # which earnings horizon the page shows
FOOTER_MEASURE = "page-footer-measure"  # the footer's "Predicting: ..." of the horizon
EXPLORE_SUMMARY = "explore-summary"
EXPLORE_CHIPS = "explore-chips"
EXPLORE_SCATTER = "explore-scatter"
EXPLORE_HISTOGRAM = "explore-histogram"
EXPLORE_GROUPS = "explore-groups"
EXPLORE_STATES = "explore-states"
# each explorer chart's graph, by its name in charts.catalog.EXPLORER_CHARTS
EXPLORE_TESTS = "explore-tests"  # the earnings test's outlook by group
EXPLORE_GRAPHS = {"scatter": EXPLORE_SCATTER, "histogram": EXPLORE_HISTOGRAM,
                  "groups": EXPLORE_GROUPS, "states": EXPLORE_STATES,
                  "tests": EXPLORE_TESTS}
EXPLORE_TABLE = "explore-table"
EXPLORE_SEARCH = "explore-search"
EXPLORE_TABLE_COUNT = "explore-table-count"
EXPLORE_DOWNLOAD_BUTTON = "explore-download-button"
EXPLORE_DOWNLOAD = "explore-download"
EXPLORE_PREDICT = "explore-predict"
EXPLORE_MESSAGE = "explore-message"
EXPLORE_REFRESH = "explore-refresh"  # dummy output of the table's cache refresh

EXPLORE_INSTITUTION = "explore-institution"  # the explorer's institution filter (searched)
EXPLORE_FILTER_IDS = {"credential": EXPLORE_CREDENTIAL, "field": EXPLORE_FIELD,
                      "control": EXPLORE_CONTROL, "region": EXPLORE_REGION,
                      "locale": EXPLORE_LOCALE, "state": EXPLORE_STATE,
                      "test": EXPLORE_TEST, "risk": EXPLORE_RISK,
                      "institution": EXPLORE_INSTITUTION,
                      "earnings": EXPLORE_EARNINGS, "tuition": EXPLORE_TUITION,
                      "gap": EXPLORE_GAP, "debt": EXPLORE_DEBT, "premium": EXPLORE_PREMIUM}
EXPLORE_SELECTION = "explore-selection"  # store: the filters the charts last drew
EXPLORE_DRAWN = "explore-drawn"  # store: fingerprints of what the explorer shows
EXPLORE_ASK = "explore-ask"  # store: the browser asks for the charts
EXPLORE_PICKED = "explore-picked"  # store: a selection drawn, a chip's x, Reset, "beats"
URL_PROBLEMS = "page-url-problems"  # the notice naming what a link got wrong
EXPLORE_COUNT = "explore-count"  # parts of the selection summary
EXPLORE_MEDIAN = "explore-median"
EXPLORE_IQR = "explore-iqr"
EXPLORE_WITHHELD = "explore-withheld"  # the programs without published earnings
EXPLORE_OUTCOMES = "explore-outcomes"  # against expectation, and debt

# Export: each chart's download menu (pattern-matching type; chart = a name in
# charts.compose.CHARTS, format = png/svg/pdf), the report button, one download, a message
EXPORT = "export-item"
EXPORT_DOWNLOAD = "export-download"
EXPORT_MESSAGE = "export-message"
REPORT = "report-button"

# One institution, all its programs (the Institution tab)
PROFILE_PICKER = "profile-institution"
PROFILE_PICKER_BOX = "profile-institution-box"  # redrawn when the predictor picks another
PROFILE_PEERS = "profile-peers"  # peers chosen by hand (UNITIDs)
PROFILE_BODY = "profile-body"  # the header and the figures that sum it up
PROFILE_INTRO = "profile-intro"  # shown until an institution is chosen
PROFILE_CONTENT = "profile-content"  # everything else, hidden until then
PROFILE_PEERS_TABLE = "profile-peers-table"
PROFILE_SHOWN = "profile-shown"  # store: what the body was drawn for
PROFILE_ASK = "profile-ask"  # store: the browser asks for the view (the tab shows)
PROFILE_MESSAGE = "profile-message"
PROFILE_TABLE = "profile-table"
PROFILE_FILTER = "profile-filter"  # the table's quick filter
PROFILE_COUNT = "profile-count"
PROFILE_ACTUAL = "profile-chart-actual"
PROFILE_MARGINS = "profile-chart-margins"
PROFILE_BESIDE = "profile-chart-peers"
PROFILE_PREDICT = "profile-predict"  # predict for the selected program
PROFILE_EXPLORE = "profile-explore"  # show these programs in the explorer
PROFILE_CSV = "profile-csv"
PROFILE_REPORT = "profile-report"
PROFILE_DOWNLOAD = "profile-download"
EXPLORE_OPEN = "explore-open-institution"  # the selected row's institution, all its programs
