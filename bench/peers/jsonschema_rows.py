#!/usr/bin/env python3
"""Validate every row of a CSV or JSONL file against a feed's JSON Schema
with python-jsonschema: the "just loop over rows with a generic validator"
script a data team would write first. bench/run measures it as a peer.

usage: jsonschema_rows.py [--schema-dir DIR] FEED FILE
       jsonschema_rows.py --dump-schema FEED     (print the fallback schema)

The schema comes from DIR/FEED.json (default: the repo's schemas/); if that
file does not exist, an equivalent schema built from the spec tables below is
used. CSV cells are converted to the JSON type their property declares
(NULL -> null, integer, number, boolean) before validation, as any JSON
Schema check of CSV must.
"""
import csv
import json
import os
import sys

import jsonschema

S, T, I, N, B = "String", "Timestamp", "Integer", "Decimal", "Bool"

# Fallback: (field, required, type) in spec order, from spec/send-s3.md.
SPEC = {
    "transcripts": [
        ("conversation_externalId", True, S), ("sender_externalId", True, S),
        ("sender_role", True, S), ("text", True, S), ("timestamp", True, T),
    ],
    "call_center": [
        ("customer_id", True, S), ("conversation_id", False, S), ("call_start", True, T),
        ("call_end", True, T), ("call_assigned_to_agent", False, T), ("customer_type", False, S),
        ("survey_offered", False, B), ("survey_taken", False, B), ("survey_answer", False, S),
        ("toll_free_number", False, S), ("ivr_intent", False, S), ("ivr_resolved", False, B),
        ("ivr_abandoned", False, B), ("agent_queue_assigned", False, S), ("time_in_queue", False, I),
        ("queue_abandoned", False, B), ("call_handle_time", False, I), ("call_wrap_time", False, I),
        ("transfer", False, S), ("disposition_category", False, S), ("disposition_notes", False, S),
        ("transaction_completed", False, S), ("caller_account_value", False, N),
    ],
    "sales_attribution": [
        ("transaction_id", True, S), ("transaction_time", True, T),
        ("transaction_value_one_time", False, N), ("transaction_value_recurring", False, N),
        ("customer_category", False, S), ("customer_subcategory", False, S),
        ("external_customer_id", False, S), ("issue_id", False, S),
        ("external_session_id", True, S), ("product_category", False, S),
        ("product_subcategory", False, S), ("product_name", False, S), ("product_id", False, S),
        ("product_quantity", True, I), ("product_value_one_time", False, N),
        ("product_value_recurring", False, N),
    ],
}
JSON_TYPE = {S: "string", T: "string", I: "integer", N: "number", B: "boolean"}


def fallback_schema(feed):
    props = {}
    for name, required, kind in SPEC[feed]:
        p = {"type": JSON_TYPE[kind] if required else [JSON_TYPE[kind], "null"]}
        if kind == T:
            p["format"] = "date-time"
        props[name] = p
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": props,
        "required": [n for n, r, _ in SPEC[feed] if r],
    }


def load_schema(feed, schema_dir):
    path = os.path.join(schema_dir, feed + ".json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f), path
    return fallback_schema(feed), "embedded fallback"


def converter(types):
    """Return a function turning a CSV cell into the first JSON type it fits."""
    types = [types] if isinstance(types, str) else list(types or [])

    def convert(cell):
        if cell == "NULL":
            return None
        for t in types:
            try:
                if t == "integer":
                    return int(cell)
                if t == "number":
                    return float(cell)
            except ValueError:
                continue
            if t == "boolean" and cell in ("true", "false"):
                return cell == "true"
        return cell

    return convert


def rows(path, schema):
    if path.endswith(".csv"):
        conv = {k: converter(v.get("type")) for k, v in schema.get("properties", {}).items()}
        keep = lambda c: c
        with open(path, newline="", encoding="utf-8") as f:
            r = csv.reader(f)
            header = next(r)
            fns = [conv.get(h, keep) for h in header]
            for rec in r:
                yield {h: fn(c) for h, fn, c in zip(header, fns, rec)}
    else:
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def main(argv):
    schema_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")
    if len(argv) == 3 and argv[1] == "--dump-schema":
        json.dump(fallback_schema(argv[2]), sys.stdout, indent=2)
        return 0
    if len(argv) >= 3 and argv[1] == "--schema-dir":
        schema_dir, argv = argv[2], argv[:1] + argv[3:]
    if len(argv) != 3 or argv[1] not in SPEC:
        print(__doc__, file=sys.stderr)
        return 2
    schema, source = load_schema(argv[1], schema_dir)
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    n = invalid = 0
    for row in rows(argv[2], schema):
        n += 1
        # iter_errors, not is_valid: a linter reports every error, not the first.
        if any(True for _ in validator.iter_errors(row)):
            invalid += 1
    print(f"rows={n} invalid={invalid} schema={source}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
