/*
 * policy.c: the YAML policy file, --fail-on, and judging a change list.
 *
 * policy_yaml.c reads the file into a tree of YAML nodes; this file
 * checks the tree against the schema (the POLICY section of
 * sbomdiff(1)), naming file:line:column in every error, and judges
 * change lists with the result.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "purl.h"
#include "sbomdiff.h"
#include "strbuf.h"
#include "xalloc.h"

#define KBIT(k)		(1u << (k))
#define DBIT(dir)	(1u << (dir))
/* "any" covers every kind but respellings, which are not differences. */
#define ANY_KINDS	((KBIT(CHANGE_NKINDS) - 1) & ~KBIT(CHANGE_RESPELLED))

struct strlist {
	char	**v;
	size_t	  n;
};

/* One item of a kind list: kinds OR-ed, then optional narrowing. */
struct sel {
	unsigned	 kinds;
	enum change_dir	 dir;		/* DIR_NONE: any direction */
	int		 integrity;	/* only same-version hash changes */
};

/* The conditions of one entry; all given conditions must hold. */
struct cond {
	struct sel	*sels;
	size_t		 nsels;
	unsigned	 dirs;		/* DBIT()s; 0 means any */
	struct strlist	 eco, name, purl, license, stages;
};

struct entry {
	char			*id;
	struct cond		 when;
	enum change_action	 action;	/* rules only */
	char			*reason;
	char			*ticket;
	char			*expires;	/* waivers only */
	long long		 expires_day;
	size_t			 hits;
};

struct entries {
	struct entry	*v;
	size_t		 n, cap;
};

struct policy {
	int		from_file;
	struct entries	ignore, rules, waivers;
	unsigned	failon;		/* bit per failon_names[] item */
	struct entries	failrules;	/* made from failon, after rules */
};

static const struct {
	const char	*name;
	unsigned	 kinds;
	enum change_dir	 dir;
	int		 integrity;
} selectors[] = {
	{ "any", ANY_KINDS, DIR_NONE, 0 },
	{ "added", KBIT(CHANGE_ADDED), DIR_NONE, 0 },
	{ "component_added", KBIT(CHANGE_ADDED), DIR_NONE, 0 },
	{ "removed", KBIT(CHANGE_REMOVED), DIR_NONE, 0 },
	{ "component_removed", KBIT(CHANGE_REMOVED), DIR_NONE, 0 },
	{ "version", KBIT(CHANGE_VERSION), DIR_NONE, 0 },
	{ "version_changed", KBIT(CHANGE_VERSION), DIR_NONE, 0 },
	{ "upgrade", KBIT(CHANGE_VERSION), DIR_UPGRADE, 0 },
	{ "downgrade", KBIT(CHANGE_VERSION), DIR_DOWNGRADE, 0 },
	{ "incomparable", KBIT(CHANGE_VERSION), DIR_INCOMPARABLE, 0 },
	{ "respelled", KBIT(CHANGE_RESPELLED), DIR_NONE, 0 },
	{ "version_respelled", KBIT(CHANGE_RESPELLED), DIR_NONE, 0 },
	{ "instances", KBIT(CHANGE_INSTANCES), DIR_NONE, 0 },
	{ "multiplicity_changed", KBIT(CHANGE_INSTANCES), DIR_NONE, 0 },
	{ "integrity", KBIT(CHANGE_HASH), DIR_NONE, 1 },
	{ "hash", KBIT(CHANGE_HASH), DIR_NONE, 0 },
	{ "hash_changed", KBIT(CHANGE_HASH), DIR_NONE, 0 },
	{ "license", KBIT(CHANGE_LICENSE), DIR_NONE, 0 },
	{ "license_changed", KBIT(CHANGE_LICENSE), DIR_NONE, 0 },
	{ "supplier", KBIT(CHANGE_SUPPLIER), DIR_NONE, 0 },
	{ "supplier_changed", KBIT(CHANGE_SUPPLIER), DIR_NONE, 0 },
	{ "purl", KBIT(CHANGE_PURL), DIR_NONE, 0 },
	{ "purl_changed", KBIT(CHANGE_PURL), DIR_NONE, 0 },
	{ "type", KBIT(CHANGE_TYPE), DIR_NONE, 0 },
	{ "type_changed", KBIT(CHANGE_TYPE), DIR_NONE, 0 },
	{ "scope", KBIT(CHANGE_SCOPE), DIR_NONE, 0 },
	{ "scope_changed", KBIT(CHANGE_SCOPE), DIR_NONE, 0 },
	{ "edges", KBIT(CHANGE_EDGE_ADDED) | KBIT(CHANGE_EDGE_REMOVED),
	    DIR_NONE, 0 },
	{ "edge_added", KBIT(CHANGE_EDGE_ADDED), DIR_NONE, 0 },
	{ "edge_removed", KBIT(CHANGE_EDGE_REMOVED), DIR_NONE, 0 }
};

static const char *const dir_names[] = {
	[DIR_UPGRADE] = "upgrade",
	[DIR_DOWNGRADE] = "downgrade",
	[DIR_EQUIVALENT] = "equivalent",
	[DIR_INCOMPARABLE] = "incomparable"
};

/*
 * Schema checks.
 */

static const char *
ytype_name(const struct ynode *n)
{
	if (n->type == YN_MAP)
		return "a mapping";
	if (n->type == YN_SEQ)
		return "a list";
	return n->null ? "null" : "a string";
}

static int
want_str(struct ysrc *r, const struct ynode *n, const char *key)
{
	if (n->type == YN_SCALAR && !n->null)
		return 0;
	return py_err(r, n->line, n->col, "'%s' must be a string, not %s", key,
	    ytype_name(n));
}

/* Copies a string or a non-empty list of strings into l. */
static int
get_strlist(struct ysrc *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	size_t i;

	if (l->n > 0)
		return py_err(r, n->line, n->col, "duplicate key '%s'", key);
	if (n->type == YN_SCALAR && !n->null) {
		l->v = xcalloc(1, sizeof(*l->v));
		l->v[l->n++] = xstrdup(n->str);
		return 0;
	}
	if (n->type != YN_SEQ || n->n == 0)
		return py_err(r, n->line, n->col, "'%s' must be a string or "
		    "a non-empty list of strings", key);
	for (i = 0; i < n->n; i++)
		if (n->kids[i]->type != YN_SCALAR || n->kids[i]->null)
			return py_err(r, n->kids[i]->line, n->kids[i]->col,
			    "'%s' items must be strings", key);
	l->v = xcalloc(n->n, sizeof(*l->v));
	for (i = 0; i < n->n; i++)
		l->v[l->n++] = xstrdup(n->kids[i]->str);
	return 0;
}

static void
strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* "Version-Changed" and "version_changed" name the same kind. */
static void
fold_name(char *dst, size_t sz, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < sz; i++)
		dst[i] = s[i] == '-' ? '_' : (s[i] >= 'A' && s[i] <= 'Z') ?
		    (char)(s[i] - 'A' + 'a') : s[i];
	dst[i] = '\0';
}

/* Returns the selectors index for s, or -1. */
static int
find_selector(const char *s)
{
	char buf[64];
	size_t i;

	if (strlen(s) >= sizeof(buf))
		return -1;
	fold_name(buf, sizeof(buf), s);
	for (i = 0; i < ARRAY_SIZE(selectors); i++)
		if (strcmp(selectors[i].name, buf) == 0)
			return (int)i;
	return -1;
}

static void
cond_add_sel(struct cond *c, int i)
{
	c->sels = xreallocarray(c->sels, c->nsels + 1, sizeof(*c->sels));
	c->sels[c->nsels].kinds = selectors[i].kinds;
	c->sels[c->nsels].dir = selectors[i].dir;
	c->sels[c->nsels].integrity = selectors[i].integrity;
	c->nsels++;
}

static int
get_kinds(struct ysrc *r, const struct ynode *n, struct cond *c)
{
	struct strlist l = { NULL, 0 };
	const struct ynode *at;
	size_t i;
	int k, rc = -1;

	if (c->nsels > 0)
		return py_err(r, n->line, n->col, "duplicate key 'kind'");
	if (get_strlist(r, n, "kind", &l) == -1)
		return -1;
	for (i = 0; i < l.n; i++) {
		if ((k = find_selector(l.v[i])) == -1) {
			at = n->type == YN_SEQ ? n->kids[i] : n;
			py_err(r, at->line, at->col, "unknown kind '%s'",
			    l.v[i]);
			goto out;
		}
		cond_add_sel(c, k);
	}
	rc = 0;
out:
	strlist_release(&l);
	return rc;
}

static int
get_dirs(struct ysrc *r, const struct ynode *n, struct cond *c)
{
	struct strlist l = { NULL, 0 };
	const struct ynode *at;
	size_t i, j;
	int rc = -1;

	if (c->dirs != 0)
		return py_err(r, n->line, n->col, "duplicate key 'direction'");
	if (get_strlist(r, n, "direction", &l) == -1)
		return -1;
	for (i = 0; i < l.n; i++) {
		for (j = 1; j < ARRAY_SIZE(dir_names); j++)
			if (strcmp(l.v[i], dir_names[j]) == 0)
				break;
		if (j == ARRAY_SIZE(dir_names)) {
			at = n->type == YN_SEQ ? n->kids[i] : n;
			py_err(r, at->line, at->col, "unknown direction '%s'",
			    l.v[i]);
			goto out;
		}
		c->dirs |= DBIT(j);
	}
	rc = 0;
out:
	strlist_release(&l);
	return rc;
}

/* A stage pair is "from>to"; either side may be a glob. */
static int
check_stages(struct ysrc *r, const struct ynode *n, struct strlist *l)
{
	const struct ynode *at;
	const char *gt;
	size_t i;

	for (i = 0; i < l->n; i++) {
		gt = strchr(l->v[i], '>');
		if (gt != NULL && gt != l->v[i] && gt[1] != '\0' &&
		    strchr(gt + 1, '>') == NULL)
			continue;
		at = n->type == YN_SEQ ? n->kids[i] : n;
		return py_err(r, at->line, at->col, "stage pair '%s' is not "
		    "of the form FROM>TO", l->v[i]);
	}
	return 0;
}

/*
 * Handles key k (value v) if it is a condition. Returns 1 if it was,
 * 0 if not, -1 on error.
 */
static int
cond_key(struct ysrc *r, const char *k, const struct ynode *v,
    struct cond *c)
{
	if (strcmp(k, "kind") == 0)
		return get_kinds(r, v, c) == -1 ? -1 : 1;
	if (strcmp(k, "direction") == 0)
		return get_dirs(r, v, c) == -1 ? -1 : 1;
	if (strcmp(k, "ecosystem") == 0)
		return get_strlist(r, v, k, &c->eco) == -1 ? -1 : 1;
	if (strcmp(k, "name") == 0)
		return get_strlist(r, v, k, &c->name) == -1 ? -1 : 1;
	if (strcmp(k, "purl") == 0)
		return get_strlist(r, v, k, &c->purl) == -1 ? -1 : 1;
	if (strcmp(k, "license") == 0)
		return get_strlist(r, v, k, &c->license) == -1 ? -1 : 1;
	if (strcmp(k, "stages") == 0) {
		if (get_strlist(r, v, k, &c->stages) == -1 ||
		    check_stages(r, v, &c->stages) == -1)
			return -1;
		return 1;
	}
	return 0;
}

static int
cond_empty(const struct cond *c)
{
	return c->nsels == 0 && c->dirs == 0 && c->eco.n == 0 &&
	    c->name.n == 0 && c->purl.n == 0 && c->license.n == 0 &&
	    c->stages.n == 0;
}

static void
cond_release(struct cond *c)
{
	free(c->sels);
	strlist_release(&c->eco);
	strlist_release(&c->name);
	strlist_release(&c->purl);
	strlist_release(&c->license);
	strlist_release(&c->stages);
}

static int
get_cond_map(struct ysrc *r, const struct ynode *n, const char *what,
    struct cond *c)
{
	size_t i;
	int rc;

	if (n->type != YN_MAP)
		return py_err(r, n->line, n->col,
		    "%s must be a mapping, not %s", what, ytype_name(n));
	for (i = 0; i < n->n; i += 2) {
		rc = cond_key(r, n->kids[i]->str, n->kids[i + 1], c);
		if (rc == -1)
			return -1;
		if (rc == 0)
			return py_err(r, n->kids[i]->line, n->kids[i]->col,
			    "unknown key '%s' in %s", n->kids[i]->str, what);
	}
	if (cond_empty(c))
		return py_err(r, n->line, n->col, "%s has no conditions", what);
	return 0;
}

static int
get_string(struct ysrc *r, const struct ynode *v, const char *key,
    char **dst)
{
	if (*dst != NULL)
		return py_err(r, v->line, v->col, "duplicate key '%s'", key);
	if (want_str(r, v, key) == -1)
		return -1;
	*dst = xstrdup(v->str);
	return 0;
}

static int
get_action(struct ysrc *r, const struct ynode *v, struct entry *e)
{
	if (e->action != ACTION_NONE)
		return py_err(r, v->line, v->col, "duplicate key 'action'");
	if (want_str(r, v, "action") == -1)
		return -1;
	if (strcmp(v->str, "fail") == 0)
		e->action = ACTION_FAIL;
	else if (strcmp(v->str, "warn") == 0)
		e->action = ACTION_WARN;
	else if (strcmp(v->str, "info") == 0)
		e->action = ACTION_INFO;
	else
		return py_err(r, v->line, v->col, "unknown action '%s' (want "
		    "fail, warn or info)", v->str);
	return 0;
}

static int
get_expires(struct ysrc *r, const struct ynode *v, struct entry *e)
{
	if (get_string(r, v, "expires", &e->expires) == -1)
		return -1;
	if (policy_parse_date(e->expires, &e->expires_day) == -1)
		return py_err(r, v->line, v->col, "bad date '%s' (want "
		    "YYYY-MM-DD)", e->expires);
	return 0;
}

enum section {
	SEC_IGNORE,
	SEC_RULES,
	SEC_WAIVERS
};

static const char *const sec_names[] = { "ignore", "rules", "waivers" };

/* One key of an ignore, rules or waivers entry. */
static int
entry_key(struct ysrc *r, enum section sec, const struct ynode *k,
    const struct ynode *v, struct entry *e)
{
	const char *s = k->str;
	int rc;

	if (strcmp(s, "id") == 0)
		return get_string(r, v, s, &e->id);
	if (strcmp(s, "reason") == 0)
		return get_string(r, v, s, &e->reason);
	if (sec == SEC_RULES && strcmp(s, "action") == 0)
		return get_action(r, v, e);
	if (sec == SEC_WAIVERS && strcmp(s, "ticket") == 0)
		return get_string(r, v, s, &e->ticket);
	if (sec == SEC_WAIVERS && strcmp(s, "expires") == 0)
		return get_expires(r, v, e);
	if (sec == SEC_WAIVERS && strcmp(s, "match") == 0) {
		if (!cond_empty(&e->when))
			return py_err(r, k->line, k->col,
			    "duplicate key 'match'");
		return get_cond_map(r, v, "waiver match", &e->when);
	}
	if (sec != SEC_WAIVERS) {
		if ((rc = cond_key(r, s, v, &e->when)) != 0)
			return rc == -1 ? -1 : 0;
	}
	return py_err(r, k->line, k->col, "unknown key '%s' in %s entry", s,
	    sec_names[sec]);
}

/* Checks what an entry must have once all its keys are read. */
static int
entry_done(struct ysrc *r, enum section sec, const struct ynode *n,
    struct entry *e, size_t pos)
{
	const char *sn = sec_names[sec];

	if (sec == SEC_RULES && e->action == ACTION_NONE)
		return py_err(r, n->line, n->col,
		    "rules entry has no 'action'");
	if (sec == SEC_WAIVERS && cond_empty(&e->when))
		return py_err(r, n->line, n->col, "waiver has no 'match'");
	if (sec == SEC_WAIVERS && e->reason == NULL)
		return py_err(r, n->line, n->col, "waiver has no 'reason'");
	if (sec == SEC_WAIVERS && e->expires == NULL)
		return py_err(r, n->line, n->col, "waiver has no 'expires'");
	if (sec != SEC_WAIVERS && cond_empty(&e->when))
		return py_err(r, n->line, n->col, "%s entry has no conditions",
		    sn);
	if (e->id == NULL)
		e->id = xasprintf("%s-%zu", sec == SEC_RULES ? "rule" :
		    sec == SEC_IGNORE ? "ignore" : "waiver", pos);
	return 0;
}

static void
entry_release(struct entry *e)
{
	free(e->id);
	cond_release(&e->when);
	free(e->reason);
	free(e->ticket);
	free(e->expires);
}

static struct entry *
entries_add(struct entries *es)
{
	struct entry *e;

	xgrow(&es->v, &es->cap, es->n + 1, sizeof(*es->v));
	e = &es->v[es->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static size_t
policy_nentries(const struct policy *p)
{
	return p->ignore.n + p->rules.n + p->waivers.n + p->failrules.n;
}

/* Returns 1 when id is already used by an entry of p other than self. */
static int
id_taken(const struct policy *p, const struct entry *self, const char *id)
{
	const struct entries *all[] = { &p->ignore, &p->rules, &p->waivers };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(all); i++)
		for (j = 0; j < all[i]->n; j++)
			if (&all[i]->v[j] != self &&
			    strcmp(all[i]->v[j].id, id) == 0)
				return 1;
	return 0;
}

static int
get_section(struct ysrc *r, struct policy *p, enum section sec,
    const struct ynode *n)
{
	struct entries *es = sec == SEC_IGNORE ? &p->ignore :
	    sec == SEC_RULES ? &p->rules : &p->waivers;
	const struct ynode *item;
	struct entry *e;
	size_t i, j;

	if (n->type != YN_SEQ)
		return py_err(r, n->line, n->col, "'%s' must be a list, not %s",
		    sec_names[sec], ytype_name(n));
	for (i = 0; i < n->n; i++) {
		item = n->kids[i];
		if (policy_nentries(p) >= POLICY_MAX_ENTRIES)
			return py_err(r, item->line, item->col, "policy has "
			    "more than %d entries", POLICY_MAX_ENTRIES);
		if (item->type != YN_MAP)
			return py_err(r, item->line, item->col, "%s entry must "
			    "be a mapping, not %s", sec_names[sec],
			    ytype_name(item));
		e = entries_add(es);
		for (j = 0; j < item->n; j += 2)
			if (entry_key(r, sec, item->kids[j], item->kids[j + 1],
			    e) == -1)
				return -1;
		if (entry_done(r, sec, item, e, i + 1) == -1)
			return -1;
		if (id_taken(p, e, e->id))
			return py_err(r, item->line, item->col, "duplicate id "
			    "'%s'", e->id);
	}
	return 0;
}

static int
get_version(struct ysrc *r, const struct ynode *v)
{
	if (v->type != YN_SCALAR || strcmp(v->str, "1") != 0)
		return py_err(r, v->line, v->col, "unsupported policy version "
		    "(want 1)");
	return 0;
}

static int
get_policy(struct ysrc *r, struct policy *p, const struct ynode *root)
{
	const struct ynode *k, *v;
	int have_version = 0;
	unsigned seen = 0;
	size_t i;
	int sec;

	if (root->type != YN_MAP)
		return py_err(r, root->line, root->col, "policy must be a "
		    "mapping, not %s", ytype_name(root));
	for (i = 0; i < root->n; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (strcmp(k->str, "version") == 0) {
			if (have_version++)
				return py_err(r, k->line, k->col,
				    "duplicate key 'version'");
			if (get_version(r, v) == -1)
				return -1;
			continue;
		}
		for (sec = 0; sec < (int)ARRAY_SIZE(sec_names); sec++)
			if (strcmp(k->str, sec_names[sec]) == 0)
				break;
		if (sec == (int)ARRAY_SIZE(sec_names))
			return py_err(r, k->line, k->col, "unknown key '%s'",
			    k->str);
		if (seen & (1u << sec))
			return py_err(r, k->line, k->col, "duplicate key '%s'",
			    k->str);
		seen |= 1u << sec;
		if (get_section(r, p, (enum section)sec, v) == -1)
			return -1;
	}
	if (!have_version)
		return py_err(r, root->line, root->col, "policy has no "
		    "'version: 1'");
	return 0;
}

struct policy *
policy_load_mem(const char *buf, size_t len, const char *label,
    struct diag *d)
{
	struct policy *p;
	struct ysrc r;
	struct ynode *root = NULL;

	p = xcalloc(1, sizeof(*p));
	p->from_file = 1;
	r.label = label;
	r.d = d;
	if (len > POLICY_MAX_BYTES) {
		diag_error(d, "policy '%s' is larger than %zu bytes", label,
		    POLICY_MAX_BYTES);
		goto fail;
	}
	if ((root = py_load(&r, buf, len)) == NULL ||
	    get_policy(&r, p, root) == -1)
		goto fail;
	py_free(root);
	return p;
fail:
	py_free(root);
	policy_free(p);
	return NULL;
}

/* Reads at most max + 1 bytes of path into a new buffer. */
static char *
read_capped(const char *path, size_t max, size_t *lenp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_error(d, "cannot open policy '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	while (sb.len <= max) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			diag_error(d, "cannot read policy '%s': %s", path,
			    strerror(errno));
			close(fd);
			strbuf_release(&sb);
			return NULL;
		}
		if (n == 0)
			break;
		strbuf_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	if (sb.len > max) {
		diag_error(d, "policy '%s' is larger than %zu bytes", path,
		    max);
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, lenp);
}

struct policy *
policy_load(const char *path, struct diag *d)
{
	struct policy *p;
	size_t len = 0;
	char *buf;

	if (path == NULL)
		return xcalloc(1, sizeof(struct policy));
	if ((buf = read_capped(path, POLICY_MAX_BYTES, &len, d)) == NULL)
		return NULL;
	p = policy_load_mem(buf, len, path, d);
	free(buf);
	return p;
}

void
policy_free(struct policy *p)
{
	struct entries *all[4];
	size_t i, j;

	if (p == NULL)
		return;
	all[0] = &p->ignore;
	all[1] = &p->rules;
	all[2] = &p->waivers;
	all[3] = &p->failrules;
	for (i = 0; i < ARRAY_SIZE(all); i++) {
		for (j = 0; j < all[i]->n; j++)
			entry_release(&all[i]->v[j]);
		free(all[i]->v);
	}
	free(p);
}

/* The --fail-on items, in the order their rules are listed. */
static const char *const failon_names[] = {
	"added", "removed", "downgrade", "upgrade", "version", "integrity",
	"hash", "license", "supplier", "purl", "type", "scope", "instances",
	"edges", "any"
};

/* Rebuilds the fail-on rules from the bits, so repeats count once. */
static void
failon_rebuild(struct policy *p)
{
	struct entry *e;
	size_t i;

	for (i = 0; i < p->failrules.n; i++)
		entry_release(&p->failrules.v[i]);
	p->failrules.n = 0;
	for (i = 0; i < ARRAY_SIZE(failon_names); i++) {
		if ((p->failon & (1u << i)) == 0)
			continue;
		e = entries_add(&p->failrules);
		e->id = xasprintf("fail-on:%s", failon_names[i]);
		e->action = ACTION_FAIL;
		cond_add_sel(&e->when, find_selector(failon_names[i]));
	}
}

/* Names the item and lists the ones there are. */
static int
failon_unknown(const char *s, size_t n, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(failon_names); i++)
		strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", failon_names[i]);
	rc = diag_error(d, "unknown --fail-on item '%.*s' (one of: %s)",
	    (int)n, s, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int
fail_on_parse(struct policy *p, const char *list, struct diag *d)
{
	const char *s = list, *end;
	size_t n, i;

	for (; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		end = s + strcspn(s, ",");
		n = (size_t)(end - s);
		if (n == 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(failon_names); i++)
			if (strlen(failon_names[i]) == n &&
			    strncmp(failon_names[i], s, n) == 0)
				break;
		if (i == ARRAY_SIZE(failon_names))
			return failon_unknown(s, n, d);
		p->failon |= 1u << i;
	}
	failon_rebuild(p);
	return 0;
}

/*
 * Dates. Days are counted from 1970-01-01 in the proleptic Gregorian
 * calendar, shifting the year to start in March so that the leap day
 * falls last.
 */
static long long
days_from_civil(int y, int m, int dd)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
policy_parse_date(const char *s, long long *days)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, m, dd, hi, lo;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((hi = two_digits(s)) == -1 || (lo = two_digits(s + 2)) == -1 ||
	    (m = two_digits(s + 5)) == -1 || (dd = two_digits(s + 8)) == -1)
		return -1;
	y = hi * 100 + lo;
	if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
		return -1;
	if (m == 2 && dd == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return -1;
	*days = days_from_civil(y, m, dd);
	return 0;
}

int
policy_today(long long *epoch, struct diag *d)
{
	const char *s = getenv("SBOMDIFF_TODAY");
	long long days, v;
	char *end;

	if (s == NULL || *s == '\0') {
		s = getenv("SOURCE_DATE_EPOCH");
		errno = 0;
		if (s != NULL && *s != '\0' &&
		    (v = strtoll(s, &end, 10)) >= 0 && errno == 0 &&
		    *end == '\0')
			*epoch = v;
		else
			*epoch = (long long)time(NULL);
		return 0;
	}
	if (policy_parse_date(s, &days) == -1)
		return diag_error(d, "bad SBOMDIFF_TODAY '%s' (want "
		    "YYYY-MM-DD)", s);
	*epoch = days * 86400;
	return 0;
}

/*
 * Matching.
 */

static enum change_dir
change_direction(const struct change *c)
{
	if (c->kind == CHANGE_RESPELLED)
		return DIR_EQUIVALENT;
	return c->kind == CHANGE_VERSION ? c->direction : DIR_NONE;
}

/*
 * Respellings are not differences: a selector covers them only when it
 * names them, or names version changes in a rule that asks for the
 * equivalent direction.
 */
static int
sel_match(const struct sel *s, const struct change *c, unsigned dirs)
{
	if (c->kind == CHANGE_RESPELLED &&
	    (s->kinds & KBIT(CHANGE_RESPELLED)) == 0) {
		if ((s->kinds & KBIT(CHANGE_VERSION)) == 0 ||
		    (dirs & DBIT(DIR_EQUIVALENT)) == 0)
			return 0;
	} else if ((unsigned)c->kind >= CHANGE_NKINDS ||
	    (s->kinds & KBIT(c->kind)) == 0)
		return 0;
	if (s->dir != DIR_NONE && change_direction(c) != s->dir)
		return 0;
	if (s->integrity && !c->integrity)
		return 0;
	return 1;
}

static int
glob_any(const struct strlist *l, const char *s, int flags)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < l->n; i++)
		if (fnmatch(l->v[i], s, flags) == 0)
			return 1;
	return 0;
}

/* The name alone, or "namespace/name" taken from a purl key. */
static int
name_match(const struct strlist *l, const struct change *c)
{
	struct purl pu;
	struct diag d;
	char *full;
	int hit = 0;

	if (glob_any(l, c->name, 0))
		return 1;
	if (c->key == NULL || strncmp(c->key, "pkg:", 4) != 0)
		return 0;
	diag_init(&d);
	purl_init(&pu);
	if (purl_parse(c->key, &pu, &d) == 0 && pu.namespace != NULL) {
		full = xasprintf("%s/%s", pu.namespace, pu.name);
		hit = glob_any(l, full, 0);
		free(full);
	}
	purl_release(&pu);
	return hit;
}

/* Tries every licence identifier of an SPDX expression. */
static int
license_match(const struct strlist *l, const struct change *c)
{
	const char *expr = c->new_value != NULL ? c->new_value : c->old_value;
	const char *p, *q;
	char *id;
	int hit = 0;

	if (c->kind != CHANGE_LICENSE || expr == NULL)
		return 0;
	for (p = expr; *p != '\0' && !hit; p = q) {
		while (*p == ' ' || *p == '(' || *p == ')')
			p++;
		for (q = p; *q != '\0' && *q != ' ' && *q != '(' &&
		    *q != ')'; q++)
			continue;
		if (q == p)
			continue;
		id = xstrndup(p, (size_t)(q - p));
		if (strcmp(id, "AND") != 0 && strcmp(id, "OR") != 0 &&
		    strcmp(id, "WITH") != 0)
			hit = glob_any(l, id, 0);
		free(id);
	}
	return hit;
}

static int
stage_match(const struct strlist *l, const char *pair)
{
	const char *gt, *pgt;
	char *from, *pfrom;
	size_t i;
	int hit = 0;

	if (pair == NULL || (gt = strchr(pair, '>')) == NULL)
		return 0;
	from = xstrndup(pair, (size_t)(gt - pair));
	for (i = 0; i < l->n && !hit; i++) {
		pgt = strchr(l->v[i], '>');
		pfrom = xstrndup(l->v[i], (size_t)(pgt - l->v[i]));
		hit = fnmatch(pfrom, from, 0) == 0 &&
		    fnmatch(pgt + 1, gt + 1, 0) == 0;
		free(pfrom);
	}
	free(from);
	return hit;
}

static int
cond_match(const struct cond *w, const struct change *c, const char *pair)
{
	size_t i;
	int hit = 0;

	for (i = 0; i < w->nsels && !hit; i++)
		hit = sel_match(&w->sels[i], c, w->dirs);
	if (w->nsels > 0 && !hit)
		return 0;
	if (w->nsels == 0 && c->kind == CHANGE_RESPELLED &&
	    (w->dirs & DBIT(DIR_EQUIVALENT)) == 0)
		return 0;
	if (w->dirs != 0 && (w->dirs & DBIT(change_direction(c))) == 0)
		return 0;
	if (w->eco.n > 0 && !glob_any(&w->eco, c->ecosystem, FNM_CASEFOLD))
		return 0;
	if (w->name.n > 0 && !name_match(&w->name, c))
		return 0;
	if (w->purl.n > 0 && !glob_any(&w->purl, c->key, 0) &&
	    !glob_any(&w->purl, c->old_purl, 0) &&
	    !glob_any(&w->purl, c->new_purl, 0))
		return 0;
	if (w->license.n > 0 && !license_match(&w->license, c))
		return 0;
	if (w->stages.n > 0 && !stage_match(&w->stages, pair))
		return 0;
	return 1;
}

/*
 * Judging.
 */

static void
clear_judgement(struct change *c)
{
	size_t i;

	FREE_AND_NULL(c->waiver_rule);
	FREE_AND_NULL(c->waiver_reason);
	FREE_AND_NULL(c->waiver_expires);
	FREE_AND_NULL(c->waiver_ticket);
	for (i = 0; i < c->nrules; i++)
		free(c->rules[i]);
	FREE_AND_NULL(c->rules);
	c->nrules = 0;
	c->suppressed = 0;
	c->waiver_expired = 0;
	c->action = ACTION_NONE;
}

static void
set_waiver(struct change *c, const struct entry *e, int expired)
{
	FREE_AND_NULL(c->waiver_rule);
	FREE_AND_NULL(c->waiver_reason);
	FREE_AND_NULL(c->waiver_expires);
	FREE_AND_NULL(c->waiver_ticket);
	c->waiver_rule = xstrdup(e->id);
	c->waiver_reason = e->reason ? xstrdup(e->reason) : NULL;
	c->waiver_expires = e->expires ? xstrdup(e->expires) : NULL;
	c->waiver_ticket = e->ticket ? xstrdup(e->ticket) : NULL;
	c->waiver_expired = expired;
	c->suppressed = !expired;
}

/* Ignore entries first, then the first active waiver. */
static void
suppress(struct policy *p, struct change *c, const char *pair,
    long long today)
{
	struct entry *e;
	size_t i;
	int expired;

	for (i = 0; i < p->ignore.n; i++) {
		e = &p->ignore.v[i];
		if (cond_match(&e->when, c, pair)) {
			e->hits++;
			set_waiver(c, e, 0);
			return;
		}
	}
	for (i = 0; i < p->waivers.n; i++) {
		e = &p->waivers.v[i];
		if (!cond_match(&e->when, c, pair))
			continue;
		e->hits++;
		expired = today > e->expires_day;
		if (!expired) {
			set_waiver(c, e, 0);
			return;
		}
		if (c->waiver_rule == NULL)
			set_waiver(c, e, 1);
	}
}

static void
judge(struct entries *es, struct change *c, const char *pair)
{
	struct entry *e;
	size_t i;

	for (i = 0; i < es->n; i++) {
		e = &es->v[i];
		if (!cond_match(&e->when, c, pair))
			continue;
		e->hits++;
		c->rules = xreallocarray(c->rules, c->nrules + 1,
		    sizeof(*c->rules));
		c->rules[c->nrules++] = xstrdup(e->id);
		if (e->action > c->action)
			c->action = e->action;
	}
}

int
policy_apply(struct policy *p, struct change_list *cl,
    const char *stage_pair, long long today_epoch, struct diag *d)
{
	long long today;
	struct change *c;
	struct entry *e;
	size_t i;

	today = today_epoch >= 0 ? today_epoch / 86400 :
	    -((-today_epoch + 86399) / 86400);
	cl->have_policy = p != NULL;
	cl->nfail = cl->nwarn = cl->nsuppressed = 0;
	if (p == NULL)
		return 0;
	for (i = 0; i < p->waivers.n; i++)
		p->waivers.v[i].hits = 0;
	for (i = 0; i < cl->n; i++) {
		c = &cl->v[i];
		clear_judgement(c);
		suppress(p, c, stage_pair, today);
		judge(&p->rules, c, stage_pair);
		judge(&p->failrules, c, stage_pair);
		if (c->suppressed)
			cl->nsuppressed++;
		else if (c->action == ACTION_FAIL)
			cl->nfail++;
		else if (c->action == ACTION_WARN)
			cl->nwarn++;
	}
	for (i = 0; i < p->waivers.n; i++) {
		e = &p->waivers.v[i];
		if (e->hits > 0 && today > e->expires_day)
			diag_warn(d, "waiver '%s' expired on %s%s%s%s and no "
			    "longer suppresses %zu change%s", e->id,
			    e->expires, e->ticket ? " (" : "",
			    e->ticket ? e->ticket : "", e->ticket ? ")" : "",
			    e->hits, e->hits == 1 ? "" : "s");
	}
	return 0;
}
