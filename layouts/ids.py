"""Every component id, defined once and shared by layouts, callbacks and tests."""

# Predictor inputs
INSTITUTION = "input-institution"
INSTITUTION_NOTE = "input-institution-note"
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
CARD = "predict-card"
DISTRIBUTION = "chart-distribution"
BREAKDOWN = "chart-breakdown"

# Page
TABS = "page-tabs"
DEMO_BANNER = "page-demo-banner"
ABOUT = "about-panel"


def tip(component_id: str) -> str:
    """The id of the info icon that carries a control's tooltip."""
    return f"{component_id}-tip"
