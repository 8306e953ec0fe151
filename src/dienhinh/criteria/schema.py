"""The JSON Schema of a plan template (YAML or JSON).

The schema checks the shape; `validate.py` adds what a schema cannot say (codes
that exist in the catalogue, windows inside the period, profile references).

A criterion is an object with exactly one of these keys, plus optional
`id`, `section` (where in the original plan it comes from, e.g. "mục III.1"),
`what` (a Vietnamese noun phrase for the thing counted, used in explanations) and
`label` (a short name of the whole criterion, said when it is met):

  count:       {select, min, window?}   at least `min` matching records in the window
  every_year:  {select, window?}        a matching record in each year of the window
  consecutive: {select, years, window?} `years` consecutive years, each with a record
  in_year:     {select, year?}          a matching record in year Y (or a fixed year)
  growth:      {codes, window?}         each indicator strictly greater than the year
                                        before, every year of the window after the first
  members:     {quantifier: none|any|all, criterion}  over the collective's members
  own_unit:    {profile} or {criterion} the individual's own unit passes it
  all / any:   [criterion, ...]
  not:         criterion
  pending:     "Vietnamese text"        attested by a reviewer; only at a profile's top level

A selector picks ledger records: `codes` (list), `kind`, `issuers` (list),
`levels` (list), `level_min`, `rank_min`, `or_higher` (title ladders and ratings).
`select` is one selector or a list of them (a record matching any counts once).

A criterion may carry `quote`: the plan's own words it stands for (ledger criteria;
a pending criterion's text is itself the quote). A profile may carry `prefer`
({order: codes highest first, text, section}): candidates holding a higher code in the
window come first — an order, never a verdict.

Quotas name their units with `unit_kinds` and/or `units`: a list of matchers
({unit_kinds, depth, names, parent_names}); a unit is bound when it matches one.
`depth` counts levels below the plan's agency (1 = directly under it); `names` and
`parent_names` are pieces of the unit's (or its parent's) name, case ignored.

Steps may say `after` (step ids whose deadline must come first: a clash is a warning),
`review` (yearly, midterm, final) and `conference` (held with a conference or
congress). `replication` and `benefits` items are objects ({channel | kind, text,
section, …}) read by the features that carry them out; a plain string is still
accepted (channel or kind "other"). `effective_from` (a date) drops deadlines before it.

`ballot_rules` (optional) gives, per level (agency, province, ministry), the council's
passing rule: `denominator` (all members, members present, valid ballots), `share` as
an exact fraction ("2/3"), `strict` ("more than"), `written` (written votes of absent
members count), and `section` / `note` saying where in the plan it comes from.
"""

YEAR = {"type": "integer", "minimum": 1945, "maximum": 2100}
CODE_LIST = {"type": "array", "items": {"type": "string"}, "minItems": 1}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": "string", "minLength": 1}

SELECTOR = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "codes": CODE_LIST,
        "kind": {"enum": ["title", "commendation", "initiative", "rating", "discipline", "indicator"]},
        "issuers": CODE_LIST,
        "levels": CODE_LIST,
        "level_min": {"type": "string"},
        "rank_min": {"type": "integer", "minimum": 1},
        "or_higher": {"type": "boolean"},
    },
    "anyOf": [{"required": ["codes"]}, {"required": ["kind"]}],
}
SELECT = {"oneOf": [SELECTOR, {"type": "array", "items": SELECTOR, "minItems": 1}]}
WINDOW = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"start": YEAR, "end": YEAR},
}

CRITERION_KEYS = [
    "count", "every_year", "consecutive", "in_year", "growth",
    "members", "own_unit", "all", "any", "not", "pending",
]

CRITERION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "section": {"type": "string"},
        "what": {"type": "string"},
        "label": {"type": "string"},
        "quote": {"type": "string"},
        "count": {
            "type": "object", "additionalProperties": False, "required": ["select", "min"],
            "properties": {"select": SELECT, "min": {"type": "integer", "minimum": 1},
                           "window": WINDOW},
        },
        "every_year": {
            "type": "object", "additionalProperties": False, "required": ["select"],
            "properties": {"select": SELECT, "window": WINDOW},
        },
        "consecutive": {
            "type": "object", "additionalProperties": False, "required": ["select", "years"],
            "properties": {"select": SELECT, "years": {"type": "integer", "minimum": 1},
                           "window": WINDOW},
        },
        "in_year": {
            "type": "object", "additionalProperties": False, "required": ["select"],
            "properties": {"select": SELECT, "year": YEAR},
        },
        "growth": {
            "type": "object", "additionalProperties": False, "required": ["codes"],
            "properties": {"codes": CODE_LIST, "window": WINDOW},
        },
        "members": {
            "type": "object", "additionalProperties": False,
            "required": ["quantifier", "criterion"],
            "properties": {"quantifier": {"enum": ["none", "any", "all"]},
                           "criterion": {"$ref": "#/$defs/criterion"}},
        },
        "own_unit": {
            "type": "object", "additionalProperties": False,
            "properties": {"profile": {"type": "string"},
                           "criterion": {"$ref": "#/$defs/criterion"}},
            "oneOf": [{"required": ["profile"]}, {"required": ["criterion"]}],
        },
        "all": {"type": "array", "items": {"$ref": "#/$defs/criterion"}, "minItems": 1},
        "any": {"type": "array", "items": {"$ref": "#/$defs/criterion"}, "minItems": 1},
        "not": {"$ref": "#/$defs/criterion"},
        "pending": TEXT,
    },
    "oneOf": [{"required": [key]} for key in CRITERION_KEYS],
}

# A deadline rule, as data the workflow can compute dates from.
RULE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "yearly_before": {
            "type": "object", "additionalProperties": False, "required": ["month", "day"],
            "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12},
                           "day": {"type": "integer", "minimum": 1, "maximum": 31},
                           # the results of year Y are due on that day of year Y+1
                           "following_year": {"type": "boolean"}},
        },
        "once_before": DATE,
        "quarterly": {"const": True},
        "in_quarter": {
            "type": "object", "additionalProperties": False, "required": ["year", "quarter"],
            "properties": {"year": YEAR, "quarter": {"type": "integer", "minimum": 1, "maximum": 4}},
        },
        "in_half": {
            "type": "object", "additionalProperties": False, "required": ["year", "half"],
            "properties": {"year": YEAR, "half": {"type": "integer", "minimum": 1, "maximum": 2}},
        },
        "in_year": YEAR,
        "yearly": {"const": True},
    },
    "oneOf": [{"required": [k]} for k in
              ["yearly_before", "once_before", "quarterly", "in_quarter", "in_half",
               "in_year", "yearly"]],
}

STEP_KINDS = [
    "registration", "discovery", "fostering", "nomination", "appraisal", "ballot", "decision",
    "certificate", "reward", "proposal", "replication", "review", "conference", "report",
    "scoring",
]

UNIT_MATCH = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "unit_kinds": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "depth": {"type": "integer", "minimum": 1},
        "names": {"type": "array", "items": TEXT, "minItems": 1},
        "parent_names": {"type": "array", "items": TEXT, "minItems": 1},
    },
    "minProperties": 1,
}

REVIEW_KINDS = ["yearly", "midterm", "final"]

STEP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "kind", "label", "section"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "kind": {"enum": STEP_KINDS},
        "label": TEXT,
        "section": TEXT,
        "level": {"enum": ["agency", "province", "ministry", "town"]},
        "responsible": TEXT,
        "responsible_unit_kinds": {"type": "array", "items": {"type": "string"}},
        # which of those units lead the step by default (matchers as in a quota's units)
        "responsible_units": {"type": "array", "items": UNIT_MATCH, "minItems": 1},
        "sends_to": {"type": "string"},
        "secret_ballot": {"type": "boolean"},
        "after": {"type": "array", "items": {"type": "string"}},
        "review": {"enum": REVIEW_KINDS},
        "conference": {"type": "boolean"},
        "deadline": RULE,
        # A one-off exception to the rule, e.g. 2022: before 5 March.
        "exceptions": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False,
                      "required": ["year", "before"],
                      "properties": {"year": YEAR, "before": DATE}},
        },
    },
}

QUOTA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "label", "section", "per", "every"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "label": TEXT,
        "section": TEXT,
        "step": {"type": "string"},
        "min": {"type": "integer", "minimum": 0},
        "max": {"type": "integer", "minimum": 1},
        # who the quota applies to: each unit of the listed kinds, or the plan's agency as a whole
        "per": {"enum": ["unit", "plan"]},
        # how often: each year, each quarter, or once for the period
        "every": {"enum": ["year", "quarter", "period"]},
        "unit_kinds": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "units": {"type": "array", "items": UNIT_MATCH, "minItems": 1},
        # each listed subject type must appear at least once among the registered subjects
        "subject_types": {"type": "array", "items": {"enum": ["individual", "collective"]}},
        "used_for": {"type": "string"},
    },
    "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
}

BALLOT_RULE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["denominator", "share"],
    "properties": {
        "denominator": {"enum": ["all", "present", "valid"]},
        "share": {"type": "string", "pattern": r"^\d+/\d+$"},
        "strict": {"type": "boolean"},
        "written": {"type": "boolean"},
        "section": {"type": "string"},
        "note": {"type": "string"},
    },
}

REPLICATION_CHANNELS = [
    "portal_column", "website", "radio", "bulletin", "media", "articles", "announcement",
    "staff_outreach", "study_visit", "conference", "other",
]
BENEFIT_KINDS = ["reward", "certificate", "bonus", "study_visit", "other"]
LEVELS = ["agency", "province", "ministry", "town"]

REPLICATION = {"oneOf": [TEXT, {
    "type": "object",
    "additionalProperties": False,
    "required": ["channel", "text"],
    "properties": {
        "channel": {"enum": REPLICATION_CHANNELS},
        "text": TEXT,
        "section": {"type": "string"},
        "responsible": {"type": "string"},
        "title": {"type": "string"},  # the column's or programme's own name
    },
}]}
BENEFIT = {"oneOf": [TEXT, {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "text"],
    "properties": {
        "kind": {"enum": BENEFIT_KINDS},
        "level": {"enum": LEVELS},
        "text": TEXT,
        "section": {"type": "string"},
    },
}]}

PROFILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "criteria"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "name": TEXT,
        "section": {"type": "string"},
        "prefer": {
            "type": "object", "additionalProperties": False, "required": ["order"],
            "properties": {"order": CODE_LIST, "text": {"type": "string"},
                           "section": {"type": "string"}},
        },
        "match": {
            "type": "object", "additionalProperties": False, "required": ["subject_type"],
            "properties": {
                "subject_type": {"enum": ["individual", "collective"]},
                "unit_kinds": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "positions": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            },
        },
        "criteria": {"type": "array", "items": {"$ref": "#/$defs/criterion"}},
    },
}

TEMPLATE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "agency", "period", "profiles"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "name": TEXT,
        "agency": TEXT,
        "source": {"type": "string"},
        "period": {
            "type": "object", "additionalProperties": False, "required": ["start", "end"],
            "properties": {"start": YEAR, "end": YEAR},
        },
        "parent_plan": {"type": "string"},
        "movement": {"type": "string"},
        "profiles": {"type": "array", "items": PROFILE, "minItems": 1},
        "steps": {"type": "array", "items": STEP},
        "quotas": {"type": "array", "items": QUOTA},
        "effective_from": DATE,
        "replication": {"type": "array", "items": REPLICATION},
        "benefits": {"type": "array", "items": BENEFIT},
        "ballot_rules": {
            "type": "object", "additionalProperties": False,
            "properties": {level: BALLOT_RULE for level in ("agency", "province", "ministry")},
        },
    },
    "$defs": {"criterion": CRITERION},
}
