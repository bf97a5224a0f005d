/*
 * fuzz_policy.c: the policy YAML reader and schema checks on arbitrary
 * bytes, then, when the bytes are a valid policy, policy_apply() over a
 * few fixed changes so that the globs and matchers run too. Seeds: the
 * p.yaml files under testdata/sbomdiff.
 *
 * The fuzz build links the fuzz_*.c files with common/ only, so the
 * policy sources are compiled into this harness.
 */
#include "../sbomdiff/policy.c"
#include "../sbomdiff/policy_yaml.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fill(struct change *c, enum change_kind k, const char *key,
    const char *name, const char *value)
{
	memset(c, 0, sizeof(*c));
	c->kind = k;
	c->key = (char *)key;
	c->name = (char *)name;
	c->ecosystem = (char *)"npm";
	c->new_value = (char *)value;
	c->direction = k == CHANGE_VERSION ? DIR_DOWNGRADE : DIR_NONE;
}

static void
judge_sample(struct policy *p)
{
	struct change v[4];
	struct change_list cl;
	struct diag d;
	size_t i;

	fill(&v[0], CHANGE_ADDED, "pkg:npm/%40types/node", "node", NULL);
	fill(&v[1], CHANGE_VERSION, "pkg:npm/lodash", "lodash", NULL);
	fill(&v[2], CHANGE_LICENSE, "pkg:npm/x", "x",
	    "(MIT OR GPL-2.0-only) AND Apache-2.0 WITH LLVM-exception");
	fill(&v[3], CHANGE_RESPELLED, "name:y", "y", NULL);
	memset(&cl, 0, sizeof(cl));
	cl.v = v;
	cl.n = ARRAY_SIZE(v);
	diag_init(&d);
	(void)policy_apply(p, &cl, "build>runtime", 1700000000, &d);
	for (i = 0; i < ARRAY_SIZE(v); i++)
		clear_judgement(&v[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct policy *p;
	struct diag d;

	diag_init(&d);
	p = policy_load_mem((const char *)data, len, "fuzz", &d);
	if (p != NULL) {
		(void)fail_on_parse(p, "any,downgrade", &d);
		judge_sample(p);
	}
	policy_free(p);
	return 0;
}
