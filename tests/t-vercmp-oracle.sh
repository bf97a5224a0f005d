#!/bin/sh
# Checks common/vercmp.c against the real tools on thousands of pairs:
# dpkg (python3-apt, cross-checked with dpkg --compare-versions), rpm
# (python3-rpm), PEP 440 (python3-packaging), SemVer (npm's semver) and
# Maven (ComparableVersion from Debian's maven jars). The versions are
# real ones (Debian's package lists, the fixtures, the npm registry)
# plus synthetic grids of the tricky spellings. apk has no oracle on
# Debian: its cases are the built-in table of unit/vercmp_oracle_test.
# A scheme whose oracle is missing is skipped with a note; exit 77 only
# if every one is. Environment: B, TOP, SHARED (see tests/run-all.sh);
# VERCMP_ORACLE_PAIRS (pairs per scheme, default 3000) and
# VERCMP_ORACLE_SEED (default 0) for longer or different runs.
set -u
B=${B:-build/rel}
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
SHARED=${SHARED:-$TOP/../shared}
check=$B/unit/vercmp_oracle_test
fx=$SHARED/fixtures
py=/usr/bin/python3
npairs=${VERCMP_ORACLE_PAIRS:-3000}
export VERCMP_ORACLE_SEED="${VERCMP_ORACLE_SEED:-0}"
if [ ! -x "$check" ]; then
	echo "skip: $check not built"
	exit 77
fi
if [ ! -x "$py" ]; then
	echo "skip: $py missing"
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
ran=0 failed=0

# pairs N < versions > "a<TAB>b": neighbours in sorted order (the
# closest spellings) and random pairs, fixed seed, no duplicates.
cat > "$tmp/pairs.py" <<'EOF'
import os, random, re, sys
n = int(sys.argv[1])
seed = int(os.environ["VERCMP_ORACLE_SEED"])
vs = sorted({l.strip() for l in sys.stdin
    if l.strip() and not any(c.isspace() for c in l.strip())})
rnd = random.Random(440 + seed)
out = set()
for i in range(len(vs) - 1):
    out.add((vs[i], vs[i + 1]))
out = set(rnd.sample(sorted(out), min(len(out), n // 2)))
# Spellings that differ only in case, separators or zeros: the pairs
# most likely to be equal.
groups = {}
for v in vs:
    groups.setdefault(re.sub("[^a-z1-9]", "", v.lower()), []).append(v)
near = [(g[i], g[j]) for g in groups.values()
    for i in range(len(g)) for j in range(i + 1, len(g))]
out |= set(rnd.sample(near, min(len(near), n // 5)))
tries = 0
while len(vs) > 1 and len(out) < n and tries < 20 * n:
    tries += 1
    out.add(tuple(rnd.sample(vs, 2)))
for a, b in sorted(out):
    print(a + "\t" + b)
EOF

# verdict NAME FILE: runs the checker on FILE ("scheme a b want").
verdict() {
	ran=$((ran + 1))
	if ! "$check" "$2" > "$tmp/$1.out" 2>&1; then
		failed=$((failed + 1))
	fi
	cat "$tmp/$1.out"
}

skip() {
	echo "$1: skipped ($2)"
}

# --- dpkg -----------------------------------------------------------
dpkg_versions() {
	cat "$fx"/dpkg/*/var/lib/dpkg/status 2>/dev/null |
	    sed -n 's/^Version: //p'
	for f in /var/lib/apt/lists/*_Packages*; do
		[ -f "$f" ] || continue
		/usr/lib/apt/apt-helper cat-file "$f" 2>/dev/null |
		    sed -n 's/^Version: //p'
	done
	dpkg-query -W -f '${Version}\n' 2>/dev/null
	cat <<'EOF'
1.0~rc1
1.0
1.0~
1.0~~
1:0.1
2.0
1.0-1
1.0-1.1
1.0+b1
1.0-1+b1
0:1.0
1.0-0
1.0a
1.0+
1.0.1
00001.0
1.2-3-4
1:2:3
2:1
10:0
1.0+dfsg-1~bpo11+1
1.0+dfsg-1
1.0~git20200101.abc-1
1.0.0~rc1+ds-2ubuntu0.1
1.2.3-1~deb12u1
1.2.3-1+deb12u1
EOF
}

dpkg_oracle() {
	dpkg_versions | sort -u | "$py" "$tmp/pairs.py" "$npairs" \
	    > "$tmp/dpkg.pairs"
	if "$py" -c 'import apt_pkg' 2>/dev/null; then
		"$py" - "$tmp/dpkg.pairs" > "$tmp/dpkg.tsv" <<'EOF'
import sys, apt_pkg
apt_pkg.init_system()
for line in open(sys.argv[1]):
    a, b = line.rstrip("\n").split("\t")
    c = apt_pkg.version_compare(a, b)
    print("dpkg\t%s\t%s\t%d" % (a, b, (c > 0) - (c < 0)))
EOF
		n=300
	else
		echo "dpkg: python3-apt missing, dpkg alone on fewer pairs"
		: > "$tmp/dpkg.tsv"
		n=1500
	fi
	# dpkg itself, one process per question, on a subset.
	awk -v n=$n 'NR % 10 == 0 && c < n { print; c++ }' "$tmp/dpkg.pairs" |
	while IFS='	' read -r a b; do
		if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then
			w=-1
		elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then
			w=0
		else
			w=1
		fi
		printf 'dpkg\t%s\t%s\t%s\n' "$a" "$b" "$w"
	done >> "$tmp/dpkg.tsv"
	verdict dpkg "$tmp/dpkg.tsv"
}

# --- rpm ------------------------------------------------------------
rpm_oracle() {
	if ! "$py" -c 'import rpm; rpm.ver' 2>/dev/null; then
		skip rpm "python3-rpm missing"
		return
	fi
	{
		cat "$fx"/rpm/*/EXPECTED-rpm-qa.tsv 2>/dev/null |
		    awk -F'\t' '!/^#/ && NF >= 4 {
			print $3 "-" $4; print $2 ":" $3 "-" $4; print $3 }'
		"$py" - <<'EOF'
import itertools, os, random
rnd = random.Random(7 + int(os.environ["VERCMP_ORACLE_SEED"]))
segs = ["1", "01", "001", "2", "10", "0", "a", "b", "rc", "alpha",
    "beta", "git", "Z", "el8", "el9", "fc38", "cm2"]
seps = [".", "_", "+", "~", "^", "-", "", ".~", "~~", "^^", "%"]
for _ in range(2500):
    n = rnd.randint(1, 5)
    s = rnd.choice(segs[:6])
    for _ in range(n):
        s += rnd.choice(seps) + rnd.choice(segs)
    if rnd.random() < 0.2:
        s = str(rnd.randint(0, 3)) + ":" + s
    print(s)
for a, b in itertools.product(["1.0", "1.0~rc1", "1.0^git1", "1.0.1",
        "1.0a", "1.0~", "1.0^", "1.00", "1.0_1", "1.0-1", "1:1.0"],
        repeat=2):
    print(a)
EOF
	} | sort -u | "$py" "$tmp/pairs.py" "$npairs" > "$tmp/rpm.pairs"
	"$py" - "$tmp/rpm.pairs" > "$tmp/rpm.tsv" <<'EOF'
import sys, rpm
for line in open(sys.argv[1]):
    a, b = line.rstrip("\n").split("\t")
    va, vb = rpm.ver(a), rpm.ver(b)
    print("rpm\t%s\t%s\t%d" % (a, b, (va > vb) - (va < vb)))
EOF
	verdict rpm "$tmp/rpm.tsv"
}

# --- PEP 440 --------------------------------------------------------
pep440_oracle() {
	if ! "$py" -c 'import packaging.version' 2>/dev/null; then
		skip pep440 "python3-packaging missing"
		return
	fi
	{
		grep -rhs '^Version:' "$fx/python" | sed 's/^Version: *//'
		grep -rhsoE '==[0-9][^ ;"]*' "$fx/python" | sed 's/^==//'
		grep -rhsoE '^version = "[^"]+"' "$fx/python" |
		    sed 's/^version = "//; s/"$//'
		"$py" - <<'EOF'
import os, random
rnd = random.Random(440 + int(os.environ["VERCMP_ORACLE_SEED"]))
epoch = ["", "", "", "1!", "0!", "2!"]
rel = ["1", "1.0", "1.0.0", "1.2", "2", "0.9.10", "01.2", "1.0.0.0.1",
    "2013.10", "1.10"]
sep = ["", ".", "-", "_"]
pre = ["", "", "a", "b", "rc", "c", "alpha", "beta", "pre", "preview",
    "A", "RC", "Beta"]
post = ["", "", "", "post", "rev", "r", "POST"]
dev = ["", "", "", "dev", "DEV"]
num = ["", "0", "1", "2", "10", "01"]
local = ["", "", "", "+abc", "+1", "+abc.1", "+ABC-2", "+1.abc",
    "+abc_0", "+0", "+a.b.c", "+ubuntu1", "+x", "+"]
def part(words):
    w = rnd.choice(words)
    if not w:
        return ""
    return rnd.choice(sep) + w + rnd.choice(sep[:2]) + rnd.choice(num)
for _ in range(3000):
    v = rnd.choice(["", "", "v", "V"]) + rnd.choice(epoch)
    v += rnd.choice(rel) + part(pre)
    if rnd.random() < 0.15:
        v += "-" + rnd.choice(num[1:])
    else:
        v += part(post)
    v += part(dev) + rnd.choice(local)
    print(v)
for bad in ["1.0-", "1..0", "1.0.x", "abc", "1.0+abc.", "!1", "1.0_",
        "1.0a.", "1.0.post.", "1.0-post-1", "1.0a-1", "1.0.rc.1.dev.1"]:
    print(bad)
EOF
	} | sort -u | "$py" "$tmp/pairs.py" "$npairs" > "$tmp/pep440.pairs"
	"$py" - "$tmp/pep440.pairs" > "$tmp/pep440.tsv" <<'EOF'
import sys
from packaging.version import Version, InvalidVersion
def parse(s):
    try:
        return Version(s)
    except InvalidVersion:
        return None
for line in open(sys.argv[1]):
    a, b = line.rstrip("\n").split("\t")
    va, vb = parse(a), parse(b)
    if va is None or vb is None:
        c = 2
    else:
        c = (va > vb) - (va < vb)
    print("pep440\t%s\t%s\t%d" % (a, b, c))
EOF
	verdict pep440 "$tmp/pep440.tsv"
}

# --- SemVer ---------------------------------------------------------
semver_module() {
	for d in "$TOP/build/npm" "$TOP/build/npm-vercmp"; do
		if [ -f "$d/node_modules/semver/package.json" ]; then
			echo "$d/node_modules/semver"
			return 0
		fi
	done
	command -v npm >/dev/null 2>&1 || return 1
	# A prefix of our own: installing into build/npm would prune the
	# packages scripts/deps-npm.sh put there.
	d=$TOP/build/npm-vercmp
	timeout 60 npm install --no-audit --no-fund --no-save --prefix "$d" \
	    semver@7 >/dev/null 2>&1 || return 1
	[ -f "$d/node_modules/semver/package.json" ] || return 1
	echo "$d/node_modules/semver"
}

semver_oracle() {
	if ! command -v node >/dev/null 2>&1; then
		skip semver "node missing"
		return
	fi
	if ! mod=$(semver_module); then
		skip semver "npm package semver missing and not installable"
		return
	fi
	: > "$tmp/npm.json"
	for p in typescript react next @angular/core webpack; do
		timeout 20 npm view "$p" versions --json 2>/dev/null \
		    > "$tmp/npm-$(echo "$p" | tr -c 'a-z0-9\n' _).json" &
	done
	wait
	cat > "$tmp/semver.js" <<'EOF'
const fs = require("fs");
const semver = require(process.argv[2]);
const out = [];
let real = 0;
for (const f of process.argv.slice(4)) {
	let list = [];
	try { list = JSON.parse(fs.readFileSync(f, "utf8")); } catch (e) {}
	if (Array.isArray(list)) { real += list.length; out.push(...list); }
}
/* Synthetic: the SemVer spec's examples, Go pseudo-versions, builds. */
const pre = ["", "-alpha", "-alpha.1", "-alpha.beta", "-beta", "-beta.2",
    "-beta.11", "-rc.1", "-0", "-1", "-10", "-9", "-a-b", "-a.0",
    "-0.20191109021931-daa7c04131f5", "-20191109021931-daa7c04131f5",
    "-pre.0.20200101000000-aaaaaaaaaaaa", "-x.7.z.92", "-A", "-a", "--"];
const build = ["", "", "", "+build.1", "+incompatible", "+001", "+a-b"];
for (const m of ["0.0.0", "0.0.1", "1.0.0", "1.2.3", "1.2.4", "2.0.0",
    "10.0.0", "1.10.0", "1.2.10"])
	for (const p of pre)
		for (const b of build)
			out.push((out.length % 3 ? "" : "v") + m + p + b);
out.push("1.2", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b");
console.error("semver: " + real + " versions from the npm registry");
fs.writeFileSync(process.argv[3], out.join("\n") + "\n");
EOF
	node "$tmp/semver.js" "$mod" "$tmp/semver.versions" "$tmp"/npm-*.json
	sort -u "$tmp/semver.versions" | "$py" "$tmp/pairs.py" "$npairs" \
	    > "$tmp/semver.pairs"
	cat > "$tmp/semver-cmp.js" <<'EOF'
const fs = require("fs");
const semver = require(process.argv[2]);
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n");
const out = [];
for (const l of lines) {
	if (!l)
		continue;
	const [a, b] = l.split("\t");
	let c = 2;
	if (semver.valid(a) && semver.valid(b))
		c = semver.compare(a, b);
	out.push("semver\t" + a + "\t" + b + "\t" + c);
}
process.stdout.write(out.join("\n") + "\n");
EOF
	node "$tmp/semver-cmp.js" "$mod" "$tmp/semver.pairs" > "$tmp/semver.tsv"
	verdict semver "$tmp/semver.tsv"
}

# --- Maven ----------------------------------------------------------
maven_oracle() {
	jar=$(ls /usr/share/maven/lib/maven-artifact*.jar 2>/dev/null |
	    head -n 1)
	if [ -z "$jar" ] || ! command -v javac >/dev/null 2>&1; then
		skip maven "maven jars or javac missing"
		return
	fi
	mkdir -p "$tmp/java"
	cat > "$tmp/java/VerCmp.java" <<'EOF'
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

/* Reads "a TAB b" lines; writes "maven a b sign" lines. */
public class VerCmp {
	public static void main(String[] args) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(
		    System.in, StandardCharsets.UTF_8));
		PrintWriter out = new PrintWriter(new BufferedWriter(
		    new OutputStreamWriter(System.out,
		    StandardCharsets.UTF_8)));
		String l;
		while ((l = in.readLine()) != null) {
			int t = l.indexOf('\t');
			ComparableVersion a = new ComparableVersion(
			    l.substring(0, t));
			ComparableVersion b = new ComparableVersion(
			    l.substring(t + 1));
			out.println("maven\t" + l + "\t" +
			    Integer.signum(a.compareTo(b)));
		}
		out.flush();
	}
}
EOF
	if ! javac -cp "$jar" -d "$tmp/java" "$tmp/java/VerCmp.java" \
	    2>"$tmp/javac.err"; then
		cat "$tmp/javac.err"
		skip maven "javac failed"
		return
	fi
	{
		grep -rhs '^version=' "$fx/java" | sed 's/^version=//'
		grep -rhsoE '<version>[^<$]+' "$fx/java" | sed 's/<version>//'
		grep -rhsE '^(Implementation|Bundle|Specification)-Version:' \
		    "$fx/java" | sed 's/^[^:]*: *//' | tr -d '\r'
		grep -rhsoE ':[0-9][^:=]*=' "$fx/java" | sed 's/^://; s/=$//'
		"$py" - <<'EOF'
import os, random
rnd = random.Random(3 + int(os.environ["VERCMP_ORACLE_SEED"]))
nums = ["0", "1", "2", "10", "01", "00", "1.0", "1.0.0", "2.1",
    "999999999999", "1234567890123456789012"]
quals = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr",
    "snapshot", "SNAPSHOT", "ga", "final", "Final", "release", "sp",
    "foo", "jre", "android", "", "RELEASE", "M", "abc", "zzz"]
seps = [".", "-", "", "--", ".-", "-."]
for _ in range(3000):
    s = rnd.choice(nums)
    for _ in range(rnd.randint(0, 4)):
        s += rnd.choice(seps) + rnd.choice(quals + nums)
    print(s)
EOF
	} | sort -u | "$py" "$tmp/pairs.py" "$npairs" > "$tmp/maven.pairs"
	java -cp "$tmp/java:$jar" VerCmp < "$tmp/maven.pairs" > "$tmp/maven.tsv"
	verdict maven "$tmp/maven.tsv"
}

dpkg_oracle
rpm_oracle
pep440_oracle
semver_oracle
maven_oracle
echo "apk: no oracle on Debian; built-in table in $(basename "$check")"

if [ "$ran" -eq 0 ]; then
	echo "skip: no oracle available"
	exit 77
fi
[ "$failed" -eq 0 ]
