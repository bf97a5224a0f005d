#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "sbomdiff.h"
#include "xalloc.h"

static const char *const kind_names[CHANGE_NKINDS] = {
	[CHANGE_ADDED] = "component_added",
	[CHANGE_REMOVED] = "component_removed",
	[CHANGE_VERSION] = "version_changed",
	[CHANGE_RESPELLED] = "version_respelled",
	[CHANGE_INSTANCES] = "multiplicity_changed",
	[CHANGE_HASH] = "hash_changed",
	[CHANGE_LICENSE] = "license_changed",
	[CHANGE_SUPPLIER] = "supplier_changed",
	[CHANGE_PURL] = "purl_changed",
	[CHANGE_TYPE] = "type_changed",
	[CHANGE_SCOPE] = "scope_changed",
	[CHANGE_EDGE_ADDED] = "edge_added",
	[CHANGE_EDGE_REMOVED] = "edge_removed"
};

const char *
change_kind_name(enum change_kind k)
{
	return (unsigned)k < CHANGE_NKINDS ? kind_names[k] : "unknown";
}

int
change_kind_from_name(const char *s)
{
	int k;

	for (k = 0; k < CHANGE_NKINDS; k++)
		if (strcmp(kind_names[k], s) == 0)
			return k;
	return -1;
}

const char *
change_dir_name(enum change_dir d)
{
	switch (d) {
	case DIR_UPGRADE:
		return "upgrade";
	case DIR_DOWNGRADE:
		return "downgrade";
	case DIR_EQUIVALENT:
		return "equivalent";
	case DIR_INCOMPARABLE:
		return "incomparable";
	case DIR_NONE:
		break;
	}
	return NULL;
}

const char *
change_action_name(enum change_action a)
{
	switch (a) {
	case ACTION_INFO:
		return "info";
	case ACTION_WARN:
		return "warn";
	case ACTION_FAIL:
		return "fail";
	case ACTION_NONE:
		break;
	}
	return NULL;
}

struct change *
change_list_add(struct change_list *cl, enum change_kind kind)
{
	struct change *c;

	xgrow(&cl->v, &cl->cap, cl->n + 1, sizeof(*c));
	c = &cl->v[cl->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	return c;
}

/* Key, kind, instance, then the values, so that the order is total. */
static int
change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int r;

	if ((r = strcmp(x->key, y->key)) != 0)
		return r;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->instance != y->instance)
		return x->instance < y->instance ? -1 : 1;
	if ((r = strcmp_null(x->old_version, y->old_version)) != 0 ||
	    (r = strcmp_null(x->new_version, y->new_version)) != 0 ||
	    (r = strcmp_null(x->old_value, y->old_value)) != 0)
		return r;
	return strcmp_null(x->new_value, y->new_value);
}

void
change_list_sort(struct change_list *cl)
{
	size_t i;

	if (cl->n > 1)
		qsort(cl->v, cl->n, sizeof(*cl->v), change_cmp);
	for (i = 0; i < cl->n; i++)
		cl->v[i].seq = (unsigned)i + 1;
}

int
change_visible(const struct change *c, unsigned flags)
{
	if (c->kind == CHANGE_RESPELLED)
		return (flags & DIFF_SHOW_EQUIVALENT) != 0;
	return 1;
}

int
change_list_differs(const struct change_list *cl, unsigned flags,
    int have_policy)
{
	size_t i;

	if (have_policy)
		return cl->nfail > 0;
	for (i = 0; i < cl->n; i++)
		if (change_visible(&cl->v[i], flags) && !cl->v[i].suppressed)
			return 1;
	return 0;
}

static void
change_release(struct change *c)
{
	size_t i;

	free(c->key);
	free(c->ecosystem);
	free(c->name);
	free(c->old_version);
	free(c->new_version);
	free(c->old_purl);
	free(c->new_purl);
	free(c->old_value);
	free(c->new_value);
	free(c->waiver_rule);
	free(c->waiver_reason);
	free(c->waiver_expires);
	free(c->waiver_ticket);
	for (i = 0; i < c->nrules; i++)
		free(c->rules[i]);
	free(c->rules);
}

void
change_list_release(struct change_list *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		change_release(&cl->v[i]);
	free(cl->v);
	memset(cl, 0, sizeof(*cl));
}
