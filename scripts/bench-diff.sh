#!/bin/sh
# bench-diff.sh [BUILD_DIR]: speed and memory of sbomdiff on synthetic
# CycloneDX JSON SBOMs of 10k, 50k and 200k components. The new side
# upgrades 5%, removes 1%, adds 1% and changes 1% of hashes; components
# are in a different order. Prints one line per size with the wall time
# and peak RSS (from /usr/bin/time -v). Target: 50k under 1 s, 200 MiB.
set -eu
B=${1:-build/rel}
prog=$B/sbomdiff
[ -x "$prog" ] || { echo "bench-diff: no $prog (run make first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-diff: needs /usr/bin/time" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen() {		# n dir
	python3 - "$1" "$2" <<'PY'
import json, random, sys
n, d = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(n)
eco = ["deb", "npm", "pypi", "maven", "golang", "rpm", "apk"]

def comp(i, v, h):
    e = eco[i % len(eco)]
    ns = {"deb": "debian/", "rpm": "fedora/", "apk": "alpine/",
          "maven": "org.example%d/" % (i % 97), "golang": "example.com/m/"}
    name = "pkg%07d" % i
    return {"bom-ref": "ref-%d-%d" % (i, rnd.randrange(1 << 30)),
            "type": "library", "name": name, "version": v,
            "hashes": [{"alg": "SHA-256", "content": "%064x" % h}],
            "licenses": [{"expression": "MIT OR Apache-2.0"}],
            "purl": "pkg:%s/%s%s@%s" % (e, ns.get(e, ""), name, v)}

def doc(comps):
    return {"bomFormat": "CycloneDX", "specVersion": "1.6",
            "serialNumber": "urn:uuid:%08x-0000-4000-8000-000000000000"
            % rnd.randrange(1 << 32), "version": 1,
            "metadata": {"component": {"type": "container", "name": "bench"}},
            "components": comps}

old, new = [], []
for i in range(n):
    v = "1.%d.%d" % (i % 13, i % 7)
    old.append(comp(i, v, i))
    r = rnd.random()
    if r < 0.01:
        continue
    if r < 0.06:
        v = "2.%d.0" % (i % 13)
    new.append(comp(i, v, i + (1 if 0.06 <= r < 0.07 else 0)))
for i in range(n, n + n // 100):
    new.append(comp(i, "0.1.0", i))
rnd.shuffle(new)
json.dump(doc(old), open(d + "/old.json", "w"))
json.dump(doc(new), open(d + "/new.json", "w"))
PY
}

printf '%-8s %10s %10s %12s\n' components seconds "peak MiB" changes
for n in 10000 50000 200000; do
	gen $n "$tmp"
	/usr/bin/time -v "$prog" --exit-zero -f json -o "$tmp/r.json" \
	    "$tmp/old.json" "$tmp/new.json" 2>"$tmp/time"
	secs=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tmp/time")
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	ch=$(grep -o '"kind":' "$tmp/r.json" | wc -l)
	printf '%-8s %10s %10s %12s\n' $n "$secs" $((kb / 1024)) $ch
done
