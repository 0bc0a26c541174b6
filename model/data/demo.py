"""A deterministic demo dataset in the cleaned schema, at the real data's scale.

Earnings follow a log-linear structure with plausible effects: they rise with the credential,
differ by field roughly as the published medians do, and move with SAT, admission rate,
control, region and locale; a small program's median is noisier than a large one's (as on
the real extract: 12% median relative error under 35 graduates, 9% over 80). SAT and
admission rate are missing where real institutions rarely report them (open-admission,
two-year and most for-profit schools). As in the official files, small programs' earnings
are privacy-suppressed or not available: those programs are kept without earnings.

Beside the 1-year earnings the demo has, as a release does, 4- and 5-year earnings for the
larger programs (growing most for bachelor's and first-professional degrees and for
engineering and computing), median debt that rises with the credential and is highest at
for-profit schools, the borrowers behind it, and high-school earnings thresholds per state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model import codes
from model.data import columns

SEED = 20260323
DEMO_TARGET = "EARN_MDN_1YR"  # what a real release's default build models
DEFAULT_INSTITUTIONS = 6_300  # about 61,000 programs with earnings (and 16,000 without)
WITHHELD_SHARE = 0.3  # programs per institution too small to publish, against published ones

# Typical median earnings one year after completion, by credential level.
CREDENTIAL_BASE = {1: 26_500, 2: 35_000, 3: 46_000, 4: 52_000, 5: 64_000, 6: 82_000,
                   7: 85_000, 8: 60_000}

# Field multipliers, from the ratios of published bachelor's medians by CIP family.
FIELD_EFFECT = {
    "14": 1.60, "11": 1.45, "15": 1.35, "27": 1.20, "51": 1.22, "04": 1.10, "52": 1.12,
    "40": 1.02, "45": 0.98, "26": 0.90, "30": 0.93, "01": 0.92, "43": 0.95, "05": 0.88,
    "03": 0.90, "09": 0.92, "16": 0.86, "31": 0.85, "44": 0.88, "13": 0.90, "54": 0.82,
    "42": 0.84, "38": 0.80, "24": 0.86, "19": 0.83, "23": 0.80, "39": 0.74, "50": 0.72,
    "12": 0.70, "22": 1.05, "10": 0.85, "41": 0.95, "46": 1.15, "47": 1.05, "48": 1.08,
    "49": 1.10, "25": 0.85,
}

# Where a field pays unusually well or badly at one credential level.
INTERACTION = {(2, "51"): 1.30, (1, "51"): 0.85, (1, "12"): 0.80, (7, "51"): 1.25,
               (7, "22"): 1.10, (5, "52"): 1.15, (6, "13"): 1.10, (1, "47"): 1.15}

# A few official 4-digit programs per family (CIP 2020 titles).
PROGRAMS = {
    "01": {"0101": "Agricultural Business and Management", "0109": "Animal Sciences"},
    "03": {"0301": "Natural Resources Conservation and Research", "0305": "Forestry"},
    "04": {"0402": "Architecture", "0409": "Landscape Architecture"},
    "05": {"0501": "Area Studies", "0502": "Ethnic, Cultural Minority, Gender, and Group Studies"},
    "09": {"0901": "Communication and Media Studies", "0904": "Journalism",
           "0909": "Public Relations, Advertising, and Applied Communication"},
    "10": {"1003": "Graphic Communications"},
    "11": {"1101": "Computer and Information Sciences, General", "1107": "Computer Science",
           "1110": "Computer/Information Technology Administration and Management"},
    "12": {"1204": "Cosmetology and Related Personal Grooming Services",
           "1205": "Culinary Arts and Related Services"},
    "13": {"1301": "Education, General", "1312": "Teacher Education, Specific Levels and Methods",
           "1310": "Special Education and Teaching",
           "1304": "Educational Administration and Supervision"},
    "14": {"1408": "Civil Engineering", "1409": "Computer Engineering",
           "1410": "Electrical, Electronics and Communications Engineering",
           "1419": "Mechanical Engineering", "1407": "Chemical Engineering"},
    "15": {"1503": "Electrical Engineering Technologies/Technicians",
           "1506": "Industrial Production Technologies/Technicians"},
    "16": {"1609": "Romance Languages, Literatures, and Linguistics"},
    "19": {"1907": "Human Development, Family Studies, and Related Services"},
    "22": {"2201": "Law", "2203": "Legal Support Services"},
    "23": {"2301": "English Language and Literature, General"},
    "24": {"2401": "Liberal Arts and Sciences, General Studies and Humanities"},
    "26": {"2601": "Biology, General", "2602": "Biochemistry, Biophysics and Molecular Biology"},
    "27": {"2701": "Mathematics", "2705": "Statistics"},
    "30": {"3099": "Multi/Interdisciplinary Studies, Other"},
    "31": {"3105": "Health and Physical Education/Fitness"},
    "38": {"3801": "Philosophy", "3802": "Religion/Religious Studies"},
    "39": {"3906": "Theological and Ministerial Studies"},
    "40": {"4005": "Chemistry", "4008": "Physics"},
    "41": {"4101": "Biology/Biotechnology Technologies/Technicians"},
    "42": {"4201": "Psychology, General",
           "4228": "Clinical, Counseling and Applied Psychology"},
    "43": {"4301": "Criminal Justice and Corrections", "4302": "Fire Protection"},
    "44": {"4407": "Social Work", "4404": "Public Administration"},
    "45": {"4506": "Economics", "4510": "Political Science and Government", "4511": "Sociology"},
    "46": {"4603": "Electrical and Power Transmission Installers",
           "4605": "Plumbing and Related Water Supply Services"},
    "47": {"4706": "Vehicle Maintenance and Repair Technologies",
           "4702": "Heating, Air Conditioning, Ventilation and Refrigeration Maintenance"},
    "48": {"4805": "Precision Metal Working"},
    "49": {"4902": "Ground Transportation"},
    "50": {"5007": "Fine and Studio Arts", "5004": "Design and Applied Arts", "5009": "Music"},
    "51": {"5138": "Registered Nursing, Nursing Administration, Nursing Research and Clinical "
                   "Nursing",
           "5139": "Practical Nursing, Vocational Nursing and Nursing Assistants",
           "5108": "Allied Health and Medical Assisting Services",
           "5120": "Pharmacy, Pharmaceutical Sciences, and Administration", "5112": "Medicine",
           "5123": "Rehabilitation and Therapeutic Professions"},
    "52": {"5202": "Business Administration, Management and Operations",
           "5203": "Accounting and Related Services", "5208": "Finance and Financial Management",
           "5214": "Marketing"},
    "54": {"5401": "History"},
}

# Which fields each credential draws from, with weights (undergraduate certificates are
# mostly trades, health and cosmetology; doctoral degrees are mostly academic).
CREDENTIAL_FIELDS = {
    1: {"51": 30, "12": 22, "47": 10, "46": 7, "52": 6, "11": 5, "15": 4, "43": 4, "48": 4,
        "49": 4, "10": 2, "13": 2},
    2: {"24": 22, "51": 20, "52": 13, "43": 6, "11": 7, "15": 6, "47": 4, "13": 3, "30": 3,
        "50": 3, "26": 2, "42": 2, "22": 2, "46": 2, "12": 2, "01": 1, "19": 2},
    3: {"52": 19, "51": 11, "42": 6, "13": 6, "45": 6, "50": 6, "26": 6, "11": 5, "14": 5,
        "09": 5, "43": 4, "31": 3, "23": 3, "24": 2, "30": 2, "27": 2, "40": 2, "54": 2,
        "44": 2, "01": 1, "03": 1, "04": 1, "05": 1, "16": 1, "19": 1, "38": 1, "39": 1,
        "15": 1},
    4: {"13": 50, "51": 30, "52": 20},
    5: {"52": 22, "13": 20, "51": 15, "44": 6, "11": 6, "14": 6, "42": 5, "50": 3, "45": 2,
        "27": 2, "26": 2, "40": 1, "09": 2, "23": 1, "39": 2, "04": 1, "30": 2},
    6: {"51": 25, "13": 15, "42": 10, "26": 8, "40": 6, "14": 6, "45": 5, "52": 4, "27": 3,
        "23": 3, "38": 2, "39": 3, "16": 2, "54": 2, "44": 2},
    7: {"51": 70, "22": 25, "39": 5},
    8: {"13": 35, "51": 30, "52": 20, "11": 10, "44": 5},
}

# Growth of median earnings from 1 to 5 years after completion (log points), by credential
# and, on top, by field; 4 years is 80% of the way.
GROWTH_5YR = {1: 0.12, 2: 0.20, 3: 0.32, 4: 0.22, 5: 0.22, 6: 0.18, 7: 0.35, 8: 0.18}
FIELD_GROWTH = {"14": 0.08, "11": 0.10, "52": 0.06, "27": 0.06, "51": -0.02, "13": -0.04,
                "12": -0.03, "50": 0.03}
LATER = ("EARN_MDN_4YR", "EARN_MDN_5YR")
# Median debt of completers by credential, and by control relative to public schools
DEBT_BASE = {1: 9_500, 2: 15_000, 3: 25_000, 4: 32_000, 5: 45_000, 6: 95_000, 7: 170_000,
             8: 30_000}
CONTROL_DEBT = {1: 0.9, 2: 1.1, 3: 1.3}
BORROWERS = {1: 0.45, 2: 0.6, 3: 0.8}  # share of graduates who borrowed, by control
THRESHOLD_NAT = 29_300  # what high-school graduates earn nationally (demo value)
SPREAD = 0.7  # log-sd of graduates' earnings within a program

REGION_EFFECT = {1: 0.08, 2: 0.07, 3: -0.02, 4: -0.03, 5: -0.06, 6: -0.02, 7: 0.0, 8: 0.09,
                 9: -0.30, 0: 0.05}
CONTROL_EFFECT = {1: 0.0, 2: 0.03, 3: -0.12}
LOCALE_EFFECT = {1: 0.04, 2: 0.03, 3: -0.03, 4: -0.05}

STATES = {"CA": 9, "TX": 8, "NY": 7, "FL": 6, "PA": 5, "IL": 4.5, "OH": 4, "NC": 3.5,
          "GA": 3.5, "MI": 3.5, "NJ": 2.5, "VA": 3, "WA": 2.5, "MA": 3, "AZ": 2, "TN": 2.5,
          "IN": 2.2, "MO": 2.2, "MD": 1.8, "WI": 1.8, "MN": 2, "CO": 1.8, "AL": 1.6, "SC": 1.5,
          "LA": 1.5, "KY": 1.4, "OR": 1.3, "OK": 1.3, "CT": 1.1, "IA": 1.3, "UT": 1, "MS": 1,
          "AR": 1, "KS": 1, "NV": 0.7, "NM": 0.7, "NE": 0.8, "WV": 0.8, "ID": 0.5, "HI": 0.4,
          "ME": 0.5, "NH": 0.5, "RI": 0.4, "MT": 0.4, "DE": 0.3, "SD": 0.4, "ND": 0.3,
          "AK": 0.2, "DC": 0.4, "VT": 0.3, "WY": 0.2, "PR": 1.2, "GU": 0.05}

PLACES = ["Ashford", "Bayview", "Brookside", "Cedar Falls", "Clearwater", "Crestwood",
          "Eastfield", "Fairmont", "Glenwood", "Granite Hills", "Harbor", "Highland", "Lakeview",
          "Maple Ridge", "Meadowbrook", "Millbrook", "Northgate", "Oakdale", "Pine Valley",
          "Prairie", "Redwood", "Ridgecrest", "Riverside", "Rockport", "Silver Lake",
          "Southport", "Springdale", "Stonebridge", "Summit", "Sunnyvale", "Westbrook",
          "Willow Creek", "Windham", "Woodland", "Elmhurst", "Hillcrest", "Kingsport",
          "Lincoln Park", "Mount Vernon", "Newbury", "Oak Harbor", "Parkside", "Shady Grove"]
KINDS = {"four_year": ["University", "State University", "College", "Institute of Technology",
                       "University of the Arts and Sciences", "Christian University"],
         "two_year": ["Community College", "Technical College", "College", "State College"],
         "certificate": ["Beauty Academy", "Career Institute", "School of Nursing",
                         "Technical Institute", "Trade School", "Academy of Culinary Arts"]}


def _institutions(rng: np.random.Generator, n: int) -> pd.DataFrame:
    kind = rng.choice(["four_year", "two_year", "certificate"], n, p=[0.42, 0.28, 0.30])
    control = np.where(kind == "four_year", rng.choice([1, 2, 3], n, p=[0.33, 0.55, 0.12]),
                       np.where(kind == "two_year", rng.choice([1, 2, 3], n, p=[0.75, 0.08, 0.17]),
                                rng.choice([1, 2, 3], n, p=[0.12, 0.10, 0.78])))
    states = list(STATES)
    weights = np.array(list(STATES.values()))
    stabbr = rng.choice(states, n, p=weights / weights.sum())
    locale = rng.choice(list(codes.LOCALE), n,
                        p=[.12, .08, .10, .14, .07, .05, .05, .09, .07, .10, .08, .05])
    selective = (kind == "four_year") & (rng.random(n) < np.where(control == 3, 0.15, 0.85))
    quality = rng.normal(0, 1, n)  # latent selectivity, partly seen through SAT and ADM
    sat = np.clip(1110 + 120 * quality + rng.normal(0, 40, n), 780, 1560).round()
    adm = np.clip(0.72 - 0.17 * quality + rng.normal(0, 0.08, n), 0.04, 1.0).round(4)
    sat_seen = selective & (rng.random(n) < 0.78)
    adm_seen = selective | ((kind != "four_year") & (rng.random(n) < 0.12))
    base_tuition = np.select([control == 1, control == 2], [
        np.where(kind == "four_year", 9_500, 3_900), 33_000 + 9_000 * quality], 16_500)
    tuition = np.clip(base_tuition * rng.lognormal(0, 0.25, n), 400, 64_000).round(-1)
    tuition_seen = rng.random(n) < 0.94
    names = []
    seen: set[str] = set()
    places = rng.choice(PLACES, n)
    for i in range(n):
        place, suffix = places[i], rng.choice(KINDS[kind[i]])
        name = f"{place} {suffix}"
        if name in seen:
            name = f"{place} {suffix} - {stabbr[i]}"
        j = 2
        while name in seen:
            name, j = f"{place} {suffix} - {stabbr[i]} Campus {j}", j + 1
        seen.add(name)
        names.append(name)
    # net price: the cost of attendance (tuition and living) less grants
    net_price = np.clip(0.45 * tuition + 9_000 + rng.normal(0, 2_500, n), 0, 60_000).round(-1)
    return pd.DataFrame({
        "UNITID": [str(100_000 + 7 * i) for i in range(n)], "INSTNM": names,
        "CITY": places, "STABBR": stabbr, "kind": kind, "CONTROL": control,
        "REGION": [codes.STATE_REGION[s] for s in stabbr], "LOCALE": locale,
        "SAT_AVG_ALL": np.where(sat_seen, sat, np.nan),
        "ADM_RATE_ALL": np.where(adm_seen, adm, np.nan),
        "tuition": np.where(tuition_seen, tuition, np.nan),
        "tuition_kind": np.where(~tuition_seen, None, np.where(kind == "certificate",
                                                               "program-year", "in-state")),
        "net_price": np.where(rng.random(n) < 0.92, net_price, np.nan), "quality": quality,
        "effect": rng.normal(0, 0.07, n)})


PROGRAMS_PER_KIND = {"four_year": (18, 7), "two_year": (10, 4), "certificate": (3, 1.5)}
CREDENTIALS_BY_KIND = {"four_year": ({3: 55, 5: 24, 6: 5, 7: 3, 8: 5, 4: 2, 2: 4, 1: 2}),
                       "two_year": ({2: 60, 1: 40}), "certificate": ({1: 92, 2: 8})}


def _sample(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), n, p=p / p.sum())]


def _programs(rng: np.random.Generator, inst: pd.DataFrame, scale: float = 1.0
              ) -> pd.DataFrame:
    mean = inst["kind"].map({k: v[0] * scale for k, v in PROGRAMS_PER_KIND.items()})
    sd = inst["kind"].map({k: v[1] * scale for k, v in PROGRAMS_PER_KIND.items()})
    counts = np.maximum(1, rng.normal(mean, sd).astype(int))
    progs = inst.loc[inst.index.repeat(counts), ["UNITID", "kind"]].reset_index(drop=True)
    progs["CREDLEV"] = 0
    for kind, weights in CREDENTIALS_BY_KIND.items():
        rows = progs["kind"] == kind
        progs.loc[rows, "CREDLEV"] = _sample(rng, weights, int(rows.sum())).astype(int)
    progs["CIP2"] = ""
    for cred, weights in CREDENTIAL_FIELDS.items():
        rows = progs["CREDLEV"] == cred
        progs.loc[rows, "CIP2"] = _sample(rng, weights, int(rows.sum()))
    progs["CIPCODE"] = ""
    for fam, programs in PROGRAMS.items():
        rows = progs["CIP2"] == fam
        progs.loc[rows, "CIPCODE"] = _sample(rng, dict.fromkeys(programs, 1), int(rows.sum()))
    return progs.drop(columns="kind").drop_duplicates(["UNITID", "CREDLEV", "CIPCODE"])


def _withheld(rng: np.random.Generator, inst: pd.DataFrame, published: pd.DataFrame
              ) -> pd.DataFrame:
    """Programs too small to publish earnings for: mostly privacy-suppressed, some not
    available; none repeats a published program."""
    extra = _programs(rng, inst, WITHHELD_SHARE)
    key = ["UNITID", "CREDLEV", "CIPCODE"]
    extra = extra.merge(published[key], on=key, how="left", indicator=True)
    extra = extra[extra["_merge"] == "left_only"].drop(columns="_merge")
    extra = extra.merge(inst, on="UNITID").reset_index(drop=True)
    extra["graduates"] = rng.integers(1, 15, len(extra)).astype(float)
    extra["earnings_status"] = np.where(rng.random(len(extra)) < 0.85, "suppressed",
                                        "not available")
    return extra


def _outcomes(rng: np.random.Generator, progs: pd.DataFrame) -> pd.DataFrame:
    """Later horizons' earnings, debt and its borrowers, and earnings thresholds."""
    n, published = len(progs), (progs["earnings_status"] == "published").to_numpy()
    growth = (progs["CREDLEV"].map(GROWTH_5YR) + progs["CIP2"].map(FIELD_GROWTH).fillna(0)
              ).to_numpy(float)
    # The later horizons measure older cohorts: most programs' are smaller (so fewer are
    # published), but some programs too small to publish now were big enough then.
    bigger_then = ((progs["earnings_status"] == "suppressed").to_numpy()
                   & (progs["graduates"].to_numpy() >= 8) & (rng.random(n) < 0.25))
    typical = progs.groupby(["CREDLEV", "CIP2"])["earnings"].transform("median")
    base = progs["earnings"].fillna(typical * rng.lognormal(0, 0.15, n)).to_numpy(float)
    counts = progs["earnings_count"].fillna(pd.Series(rng.integers(30, 60, n),
                                                      index=progs.index)).to_numpy(float)
    later = (published & (progs["graduates"].to_numpy() >= 20)) | bigger_then
    states = sorted(STATES)
    level = dict(zip(states, (rng.uniform(24_000, 34_000, len(states)) // 100) * 100,
                     strict=True))
    progs["threshold_state"] = progs["STABBR"].map(level)
    progs["threshold_nat"] = float(THRESHOLD_NAT)
    for column, share in zip(LATER, (0.8, 1.0), strict=True):
        value = base * np.exp(share * growth + rng.normal(0, 0.06, n))
        count = np.where(later, (counts * rng.uniform(0.75, 0.95, n)).round(), np.nan)
        shown = later
        if column == "EARN_MDN_4YR":  # the earnings test's measure: each graduate drawn,
            # and (as the Department does) published for 30 graduates or more
            value, above = _graduates(rng, value, count, progs["threshold_state"].to_numpy())
            shown = later & (count >= 30)
            progs["test_above"] = np.where(shown, above, np.nan)
            progs["test_count"] = count
            # a program too small to publish is suppressed; a withheld one stays so
            progs["test_earnings_status"] = np.where(shown, "published", np.where(
                progs["earnings_status"] == "not available", "not available", "suppressed"))
        progs[columns.HORIZON + column] = np.where(shown, value.round(-2), np.nan)
        progs[columns.HORIZON_COUNT + column] = np.where(shown, count, np.nan)
    progs["test_earnings"] = progs[columns.HORIZON + "EARN_MDN_4YR"]
    control = progs["CONTROL"].to_numpy()
    debt = (progs["CREDLEV"].map(DEBT_BASE) * progs["CONTROL"].map(CONTROL_DEBT)
            * rng.lognormal(0, 0.25, n)).round(-2)
    seen = (progs["graduates"].to_numpy() >= 12) | (rng.random(n) < 0.4)
    seen &= rng.random(n) < 0.93
    progs["debt"] = np.where(seen, debt, np.nan)
    progs["debt_any"] = np.where(seen, (debt * rng.uniform(1.0, 1.15, n)).round(-2), np.nan)
    share = pd.Series(control).map(BORROWERS).to_numpy(float)
    progs["debt_count"] = np.where(seen, (2 * progs["graduates"] * share).round(), np.nan)
    return progs


def _graduates(rng: np.random.Generator, median: np.ndarray, count: np.ndarray,
               benchmark: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw each program's graduates' earnings (log-normal, SPREAD around the program's
    median) and return what a release reports of them: their median, and how many earned
    more than the benchmark (EARN_GT_THRESHOLD_4YR), consistent with each other."""
    n = np.where(np.isfinite(count), count, 0).astype(np.int64)
    group = np.repeat(np.arange(len(n)), n)
    logs = np.repeat(np.log(np.nan_to_num(median, nan=1.0)), n) + rng.normal(0, SPREAD,
                                                                             n.sum())
    above = np.bincount(group, weights=logs > np.log(np.repeat(benchmark, n)),
                        minlength=len(n))
    ordered = logs[np.lexsort((logs, group))]
    starts = np.cumsum(n) - n
    low, high = starts + np.maximum(n - 1, 0) // 2, starts + n // 2
    middle = np.exp((ordered[np.minimum(low, len(ordered) - 1)]
                     + ordered[np.minimum(high, len(ordered) - 1)]) / 2) if len(ordered) \
        else np.full(len(n), np.nan)
    return np.where(n > 0, middle, np.nan), np.where(n > 0, above, np.nan)


def generate(n_institutions: int = DEFAULT_INSTITUTIONS, seed: int = SEED) -> pd.DataFrame:
    """Generate the demo programs (about 61,000 with earnings at the default size, 16,000
    without) in the cleaned columns."""
    rng = np.random.default_rng(seed)
    inst = _institutions(rng, n_institutions)
    progs = _programs(rng, inst).merge(inst, on="UNITID")
    # graduates in a year: at least 10 where earnings are published (as on the real files)
    progs["graduates"] = (10 + rng.lognormal(np.log(35), 0.9, len(progs))).round()
    prog_effect = {code: rng.normal(0, 0.06) for fam in PROGRAMS.values() for code in fam}
    if "5112" in prog_effect:
        prog_effect["5112"] = -0.25  # medical residents earn little in their first years
    log_earn = (np.log(progs["CREDLEV"].map(CREDENTIAL_BASE))
                + np.log(progs["CIP2"].map(FIELD_EFFECT))
                + np.log([INTERACTION.get((c, f), 1.0) for c, f in
                          zip(progs["CREDLEV"], progs["CIP2"])])
                + progs["CIPCODE"].map(prog_effect)
                + 0.085 * progs["quality"] * (progs["CREDLEV"] >= 3)
                + 0.03 * progs["quality"]
                + progs["CONTROL"].map(CONTROL_EFFECT) + progs["REGION"].map(REGION_EFFECT)
                + (progs["LOCALE"] // 10).map(LOCALE_EFFECT)
                + 0.03 * np.log(progs["tuition"].fillna(8_000) / 8_000)
                + progs["effect"]
                + rng.normal(0, 1, len(progs)) * np.sqrt(0.08 ** 2 + 0.5 / progs["graduates"]))
    progs["earnings"] = np.exp(log_earn).round(-2)
    progs["earnings_status"] = "published"
    progs = pd.concat([progs, _withheld(rng, inst, progs)], ignore_index=True)
    # the graduates behind the median: those working and not enrolled, over two years
    share = np.clip(rng.normal(0.62, 0.1, len(progs)), 0.2, 0.95)
    progs["earnings_count"] = np.where(progs["earnings_status"] == "published",
                                       (2 * progs["graduates"] * share).round(), np.nan)
    progs = _outcomes(np.random.default_rng(seed + 1), progs)  # its own stream: the
    # earnings above stay as they were before these columns existed
    progs["CIPDESC"] = progs["CIPCODE"].map({c: t for fam in PROGRAMS.values()
                                             for c, t in fam.items()})
    progs["FIELD"] = progs["CIP2"].map(codes.family_label)
    progs["CREDDESC"] = progs["CREDLEV"].map(codes.CREDLEV)
    progs = progs.sort_values(["UNITID", "CREDLEV", "CIPCODE"])
    return columns.conform(progs)
