#!/bin/sh
# The JSON and NDJSON reports of sbomdiff validate against the schema the
# project ships, schemas/sbomdiff-report.schema.json.
set -u
: "${SBOMDIFF:?}" "${TOP:?}"
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "skip: python3 jsonschema missing"; exit 77; }
in=$TOP/testdata/sbomdiff/inputs
python3 - "$SBOMDIFF" "$TOP/schemas/sbomdiff-report.schema.json" "$in" \
    "$TOP/testdata/sbomdiff" <<'PY'
import json, os, subprocess, sys
import jsonschema

prog, schema_path, inputs, cases = sys.argv[1:5]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
change = dict(schema["$defs"]["change"], **{"$defs": schema["$defs"]})
pairs = [("kinds-old.json", "kinds-new.json"),
         ("kinds-new.json", "kinds-old.json"),
         ("kinds-old.json", "kinds-old.xml"),
         ("kinds-old.xml", "kinds-old.spdx.json")]
opts = [["--graph", "--show-equivalent"], ["--fail-on", "downgrade,added"],
        ["--require-same-subject"], ["--exit-zero"]]
n = 0
for a, b in pairs:
    for o in opts:
        args = [prog] + o + [inputs + "/" + a, inputs + "/" + b]
        r = subprocess.run(args[:1] + ["-f", "json"] + args[1:],
                           capture_output=True)
        jsonschema.validate(json.loads(r.stdout), schema)
        r = subprocess.run(args[:1] + ["-f", "ndjson"] + args[1:],
                           capture_output=True)
        for line in r.stdout.decode().splitlines():
            jsonschema.validate(json.loads(line), change)
        n += 1
# Waivers, active and expired.
pol = cases + "/6009-policy-waiver-expired/p.yaml"
old = cases + "/6000-inputs/old.cdx.json"
new = cases + "/6000-inputs/new.cdx.json"
for day in ("2023-01-31", "2023-02-01"):
    env = dict(os.environ, SBOMDIFF_TODAY=day)
    r = subprocess.run([prog, "-f", "json", "--policy", pol, old, new],
                       capture_output=True, env=env)
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    w = [c["waiver"] for c in doc["comparisons"][0]["changes"] if c["waiver"]]
    assert w and w[0]["expired"] == (day != "2023-01-31"), w
    n += 1
print("%d reports valid" % n)
PY
