#!/bin/sh
# The JSON and NDJSON reports of "sbomdiff stages" validate against
# schemas/sbomdiff-stages.schema.json, for every stage classification.
set -u
: "${SBOMDIFF:?}" "${TOP:?}"
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "skip: python3 jsonschema missing"; exit 77; }
in=$TOP/testdata/sbomdiff/7000-inputs
python3 - "$SBOMDIFF" "$TOP/schemas/sbomdiff-stages.schema.json" "$in" \
    "$TOP/testdata/sbomdiff/7011-stages-waiver-today/p.yaml" <<'PY'
import json, os, subprocess, sys
import jsonschema

prog, schema_path, inputs, policy = sys.argv[1:5]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
change = dict(schema["$defs"]["change"], **{"$defs": schema["$defs"]})
runs = [
    ["build=build.cdx.json", "registry=registry.cdx.xml"],
    ["a=build.cdx.json", "b=rebuilt.cdx.json", "c=runtime-partial.cdx.json",
     "d=runtime-syft.cdx.json", "e=nodigest.cdx.json",
     "f=runtime-mutated.cdx.json"],
    ["--policy", policy, "build=build.cdx.json",
     "runtime=runtime-mutated.cdx.json"],
    ["--fail-on", "any", "--show-equivalent", "--require-same-subject",
     "build=build.cdx.json", "registry=rebuilt.cdx.json"],
]
env = dict(os.environ, SBOMDIFF_TODAY="2027-02-01")
n = 0
for args in runs:
    for fmt in ("json", "ndjson"):
        r = subprocess.run([prog, "stages", "-f", fmt] + args,
                           capture_output=True, cwd=inputs, env=env)
        if r.returncode not in (0, 1, 3):
            sys.exit("exit %d: %s" % (r.returncode, r.stderr.decode()))
        if fmt == "json":
            jsonschema.validate(json.loads(r.stdout), schema)
        else:
            for line in r.stdout.decode().splitlines():
                jsonschema.validate(json.loads(line), change)
        n += 1
print("%d stages reports valid" % n)
PY
