"""Official College Scorecard codes and the human labels users see instead of them."""

from __future__ import annotations

import re

CONTROL: dict[int, str] = {1: "Public", 2: "Private nonprofit", 3: "Private for-profit",
                           4: "Foreign"}

REGION: dict[int, str] = {
    0: "U.S. Service Schools",
    1: "New England",
    2: "Mid East",
    3: "Great Lakes",
    4: "Plains",
    5: "Southeast",
    6: "Southwest",
    7: "Rocky Mountains",
    8: "Far West",
    9: "Outlying Areas",
}

LOCALE: dict[int, str] = {
    11: "City: large",
    12: "City: midsize",
    13: "City: small",
    21: "Suburb: large",
    22: "Suburb: midsize",
    23: "Suburb: small",
    31: "Town: fringe",
    32: "Town: distant",
    33: "Town: remote",
    41: "Rural: fringe",
    42: "Rural: distant",
    43: "Rural: remote",
}

CREDLEV: dict[int, str] = {
    1: "Undergraduate certificate",
    2: "Associate's degree",
    3: "Bachelor's degree",
    4: "Post-baccalaureate certificate",
    5: "Master's degree",
    6: "Doctoral degree",
    7: "First professional degree",
    8: "Graduate certificate",
}

# Official 2-digit CIP family titles (CIP 2020), as the Scorecard site lists them.
CIP_FAMILY: dict[str, str] = {
    "01": "AGRICULTURAL/ANIMAL/PLANT/VETERINARY SCIENCE AND RELATED FIELDS",
    "03": "NATURAL RESOURCES AND CONSERVATION",
    "04": "ARCHITECTURE AND RELATED SERVICES",
    "05": "AREA, ETHNIC, CULTURAL, GENDER, AND GROUP STUDIES",
    "09": "COMMUNICATION, JOURNALISM, AND RELATED PROGRAMS",
    "10": "COMMUNICATIONS TECHNOLOGIES/TECHNICIANS AND SUPPORT SERVICES",
    "11": "COMPUTER AND INFORMATION SCIENCES AND SUPPORT SERVICES",
    "12": "CULINARY, ENTERTAINMENT, AND PERSONAL SERVICES",
    "13": "EDUCATION",
    "14": "ENGINEERING",
    "15": "ENGINEERING/ENGINEERING-RELATED TECHNOLOGIES/TECHNICIANS",
    "16": "FOREIGN LANGUAGES, LITERATURES, AND LINGUISTICS",
    "19": "FAMILY AND CONSUMER SCIENCES/HUMAN SCIENCES",
    "22": "LEGAL PROFESSIONS AND STUDIES",
    "23": "ENGLISH LANGUAGE AND LITERATURE/LETTERS",
    "24": "LIBERAL ARTS AND SCIENCES, GENERAL STUDIES AND HUMANITIES",
    "25": "LIBRARY SCIENCE",
    "26": "BIOLOGICAL AND BIOMEDICAL SCIENCES",
    "27": "MATHEMATICS AND STATISTICS",
    "28": "MILITARY SCIENCE, LEADERSHIP AND OPERATIONAL ART",
    "29": "MILITARY TECHNOLOGIES AND APPLIED SCIENCES",
    "30": "MULTI/INTERDISCIPLINARY STUDIES",
    "31": "PARKS, RECREATION, LEISURE, FITNESS, AND KINESIOLOGY",
    "32": "BASIC SKILLS AND DEVELOPMENTAL/REMEDIAL EDUCATION",
    "33": "CITIZENSHIP ACTIVITIES",
    "34": "HEALTH-RELATED KNOWLEDGE AND SKILLS",
    "35": "INTERPERSONAL AND SOCIAL SKILLS",
    "36": "LEISURE AND RECREATIONAL ACTIVITIES",
    "37": "PERSONAL AWARENESS AND SELF-IMPROVEMENT",
    "38": "PHILOSOPHY AND RELIGIOUS STUDIES",
    "39": "THEOLOGY AND RELIGIOUS VOCATIONS",
    "40": "PHYSICAL SCIENCES",
    "41": "SCIENCE TECHNOLOGIES/TECHNICIANS",
    "42": "PSYCHOLOGY",
    "43": "HOMELAND SECURITY, LAW ENFORCEMENT, FIREFIGHTING AND RELATED PROTECTIVE SERVICES",
    "44": "PUBLIC ADMINISTRATION AND SOCIAL SERVICE PROFESSIONS",
    "45": "SOCIAL SCIENCES",
    "46": "CONSTRUCTION TRADES",
    "47": "MECHANIC AND REPAIR TECHNOLOGIES/TECHNICIANS",
    "48": "PRECISION PRODUCTION",
    "49": "TRANSPORTATION AND MATERIALS MOVING",
    "50": "VISUAL AND PERFORMING ARTS",
    "51": "HEALTH PROFESSIONS AND RELATED PROGRAMS",
    "52": "BUSINESS, MANAGEMENT, MARKETING, AND RELATED SUPPORT SERVICES",
    "53": "HIGH SCHOOL/SECONDARY DIPLOMAS AND CERTIFICATES",
    "54": "HISTORY",
    "60": "HEALTH PROFESSIONS RESIDENCY/FELLOWSHIP PROGRAMS",
    "61": "MEDICAL RESIDENCY/FELLOWSHIP PROGRAMS",
}

# The official state -> region map (IPEDS/BEA regions).
STATE_REGION: dict[str, int] = {
    **dict.fromkeys(["CT", "ME", "MA", "NH", "RI", "VT"], 1),
    **dict.fromkeys(["DE", "DC", "MD", "NJ", "NY", "PA"], 2),
    **dict.fromkeys(["IL", "IN", "MI", "OH", "WI"], 3),
    **dict.fromkeys(["IA", "KS", "MN", "MO", "NE", "ND", "SD"], 4),
    **dict.fromkeys(["AL", "AR", "FL", "GA", "KY", "LA", "MS", "NC", "SC", "TN", "VA", "WV"], 5),
    **dict.fromkeys(["AZ", "NM", "OK", "TX"], 6),
    **dict.fromkeys(["CO", "ID", "MT", "UT", "WY"], 7),
    **dict.fromkeys(["AK", "CA", "HI", "NV", "OR", "WA"], 8),
    **dict.fromkeys(["AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI"], 9),
}

_SMALL_WORDS = {"and", "of", "or", "the", "in", "for", "to"}


def title_case(text: str) -> str:
    """Turn an official upper-case title into readable title case ("Engineering and Related")."""
    words = re.split(r"(\s+|/|-)", text.strip().rstrip(".").lower())
    out = []
    for i, word in enumerate(words):
        out.append(word if (i and word in _SMALL_WORDS) else word[:1].upper() + word[1:])
    return "".join(out)


def family_label(code: str) -> str:
    """Human label of a CIP family code; unknown codes are shown as given."""
    title = CIP_FAMILY.get(code)
    return title_case(title) if title else code


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_CREDDESC_TO_LEVEL: dict[str, int] = {
    _norm(s): level
    for level, spellings in {
        1: ["Undergraduate Certificate or Diploma", "Certificate", "Undergraduate certificate"],
        2: ["Associate's Degree", "Associates Degree"],
        3: ["Bachelor's Degree", "Bachelors Degree"],
        4: ["Post-baccalaureate Certificate", "Post-bacc certificate"],
        5: ["Master's Degree", "Masters Degree"],
        6: ["Doctoral Degree", "Doctoral"],
        7: ["First Professional Degree", "First professional"],
        8: ["Graduate/Professional Certificate", "Graduate certificate"],
    }.items()
    for s in spellings
}
_CREDDESC_TO_LEVEL.update({_norm(label): level for level, label in CREDLEV.items()})


def credential_level(text: str) -> int | None:
    """Map any release's CREDDESC spelling ("Bachelors Degree", "Bachelor's Degree") to CREDLEV."""
    return _CREDDESC_TO_LEVEL.get(_norm(text))


_CONTROL_TEXT: dict[str, int] = {_norm(v): k for k, v in CONTROL.items()}
_CONTROL_TEXT.update({"privatenonprofit": 2, "privateforprofit": 3, "public": 1, "foreign": 4})


def control_code(text: str) -> int | None:
    """Map CONTROL as text ("Private, for-profit") or as a code ("3") to 1/2/3."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):  # "3", or "3.0" from a float column
        code = int(float(text))
        return code if code in CONTROL else None
    return _CONTROL_TEXT.get(_norm(text))


_FAMILY_BY_TITLE = {_norm(t): c for c, t in CIP_FAMILY.items()}


def family_from_title(title: str) -> str | None:
    """Find the CIP family code of an official family title, ignoring case and punctuation."""
    return _FAMILY_BY_TITLE.get(_norm(title))


STATE_NAME: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "AS": "American Samoa",
    "FM": "Micronesia", "GU": "Guam", "MH": "Marshall Islands", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "PW": "Palau", "VI": "U.S. Virgin Islands",
}


def money(value: float) -> str:
    """$52,300 (negative values as -$1,200): dollars as every page, file and answer writes
    them."""
    return f"-${abs(value):,.0f}" if value < 0 else f"${value:,.0f}"


def programs_of(label: str) -> str:
    """'Engineering programs'; a label that says programs already stays as it is ('Health
    Professions and Related Programs', not '... Programs programs')."""
    label = label.strip()
    return label if label.lower().endswith("programs") else f"{label} programs"


def signed_money(value: float) -> str:
    """+$1,200 / -$1,200: a difference in dollars, its sign always written."""
    return ("+" if value >= 0 else "-") + money(abs(value))
