"""What an assistant can read (MCP resources): the data source, release and measure; the
About text; and the page's link parameters, so that it can hand the user a link that opens
the same view in the browser."""

from __future__ import annotations

import json

from dash.mcp.primitives.resources.base import MCPResourceProvider
from dash.mcp.types import ReadResourceResult, Resource, TextResourceContents
from pydantic import AnyUrl

from dashboard.context import current
from model.serving import links


class _Text(MCPResourceProvider):
    """A resource of one text: its URI, name, type and description; `text()` writes it."""

    name, mime, description = "", "text/markdown", ""

    @classmethod
    def get_resource(cls) -> Resource:
        return Resource(uri=AnyUrl(cls.uri), name=cls.name, mimeType=cls.mime,
                        description=cls.description)

    @classmethod
    def read_resource(cls, uri: str = "") -> ReadResourceResult:
        return ReadResourceResult(contents=[TextResourceContents(
            uri=AnyUrl(cls.uri), mimeType=cls.mime, text=cls.text())])

    @classmethod
    def text(cls) -> str:
        raise NotImplementedError


class DataResource(_Text):
    """The data behind the answers."""

    uri, name, mime = "earnings://data", "data", "application/json"
    description = ("The data source (U.S. Department of Education College Scorecard), its "
                   "release, the programs read and kept, the earnings measure in full and "
                   "which model answers.")

    @classmethod
    def text(cls) -> str:
        info = current().service.info()
        data = info["data"]
        return json.dumps({
            "source": "U.S. Department of Education, College Scorecard "
                      "(https://collegescorecard.ed.gov/data/)",
            "demo": info["demo"], "kind": data.get("kind"), "release": data.get("release"),
            "files": data.get("sources"), "programs": data.get("counts"),
            "target": info["target"], "target_definition": info["target_definition"],
            "target_measure": info["target_measure"], "model": info["identity"],
            "horizons": [{"column": h["column"], "label": h["label"]}
                         for h in info["horizons"]]}, default=str)


class AboutResource(_Text):
    """The About tab's essentials as text."""

    uri, name = "earnings://about", "about"
    description = ("What the dashboard predicts, how accurate it is, how to read the "
                   "breakdown and the range, and what its numbers must not be used for.")

    @classmethod
    def text(cls) -> str:
        info = current().service.info()
        cv, interval = info["metrics"].get("cv_r2", {}), info["metrics"].get("interval", {})
        r2 = f"{cv.get('mean', float('nan')):.3f} ± {cv.get('std', float('nan')):.3f}"
        data = info["data"]
        source = ("generated demo data in the Scorecard's shape, not real figures"
                  if info["demo"] else f"the College Scorecard release of {data['release']}")
        return f"""# College Earnings

What graduates of U.S. college programs earn, and why: {source}, {data.get('rows', 0):,}
programs. Model {info['identity']['id']}, trained {info['identity']['trained_at'][:10]}.

**The measure.** {info['target_definition']}.

**The model.** A ridge regression on the program's credential, field of study (and
specific program), the institution's control, region and locale, admission rate, SAT and
tuition. Cross-validated R-squared {r2} over {cv.get('n', 0):,} programs.

**The breakdown.** It starts at the average prediction over the training programs; each
term is what one input adds or takes away compared with an average program; the terms add
up exactly to the prediction.

**The range.** The {interval.get('level', 0.8):.0%} range is split-conformal, sized from how
far actual earnings fell from cross-validated predictions, per credential, and wider for small
programs; it held for {interval.get('coverage', float('nan')):.1%} of held-out programs.

**Actual against expected.** Every real program with published earnings has an expectation
from models that never saw it; the gap is its reported median minus that expectation.

**Not for causal claims.** The predictions, terms and gaps are associations in the data.
They do not say what a program does for a student: programs differ in who enrolls and what
they do after, which the inputs capture only in part, and a small program's median rests on
few graduates.
"""


class LinksResource(_Text):
    """The page's link parameters."""

    uri, name = "earnings://links", "links"
    description = ("The parameters of the dashboard's links, so that a link handed to the "
                   "user opens the same view (the tools' `link` is one).")

    @classmethod
    def text(cls) -> str:
        base = current().config.url_base_pathname
        return (f"# Links\n\nThe page lives at `{base}` on this server; its query string holds "
                f"the view. Example: `{base}?credential=3&field=14&control=1&region=5"
                f"&locale=12` opens a prediction, `{base}?tab=explore&f.credential=3` the "
                f"explorer.\n\n" + (links.__doc__ or ""))


RESOURCES = (DataResource, AboutResource, LinksResource)
