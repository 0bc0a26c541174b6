"""ModelService: the one object the dashboard and the API ask; loaded once per process."""

from __future__ import annotations

import math
import pickle
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from model import debt, earnings_test
from model.data import measures
from model.learning import artifact, ranges
from model.learning.features import INPUT_COLUMNS, INPUTS, NUMBER_INPUTS
from model.serving import earnings_words
from model.serving.api_shapes import scenario_fields
from model.serving.explorer import Explorer
from model.serving.filters import Filters, ParseResult, parse_filters
from model.serving.inputs import CODED_INPUTS, NUMERIC_NAMES, Scenario, option_tables, validate
from model.serving.institutions import MAX_CHOSEN, PEER_RULE, Institutions
from model.serving.real_programs import RealPrograms

INPUT_LABELS = {i.name: i.label for i in INPUTS}
NUMBERS = {i.name: i for i in NUMBER_INPUTS}


class Chosen(NamedTuple):
    """A chosen institution on the card: the scenario its headline predicts for, which one
    real program that is (or None), the institution's programs of the scenario and the
    institution (None, None when none is chosen)."""

    scenario: Scenario
    about: dict | None
    programs: list[dict] | None
    institution: dict | None


class ModelService:
    """Predictions, explanations and distributions from one trained artifact: the model of
    its target's earnings horizon, and through `horizon()` those of the others."""

    def __init__(self, payload: dict, path: str | Path | None = None,
                 parent: ModelService | None = None) -> None:
        self.path = path
        self._parent = parent
        self._others = payload.get("others", {})
        self._rates = debt.Rates()
        self._poverty = earnings_test.POVERTY_GUIDELINE
        self._pipeline = payload["pipeline"]  # pickled: scikit-learn loads on first use
        self.fast = payload["fast"]
        self.scales = payload["scales"]
        self.metadata = payload["metadata"]
        summaries = payload["summaries"]
        self._options = summaries["options"]
        self._tables = option_tables(self._options)  # what validate looks values up in
        self._histograms = summaries["histograms"]
        self._sorted = summaries["sorted_earnings"]
        self._labels = {name: {o["value"]: o["label"] for o in self._options[name]}
                        for name in CODED_INPUTS}
        self._programs = {o["value"]: o["label"] for opts in self._options["program"].values()
                          for o in opts}
        self._withheld = summaries["withheld"]["counts"]
        horizon = self.metadata["target"]
        if parent is None:  # described once: every prediction's info() lists them
            listed = self.metadata.get("horizons") or [{"column": horizon}]
            self._horizons = [{**measures.describe(h["column"]), **h} for h in listed]
  # the program table and institutions are the target's alone
            self._institutions: pd.DataFrame = summaries["institutions"]
            self._by_id = self._institutions.set_index("UNITID")
            self._counts = (self._institutions["programs"].to_numpy(),
                            self._institutions["withheld"].to_numpy())
            self.explorer = Explorer(summaries["programs"], self._labels["field"], horizon)
            self.programs = RealPrograms(self.explorer.df, self.horizons(), horizon,
                                         self.metadata.get("earnings_test"))
            self._benchmarks = _state_benchmarks(self.explorer.df)
            self.institutions = Institutions(self.explorer.df, self.programs.positions,
                                             self.programs.columns["status"])
        else:
            self._institutions, self._by_id = parent._institutions, parent._by_id
            counts = summaries["institution_counts"]
            self._counts = (counts["programs"], counts["withheld"])
            self.explorer = parent.explorer.for_horizon(horizon)
            self.programs = parent.programs.for_horizon(horizon)
            self._benchmarks = parent._benchmarks
            self.institutions = parent.institutions
        self._allowed_filters = self.explorer.allowed()
        # the other horizons' services, built now so that preloading workers share them
        self._horizon_services = {column: ModelService(other, path, parent=self)
                                  for column, other in self._others.items()}

    @classmethod
    def load(cls, path: str | Path) -> ModelService:
        """Load the artifact at `path`."""
        return cls(artifact.load(path), path)

    @property
    def rates(self) -> debt.Rates:
        """The loan rates of the monthly payment (the parent's, for another horizon)."""
        return self._parent.rates if self._parent is not None else self._rates

    @rates.setter
    def rates(self, value: debt.Rates) -> None:
        self._rates = value

    @property
    def poverty(self) -> float:
        """The poverty guideline of the 2023 GE rule's discretionary earnings (setting
        POVERTY_GUIDELINE; the parent's, for another horizon)."""
        return self._parent.poverty if self._parent is not None else self._poverty

    @poverty.setter
    def poverty(self, value: float) -> None:
        self._poverty = float(value)

    # --- earnings horizons ------------------------------------------------------------
    def horizons(self) -> list[dict]:
        """The horizons the artifact models ({column, label, years, ...}), in years order."""
        return self._parent.horizons() if self._parent is not None else self._horizons

    def horizon(self, column: object) -> ModelService:
        """The service of another horizon's model (this one for its own, for None, or for a
        horizon the artifact does not have)."""
        if self._parent is not None:
            return self._parent.horizon(column)
        return self._horizon_services.get(column, self) if isinstance(column, str) else self

    # --- real programs ----------------------------------------------------------------
    def real_programs(self, unitid: str, s: Scenario | None = None,
                      bachelor: float | None = None) -> list[dict]:
        """An institution's programs of the scenario's credential and field (or program),
        or (without a scenario) all of them: actual against expected, debt and what it
        costs a month, premium, trajectory, and the earnings test (`bachelor`: the
        bachelor's benchmark graduate programs are held to, when a user gives one)."""
        found = (self.programs.at(unitid, s.credential, s.field, s.program, bachelor)
                 if s is not None else self.programs.at(unitid, None, bachelor=bachelor))
        for p in found:
            p.update(debt.summary(p["debt"], p["earnings"], p["credential_code"], self.rates))
            level = p["credential_code"]
            test = p["test"]
            test["debt_rates"] = earnings_test.debt_rates(
                p["debt"], test["earnings"], level, self.rates.for_credential(level),
                self.poverty)
            # the test in words: its finding, then notes (payback, the 2023 rates)
            test["notes"] = [line for line in (earnings_words.payback(test),
                                               earnings_words.debt_rates(test["debt_rates"]))
                             if line]
            test["sentences"] = [*earnings_words.program(test), *test["notes"]]
        return found

    def institution_profile(self, unitid: str, peers: list[str] | None = None,
                            bachelor: float | None = None) -> dict | None:
        """One institution, all its programs: the institution, the figures that sum up its
        programs at this horizon, every program (real_programs), and peers (chosen, or by
        institutions.PEER_RULE) with the same figures; None for an unknown one."""
        inst = self.institution(unitid)
        if inst is None or not self.institutions.known(unitid):
            return None
        columns = self.programs.columns
        fields = self.explorer.labels["field"]
        chosen = [p for p in dict.fromkeys(peers or []) if p != unitid][:MAX_CHOSEN]
        found = chosen or self.institutions.peers(unitid)
        return {"institution": inst,
                "summary": self.institutions.summary(unitid, columns["status"], columns),
                "programs": [self._with_debt(p, fields)
                             for p in self.real_programs(unitid, None, bachelor)],
                "peers": [{"unitid": p, "name": (self.institution(p) or {}).get("label", p),
                           "short": _short_name(self.institution(p) or {}, p),
                           **self.institutions.summary(p, columns["status"], columns)}
                          for p in found if self.institutions.known(p)],
                "peer_rule": "Chosen by hand." if chosen else PEER_RULE,
                "measure": self.metadata["target_measure"],
                "horizon": self.metadata["target"],
                "range": {"level": self.metadata["metrics"]["interval"]["level"],
                          "relative": float(self.scales["pooled"])}}

    def _with_debt(self, program: dict, fields: dict) -> dict:
        """A program with its field's name and its median debt's monthly payment (10 years
        at the federal rate of its credential)."""
        rate = self.rates.for_credential(program["credential_code"])
        return {**program, "field": fields.get((program.get("cipcode") or "")[:2]),
                "payment": debt.monthly_payment(program["debt"], rate), "payment_rate": rate}

    # --- the earnings test --------------------------------------------------------------
    def test_info(self) -> dict:
        """What the release holds for the earnings test: its columns, the benchmarks'
        vintage, the spread used, programs per status (the target's artifact)."""
        root = self._parent if self._parent is not None else self
        return {**(root.metadata.get("earnings_test") or {}), "rule": earnings_test.LAW,
                "final_rule": earnings_test.RULE, "at_risk": earnings_test.AT_RISK,
                "safe": earnings_test.SAFE, "min_completers": earnings_test.MIN_COMPLETERS,
                "poverty_guideline": self.poverty}

    def benchmark_states(self) -> list[str]:
        """The states with a high-school benchmark in the data."""
        return sorted(self._benchmarks[0])

    def benchmark(self, state: str | None) -> tuple[float | None, str]:
        """The high-school benchmark of a state (its kind: "state"), else the national one
        ("national"), else (None, "")."""
        states, national = self._benchmarks
        if state and state in states:
            return states[state], "state"
        return (national, "national") if national is not None else (None, "")

    def scenario_test(self, s: Scenario, state: str | None = None,
                      bachelor: float | None = None) -> dict:
        """Would a program like `s` at an institution in `state` pass? From the 4-year
        model's prediction and its calibrated range; {"available": False, "reason"} when
        the release has no 4-year earnings or no benchmark for the credential."""
        coverage = earnings_test.coverage(s.credential)
        graduate = s.credential in debt.GRADUATE_LEVELS
        out = {"available": False, "coverage": coverage, "measure": earnings_test.MEASURE,
               "state": state, "vintage": self.info()["earnings_test"].get("vintage")}
        found = self._scenario_test(s, out, graduate, state, bachelor)
        return {**found, "sentences": earnings_words.scenario(found)}

    def _scenario_test(self, s: Scenario, out: dict, graduate: bool, state: str | None,
                       bachelor: float | None) -> dict:
        model = self.horizon(earnings_test.MEASURE)
        if model.metadata["target"] != earnings_test.MEASURE:
            return {**out, "reason": "This release has no 4-year earnings to model, so the "
                                     "test cannot be predicted (it never uses another "
                                     "horizon)."}
        if graduate and bachelor is None:
            return {**out, "reason": "Graduate programs are held against bachelor's degree "
                                     "holders, whose earnings the release does not carry: "
                                     "enter a bachelor's benchmark to apply one."}
        value, kind = (bachelor, "bachelor's (entered)") if graduate else self.benchmark(state)
        predicted = model.fast.baseline + math.fsum(model.fast.contributions(
            **s.as_dict()).values())
        low, high = ranges.interval(predicted, s.credential, model.scales)  # typical size
        low, level = max(low, 0.0), model.metadata["metrics"]["interval"]["level"]
        found = earnings_test.scenario(predicted, low, high, level, value)
        if found is None:
            return {**out, "reason": "This release has no high-school benchmark."}
        return {**out, **found, "available": True, "benchmark_kind": kind,
                "level": level, "low": low, "high": high}

    def program_scenario(self, program: dict) -> Scenario:
        """The scenario of a real program: its institution's inputs, its credential, field
        and (where the model knows it) 4-digit program."""
        inst = self.institution(program["unitid"]) or {}
        default = self._options["default"]
        field = (program.get("cipcode") or "")[:2]
        known = {o["value"] for o in self._options["program"].get(field, [])}
        raw = {**default, **{k: inst[k] for k in ("control", "region", "locale") if
                             inst.get(k) is not None},
               **{k: inst.get(k) for k in NUMERIC_NAMES if k in inst},
               "credential": program["credential_code"], "field": field,
               "program": program.get("cipcode") if program.get("cipcode") in known else None}
        return self.validate(raw)

    # --- what the model accepts -------------------------------------------------------
    def options(self) -> dict:
        """Valid values with labels and counts, numeric ranges and the default scenario."""
        return self._options

    def default_scenario(self) -> Scenario:
        """The scenario the page opens with."""
        return validate(self._options["default"], self._options, self._tables)

    def validate(self, raw: dict) -> Scenario:
        """A Scenario from raw values (codes or labels); raises InvalidInputs.

        Names and types are checked by the shared pydantic model, values by the data."""
        return validate(scenario_fields(raw), self._options, self._tables)

    # --- predictions ------------------------------------------------------------------
    def predict(self, s: Scenario, terms: dict[str, float] | None = None) -> dict:
        """Predicted earnings, its range, and its percentile among programs of the credential
        (`terms`: the scenario's contributions, when already computed)."""
        terms = terms if terms is not None else self.fast.contributions(**s.as_dict())
        value = self.fast.baseline + math.fsum(terms.values())
        low, high = ranges.interval(value, s.credential, self.scales)  # a typical-size program
        same = self._sorted.get(s.credential, np.array([]))
        percentile = (float(np.searchsorted(same, value) / len(same) * 100)
                      if len(same) else None)
        return {"value": value, "low": float(max(low, 0.0)), "high": float(high),
                "level": self.metadata["metrics"]["interval"]["level"],
                "percentile": percentile, "peers": int(len(same)),
                "credential_label": self._labels["credential"].get(s.credential),
                "typical_graduates": (self.scales["size"]["ref"] if self.scales["size"]["b"]
                                      else None),
                "by_size": ranges.by_size(value, s.credential, self.scales)}

    @property
    def pipeline(self):
        """The fitted scikit-learn Pipeline (unpickled, and scikit-learn loaded, on first
        use: serving needs only the lookup tables)."""
        if isinstance(self._pipeline, bytes):
            self._pipeline = pickle.loads(self._pipeline)  # noqa: S301 - our own artifact
        return self._pipeline

    def predict_with_pipeline(self, s: Scenario) -> float:
        """The same prediction through the scikit-learn pipeline (slow; for checks)."""
        row = {"CREDLEV": s.credential, "CIP2": s.field, "CIPCODE": s.program,
               "CONTROL": s.control, "REGION": s.region, "LOCALE": s.locale,
               **{i.column: getattr(s, i.name) for i in NUMBER_INPUTS}}
        frame = pd.DataFrame([row], columns=INPUT_COLUMNS)
        return float(self.pipeline.predict(frame)[0])

    def describe(self, s: Scenario, name: str) -> str:
        """An input's value in words."""
        if name == "field":
            field = self._labels["field"].get(s.field, s.field)
            return f"{field}: {self._programs[s.program]}" if s.program else field
        if name in self._labels:
            return self._labels[name].get(getattr(s, name), str(getattr(s, name)))
        value = getattr(s, name)
        if value is None:
            return "not reported"
        return NUMBERS[name].shown(value)

    def contributions(self, s: Scenario, terms: dict[str, float] | None = None) -> dict:
        """Baseline plus one term per input, in dollars; they add up to the prediction."""
        terms = terms if terms is not None else self.fast.contributions(**s.as_dict())
        return {"baseline": self.fast.baseline,
                "terms": [{"input": name, "label": INPUT_LABELS[name],
                           "value": self.describe(s, name), "amount": amount}
                          for name, amount in terms.items()],
                "prediction": self.fast.baseline + math.fsum(terms.values())}

    def distribution(self, credential: int, field: str, program: str | None = None) -> dict:
        """Percent histograms of earnings for a credential: all fields, and the chosen field
        (or program); each with its median and number of programs. A chosen group of fewer
        than summaries.SMALL_GROUP programs also lists its programs' earnings (`values`),
        and the programs whose earnings are not published are counted."""
        hist = self._histograms.get(credential)
        key = program if program and hist is not None and program in hist.by_program else None
        withheld = (self._withheld["program" if key else "field"]
                    .get(f"{credential}|{key or field}", {}))
        counts = {"n_suppressed": withheld.get("suppressed", 0),
                  "n_not_available": withheld.get("not available", 0)}
        if hist is None:
            return {"edges": [], "overall": [], "chosen": [], "n_overall": 0, "n_chosen": 0,
                    "chosen_label": self._labels["field"].get(field, field),
                    "credential_label": self._labels["credential"].get(credential),
                    "median_overall": None, "median_chosen": None, "values": None, **counts}
        if key:
            chosen, label = hist.by_program[key], self._programs.get(key, key)
            median = hist.program_median.get(key)
        else:
            chosen = hist.by_field.get(field, [0] * len(hist.overall))
            label, median = self._labels["field"].get(field, field), hist.field_median.get(field)
        n_all, n_chosen = sum(hist.overall), sum(chosen)

        def percent(counts: list[int], n: int) -> list[float]:
            return [100.0 * c / n for c in counts] if n else [0.0] * len(counts)

        return {"edges": hist.edges, "overall": percent(hist.overall, n_all),
                "chosen": percent(chosen, n_chosen), "n_overall": n_all,
                "n_chosen": n_chosen, "chosen_label": label,
                "credential_label": self._labels["credential"].get(credential),
                "median_overall": hist.median, "median_chosen": median,
                "values": hist.small.get(key or field), **counts}

    def answer(self, s: Scenario) -> dict:
        """The prediction and its contributions (the terms computed once)."""
        terms = self.fast.contributions(**s.as_dict())
        return {"prediction": self.predict(s, terms),
                "contributions": self.contributions(s, terms)}

    def explain(self, s: Scenario) -> dict:
        """Everything the predictor page shows for one scenario."""
        return {"scenario": s.as_dict(), **self.answer(s),
                "distribution": self.distribution(s.credential, s.field, s.program)}

    # --- institutions -----------------------------------------------------------------
    def search_institutions(self, query: str, limit: int = 20) -> list[dict]:
        """Institutions whose name, city or state contains every word of `query`."""
        words = [w for w in str(query or "").lower().split() if w][:8]
        if not words:
            return []
        mask = np.ones(len(self._institutions), bool)
        for word in words:
            mask &= self._institutions["search"].str.contains(word, regex=False).to_numpy()
        found = self._institutions[mask].head(limit)
        return [{"value": r.UNITID, "label": _place(r)} for r in found.itertuples()]

    def chosen_programs(self, s: Scenario, unitid: object, bachelor: float | None = None
                        ) -> Chosen:
        """What the card (and its chart download and report) shows for the scenario `s` and
        a chosen institution: its programs of the scenario and the institution (None, None
        when none is chosen or `unitid` is unknown: the page may send anything), and the
        scenario the headline predicts for, with which program that is (`about`)."""
        institution = self.institution(unitid) if isinstance(unitid, str) else None
        if institution is None:
            return Chosen(s, None, None, None)
        programs = self.real_programs(unitid, s, bachelor)
        return Chosen(*self._about_program(s, programs), programs, institution)

    def _about_program(self, s: Scenario, programs: list[dict]
                       ) -> tuple[Scenario, dict | None]:
        """When the card shows one real program, the headline predicts for its 4-digit
        program (the one its expectation is for), so that the two figures differ only by
        cross-fitting (with the institution's own inputs) or by the inputs the page has
        changed; otherwise for `s` as it is."""
        if len(programs) != 1:
            return s, None
        program = programs[0]
        own = self.program_scenario(program)
        headline = replace(s, program=own.program) if own.program else s
        own_inputs = _same(headline, own)
        return own if own_inputs else headline, {
            "name": program.get("program") or program.get("cipcode"),
            "cipcode": program.get("cipcode"), "institution": program.get("institution"),
            "four_digit": own.program is not None, "own_inputs": own_inputs}

    def institution(self, unitid: str) -> dict | None:
        """An institution's name and the inputs it fills in, or None if unknown."""
        if unitid not in self._by_id.index:
            return None
        at = self._by_id.index.get_loc(unitid)
        row = self._by_id.iloc[at]

        def num(col: str) -> float | None:
            value = row[col]
            return None if pd.isna(value) else float(value)

        def code(col: str) -> int | None:
            return None if pd.isna(row[col]) else int(row[col])

        kind = row["tuition_kind"]
        return {"unitid": unitid, "label": _place(row),
                "name": row["INSTNM"], "city": None if pd.isna(row["CITY"]) else str(row["CITY"]),
                "state": None if pd.isna(row["STABBR"])
                else str(row["STABBR"]), "control": code("CONTROL"), "region": code("REGION"),
                "locale": code("LOCALE"), **{i.name: num(i.column) for i in NUMBER_INPUTS},
                "tuition_kind": None if pd.isna(kind) else str(kind),
                "net_price": num("net_price"), "programs": int(self._counts[0][at]),
                "withheld": int(self._counts[1][at])}

    # --- the explorer -----------------------------------------------------------------
    def parse_filters(self, raw: object) -> ParseResult:
        """Explorer filters from untrusted values; unknown values are dropped and named."""
        return parse_filters(raw, self._allowed_filters)

    def explore(self, filters: Filters, x: str = "tuition", group: str = "field") -> dict:
        """Aggregates for every explorer chart, the summary and the filter chips."""
        return self.explorer.view(filters, x, group)

    def program_rows(self, filters: Filters, search: str = "", sort: list | None = None,
                     start: int = 0, end: int | None = None) -> tuple[pd.DataFrame, int]:
        """A page of the selected programs (searched and sorted) and the total count."""
        idx = self.explorer.rows(filters, search, sort)
        return self.explorer.table(idx[start:end]), int(len(idx))

    def program_records(self, filters: Filters, search: str = "", sort: list | None = None,
                        start: int = 0, end: int | None = None) -> tuple[list[dict], int]:
        """program_rows as JSON-ready rows (a missing value is None), for the grid and the
        API's programs page."""
        frame, total = self.program_rows(filters, search, sort, start, end)
        return frame.astype(object).where(frame.notna(), None).to_dict("records"), total

    def typical_scenario(self, filters: Filters) -> dict | None:
        """The selection's typical program as raw predictor inputs (None if empty)."""
        return self.explorer.typical(filters)

    # --- about the model --------------------------------------------------------------
    def info(self) -> dict:
        """Target, data source, metrics and versions, for the About panel and the API
        (worked out once per setting of the rates and the poverty guideline)."""
        key = (self.rates, self.poverty)
        if getattr(self, "_info", None) is None or self._info[0] != key:
            self._info = (key, self._describe())
        return dict(self._info[1])

    def _describe(self) -> dict:
        meta = self.metadata
        return {"target": meta["target"], "target_definition": meta["target_definition"],
                "target_measure": meta["target_measure"], "horizons": self.horizons(),
                "debt_rates": {"undergraduate": self.rates.undergraduate,
                               "graduate": self.rates.graduate},
                "demo": meta["demo"],
                "data": meta["data"], "metrics": meta["metrics"], "warnings": meta["warnings"],
                "model": meta["model"], "versions": meta["versions"],
                "created_at": meta["created_at"], "identity": self.identity(),
                "earnings_test": self.test_info()}

    def identity(self) -> dict:
        """Which model this is: its id (as in cache keys), the data's release and kind, and
        when it was trained; readiness and the About tab say it."""
        meta = self.metadata
        return {"id": artifact.model_id(meta), "release": meta["data"].get("release"),
                "data": meta["data"].get("kind"), "trained_at": meta["created_at"]}

    @property
    def is_demo(self) -> bool:
        """True when the model was trained on the generated demo data."""
        return bool(self.metadata["demo"])


def _state_benchmarks(table: pd.DataFrame) -> tuple[dict[str, float], float | None]:
    """Each state's high-school benchmark (the value most of its programs carry) and the
    national one, from the program table."""
    rows = table[["STABBR", "threshold_state"]].dropna()
    states = {str(k): float(v.mode().iloc[0]) for k, v in
              rows.groupby(rows["STABBR"].astype("string"), observed=True)["threshold_state"]}
    national = table["threshold_nat"].dropna()
    return states, float(national.mode().iloc[0]) if len(national) else None


def _short_name(inst: dict, unitid: str) -> str:
    """'The Pennsylvania State University (PA)', for charts and tables of peers."""
    name = inst.get("name") or unitid
    return f"{name} ({inst['state']})" if inst.get("state") else str(name)


def _place(row) -> str:
    where = ", ".join(str(v) for v in (row.CITY, row.STABBR) if isinstance(v, str) and v)
    return f"{row.INSTNM} ({where})" if where else str(row.INSTNM)


def _same(a: Scenario, b: Scenario) -> bool:
    """Two scenarios alike as the page writes them (each number to its input's digits: the
    page shows an admission rate of 0.8814 as 88.1%)."""
    digits = {i.name: i.digits for i in NUMBER_INPUTS}

    def written(s: Scenario) -> dict:
        return {k: round(v, digits[k]) if k in digits and v is not None else v
                for k, v in s.as_dict().items()}

    return written(a) == written(b)
