#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sbomdiff.h"
#include "xalloc.h"

/*
 * The policy engine. This first version knows the --fail-on gates; the
 * YAML policy file (ignore, allow, rules) is added on top of it.
 */

enum failon {
	FO_ADDED, FO_REMOVED, FO_DOWNGRADE, FO_UPGRADE, FO_VERSION,
	FO_INTEGRITY, FO_HASH, FO_LICENSE, FO_SUPPLIER, FO_PURL, FO_TYPE,
	FO_SCOPE, FO_INSTANCES, FO_EDGES, FO_ANY, FO_N
};

static const char *const failon_names[FO_N] = {
	"added", "removed", "downgrade", "upgrade", "version", "integrity",
	"hash", "license", "supplier", "purl", "type", "scope", "instances",
	"edges", "any"
};

struct policy {
	unsigned	failon;		/* bit per enum failon */
};

struct policy *
policy_load(const char *path, struct diag *d)
{
	if (path != NULL) {
		diag_error(d, "cannot use policy file '%s': policy files are "
		    "not supported by this build", path);
		return NULL;
	}
	return xcalloc(1, sizeof(struct policy));
}

void
policy_free(struct policy *p)
{
	free(p);
}

int
fail_on_parse(struct policy *p, const char *list, struct diag *d)
{
	const char *s = list, *end;
	size_t n;
	int i;

	for (; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		end = s + strcspn(s, ",");
		n = (size_t)(end - s);
		if (n == 0)
			continue;
		for (i = 0; i < FO_N; i++)
			if (strlen(failon_names[i]) == n &&
			    strncmp(failon_names[i], s, n) == 0)
				break;
		if (i == FO_N)
			return diag_error(d, "unknown --fail-on item '%.*s'",
			    (int)n, s);
		p->failon |= 1u << i;
	}
	return 0;
}

/* Whether gate g catches change c. */
static int
gate_hits(enum failon g, const struct change *c)
{
	switch (g) {
	case FO_ADDED:
		return c->kind == CHANGE_ADDED;
	case FO_REMOVED:
		return c->kind == CHANGE_REMOVED;
	case FO_DOWNGRADE:
		return c->direction == DIR_DOWNGRADE;
	case FO_UPGRADE:
		return c->direction == DIR_UPGRADE;
	case FO_VERSION:
		return c->kind == CHANGE_VERSION;
	case FO_INTEGRITY:
		return c->integrity;
	case FO_HASH:
		return c->kind == CHANGE_HASH;
	case FO_LICENSE:
		return c->kind == CHANGE_LICENSE;
	case FO_SUPPLIER:
		return c->kind == CHANGE_SUPPLIER;
	case FO_PURL:
		return c->kind == CHANGE_PURL;
	case FO_TYPE:
		return c->kind == CHANGE_TYPE;
	case FO_SCOPE:
		return c->kind == CHANGE_SCOPE;
	case FO_INSTANCES:
		return c->kind == CHANGE_INSTANCES;
	case FO_EDGES:
		return c->kind == CHANGE_EDGE_ADDED ||
		    c->kind == CHANGE_EDGE_REMOVED;
	case FO_ANY:
		return c->kind != CHANGE_RESPELLED;
	case FO_N:
		break;
	}
	return 0;
}

static void
add_rule(struct change *c, const char *name)
{
	size_t cap = c->nrules;

	xgrow(&c->rules, &cap, c->nrules + 1, sizeof(char *));
	c->rules[c->nrules++] = xasprintf("fail-on:%s", name);
}

int
policy_apply(struct policy *p, struct change_list *cl,
    const char *stage_pair, long long today_epoch, struct diag *d)
{
	struct change *c;
	size_t i;
	int g;

	cl->have_policy = 1;
	for (i = 0; i < cl->n; i++) {
		c = &cl->v[i];
		for (g = 0; g < FO_N; g++) {
			if (!(p->failon & (1u << g)) || !gate_hits(g, c))
				continue;
			add_rule(c, failon_names[g]);
			c->action = ACTION_FAIL;
		}
		if (c->suppressed)
			cl->nsuppressed++;
		else if (c->action == ACTION_FAIL)
			cl->nfail++;
		else if (c->action == ACTION_WARN)
			cl->nwarn++;
	}
	return 0;
}
