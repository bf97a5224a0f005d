/*
 * policy_test.c: the policy parser and judge. Unit tests link only
 * common/, so the policy source is compiled into this test directly.
 */
#include "../../sbomdiff/policy.c"
#include "../../sbomdiff/policy_yaml.c"

#include "unit.h"

static struct change *
add(struct change_list *cl, enum change_kind k, const char *key,
    const char *eco, const char *name)
{
	struct change *c;

	xgrow(&cl->v, &cl->cap, cl->n + 1, sizeof(*c));
	c = &cl->v[cl->n++];
	memset(c, 0, sizeof(*c));
	c->kind = k;
	c->key = xstrdup(key);
	c->ecosystem = eco ? xstrdup(eco) : NULL;
	c->name = xstrdup(name);
	return c;
}

static void
list_free(struct change_list *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		clear_judgement(&cl->v[i]);
		free(cl->v[i].key);
		free(cl->v[i].ecosystem);
		free(cl->v[i].name);
		free(cl->v[i].new_value);
	}
	free(cl->v);
	memset(cl, 0, sizeof(*cl));
}

/* Loads text and returns the error message, or "" when it parsed. */
static const char *
load_err(const char *text)
{
	static struct diag d;
	struct policy *p;

	diag_init(&d);
	p = policy_load_mem(text, strlen(text), "p.yaml", &d);
	policy_free(p);
	return d.msg;
}

static void
test_errors(void)
{
	CHECK_STR(load_err("version: 1\nrules:\n  - kinds: added\n"
	    "    action: fail\n"),
	    "p.yaml:3:5: unknown key 'kinds' in rules entry");
	CHECK_STR(load_err("version: 1\nbogus: 1\n"),
	    "p.yaml:2:1: unknown key 'bogus'");
	CHECK_STR(load_err("version: 1\nrules: [\n"),
	    "p.yaml:3:1: malformed YAML: did not find expected node content "
	    "while parsing a flow node");
	CHECK_STR(load_err("version: 1\nrules:\n - &a {kind: added, "
	    "action: fail}\n - *a\n"),
	    "p.yaml:4:4: YAML aliases are not allowed in a policy");
	CHECK_STR(load_err("version: 1\nwaivers:\n - match: {name: x}\n"
	    "   reason: r\n   expires: 2023-02-29\n"),
	    "p.yaml:5:13: bad date '2023-02-29' (want YYYY-MM-DD)");
	CHECK_STR(load_err("version: 1\nrules: {kind: added}\n"),
	    "p.yaml:2:8: 'rules' must be a list, not a mapping");
	CHECK_STR(load_err("version: 1\nrules:\n - kind: added\n"),
	    "p.yaml:3:4: rules entry has no 'action'");
	CHECK_STR(load_err("version: 2\n"),
	    "p.yaml:1:10: unsupported policy version (want 1)");
	CHECK_STR(load_err(""), "p.yaml:1:1: policy is empty");
	CHECK_STR(load_err("ignore: []\n"),
	    "p.yaml:1:1: policy has no 'version: 1'");
	CHECK_STR(load_err("version: 1\nignore:\n - kind: sideways\n"),
	    "p.yaml:3:10: unknown kind 'sideways'");
	CHECK_STR(load_err("version: 1\nignore:\n - stages: build\n"),
	    "p.yaml:3:12: stage pair 'build' is not of the form FROM>TO");
	CHECK_STR(load_err("version: 1\n---\nversion: 1\n"),
	    "p.yaml:2:1: policy has more than one YAML document");
	CHECK_STR(load_err("version: 1\nx: [[[[[[[[[[[[[[[[[[1"
	    "]]]]]]]]]]]]]]]]]]\n"),
	    "p.yaml:2:19: policy nested deeper than 16 levels");
	CHECK_STR(load_err("version: 1\nrules:\n - {id: a, kind: added, "
	    "action: warn}\n - {id: a, kind: removed, action: fail}\n"),
	    "p.yaml:4:4: duplicate id 'a'");
	CHECK_STR(load_err("version: 1\nrules:\n - {kind: added, "
	    "action: warn, action: fail}\n"),
	    "p.yaml:3:40: duplicate key 'action'");
}

static const char example[] =
	"version: 1\n"
	"ignore:\n"
	"  - kind: version-changed\n"
	"    direction: equivalent\n"
	"  - ecosystem: npm\n"
	"    name: \"@types/*\"\n"
	"rules:\n"
	"  - id: no-loss\n"
	"    kind: [removed, downgrade]\n"
	"    action: fail\n"
	"  - kind: license-changed\n"
	"    license: \"GPL-*\"\n"
	"    action: fail\n"
	"  - kind: added\n"
	"    stages: build>runtime\n"
	"    action: warn\n"
	"waivers:\n"
	"  - match: {name: openssl, kind: downgrade}\n"
	"    reason: backport\n"
	"    ticket: SEC-123\n"
	"    expires: 2027-01-31\n"
	"  - id: old\n"
	"    match: {name: zlib*}\n"
	"    reason: gone\n"
	"    expires: 2020-01-01\n";

static void
test_apply(void)
{
	struct change_list cl;
	struct policy *p;
	struct change *c;
	struct diag d;
	long long day;

	memset(&cl, 0, sizeof(cl));
	diag_init(&d);
	p = policy_load_mem(example, sizeof(example) - 1, "ex.yaml", &d);
	CHECK_STR(d.msg, "");
	if (p == NULL)
		return;
	c = add(&cl, CHANGE_RESPELLED, "pkg:deb/debian/a", "deb", "a");
	c = add(&cl, CHANGE_ADDED, "pkg:npm/%40types/node", "npm", "node");
	c = add(&cl, CHANGE_VERSION, "pkg:deb/debian/openssl", "deb",
	    "openssl");
	c->direction = DIR_DOWNGRADE;
	c = add(&cl, CHANGE_REMOVED, "pkg:deb/debian/zlib1g", "deb", "zlib1g");
	c = add(&cl, CHANGE_LICENSE, "pkg:deb/debian/l", "deb", "l");
	c->new_value = xstrdup("(MIT OR GPL-2.0-only)");
	c = add(&cl, CHANGE_ADDED, "pkg:deb/debian/b", "deb", "b");
	c = add(&cl, CHANGE_VERSION, "pkg:deb/debian/c", "deb", "c");
	c->direction = DIR_UPGRADE;
	CHECK(policy_parse_date("2026-06-01", &day) == 0);
	CHECK_INT(policy_apply(p, &cl, "build>runtime", day * 86400, &d), 0);
	CHECK_INT(d.nwarn, 1);

	CHECK_INT(cl.v[0].suppressed, 1);
	CHECK_STR(cl.v[0].waiver_rule, "ignore-1");
	CHECK_INT(cl.v[1].suppressed, 1);
	CHECK_STR(cl.v[1].waiver_rule, "ignore-2");
	CHECK_INT(cl.v[2].suppressed, 1);
	CHECK_STR(cl.v[2].waiver_ticket, "SEC-123");
	CHECK_INT(cl.v[2].action, ACTION_FAIL);
	CHECK_INT(cl.v[3].suppressed, 0);
	CHECK_INT(cl.v[3].waiver_expired, 1);
	CHECK_STR(cl.v[3].waiver_rule, "old");
	CHECK_INT(cl.v[3].nrules, 1);
	CHECK_STR(cl.v[3].rules[0], "no-loss");
	CHECK_INT(cl.v[4].action, ACTION_FAIL);
	CHECK_STR(cl.v[4].rules[0], "rule-2");
	CHECK_INT(cl.v[5].action, ACTION_WARN);
	CHECK_INT(cl.v[6].action, ACTION_NONE);
	CHECK_INT(cl.nfail, 2);
	CHECK_INT(cl.nwarn, 1);
	CHECK_INT(cl.nsuppressed, 3);

	/* Outside the stage pair the "added" rule is silent. */
	CHECK_INT(policy_apply(p, &cl, NULL, day * 86400, &d), 0);
	CHECK_INT(cl.v[5].action, ACTION_NONE);
	/* Past its expiry the openssl waiver stops suppressing. */
	CHECK(policy_parse_date("2027-02-01", &day) == 0);
	CHECK_INT(policy_apply(p, &cl, NULL, day * 86400, &d), 0);
	CHECK_INT(cl.v[2].suppressed, 0);
	CHECK_INT(cl.v[2].waiver_expired, 1);
	CHECK_INT(cl.nfail, 3);
	policy_free(p);
	list_free(&cl);
}

static void
test_fail_on(void)
{
	struct change_list cl;
	struct policy *p;
	struct change *c;
	struct diag d;

	memset(&cl, 0, sizeof(cl));
	diag_init(&d);
	p = policy_load(NULL, &d);
	CHECK_INT(fail_on_parse(p, "any,,downgrade,any", &d), 0);
	CHECK_INT(fail_on_parse(p, "sideways", &d), -1);
	CHECK_STR(d.msg, "unknown --fail-on item 'sideways' (one of: added, "
	    "removed, downgrade, upgrade, version, integrity, hash, license, "
	    "supplier, purl, type, scope, instances, edges, any)");
	c = add(&cl, CHANGE_VERSION, "k", NULL, "k");
	c->direction = DIR_DOWNGRADE;
	add(&cl, CHANGE_RESPELLED, "r", NULL, "r");
	CHECK_INT(policy_apply(p, &cl, NULL, 0, &d), 0);
	CHECK_INT(cl.v[0].nrules, 2);
	CHECK_STR(cl.v[0].rules[0], "fail-on:downgrade");
	CHECK_STR(cl.v[0].rules[1], "fail-on:any");
	CHECK_INT(cl.v[1].nrules, 0);
	CHECK_INT(cl.nfail, 1);
	CHECK_INT(cl.have_policy, 1);
	policy_free(p);
	list_free(&cl);
}

static void
test_dates(void)
{
	long long day = -1;

	CHECK(policy_parse_date("1970-01-01", &day) == 0);
	CHECK_INT(day, 0);
	CHECK(policy_parse_date("2000-03-01", &day) == 0);
	CHECK_INT(day, 11017);
	CHECK(policy_parse_date("2024-02-29", &day) == 0);
	CHECK(policy_parse_date("1900-02-29", &day) == -1);
	CHECK(policy_parse_date("2024-13-01", &day) == -1);
	CHECK(policy_parse_date("2024-1-01", &day) == -1);
	CHECK(policy_parse_date("2024-01-011", &day) == -1);
}

int
main(void)
{
	test_errors();
	test_apply();
	test_fail_on();
	test_dates();
	return UNIT_DONE("policy_test");
}
