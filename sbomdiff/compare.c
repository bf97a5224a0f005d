#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sbomdiff.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * Matching and classification. Both documents arrive sorted by key, so
 * components with the same key are found by one merge walk; within a
 * key, instances are paired by identical version, then by location,
 * then in version order. Components left over are tried once more on
 * weaker coordinates (group and name, then name only), each by sorting,
 * so that the whole comparison costs O(n log n).
 */

struct differ {
	const struct doc	*old, *new;
	unsigned		 flags;
	struct change_list	*cl;
	char			*oused, *nused;	/* per component */
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct change *
emit(struct differ *df, enum change_kind kind, const struct comp *o,
    const struct comp *n, enum match_tier tier, unsigned instance)
{
	const struct comp *any = n != NULL ? n : o;
	struct change *c;

	c = change_list_add(df->cl, kind);
	c->key = xstrdup(any->key);
	c->ecosystem = dup_or_null(any->ecosystem);
	c->name = xstrdup(any->name);
	c->tier = tier;
	c->weak = tier == TIER_NAME;
	c->instance = instance;
	if (o != NULL) {
		c->old_version = dup_or_null(o->version);
		c->old_purl = dup_or_null(o->purl);
	}
	if (n != NULL) {
		c->new_version = dup_or_null(n->version);
		c->new_purl = dup_or_null(n->purl);
	}
	return c;
}

static enum vercmp_scheme
scheme_of(const struct comp *c)
{
	return c->ecosystem != NULL ?
	    vercmp_scheme_for_purl_type(c->ecosystem) : VERCMP_NONE;
}

static void
classify_version(struct differ *df, const struct comp *o,
    const struct comp *n, enum match_tier tier, unsigned inst)
{
	enum vercmp_scheme s = scheme_of(n);
	enum change_dir dir = DIR_INCOMPARABLE;
	struct change *c;

	if (strcmp_null(o->version, n->version) == 0)
		return;
	if (o->version != NULL && n->version != NULL) {
		switch (vercmp(s, o->version, n->version)) {
		case VERCMP_LT:
			dir = DIR_UPGRADE;
			break;
		case VERCMP_GT:
			dir = DIR_DOWNGRADE;
			break;
		case VERCMP_EQ:
			dir = DIR_EQUIVALENT;
			break;
		case VERCMP_INCOMPARABLE:
			break;
		}
	}
	c = emit(df, dir == DIR_EQUIVALENT ? CHANGE_RESPELLED :
	    CHANGE_VERSION, o, n, tier, inst);
	c->scheme = s;
	c->direction = dir;
}

/*
 * Hashes of the algorithms both sides have, as "ALG:hex" words; NULL
 * when they agree (or share no algorithm).
 */
static int
hash_diff(const struct comp *o, const struct comp *n, char **ov, char **nv)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i = 0, j = 0;
	int r;

	while (i < o->nhashes && j < n->nhashes) {
		r = strcmp(o->hashes[i].alg, n->hashes[j].alg);
		if (r < 0) {
			i++;
			continue;
		}
		if (r > 0) {
			j++;
			continue;
		}
		if (strcmp(o->hashes[i].value, n->hashes[j].value) != 0) {
			strbuf_addf(&a, "%s%s:%s", a.len ? " " : "",
			    o->hashes[i].alg, o->hashes[i].value);
			strbuf_addf(&b, "%s%s:%s", b.len ? " " : "",
			    n->hashes[j].alg, n->hashes[j].value);
		}
		i++;
		j++;
	}
	if (a.len == 0)
		return 0;
	*ov = strbuf_detach(&a, NULL);
	*nv = strbuf_detach(&b, NULL);
	return 1;
}

static void
classify_value(struct differ *df, enum change_kind kind, const char *ov,
    const char *nv, const struct comp *o, const struct comp *n,
    enum match_tier tier, unsigned inst)
{
	struct change *c;

	if (strcmp_null(ov, nv) == 0)
		return;
	c = emit(df, kind, o, n, tier, inst);
	c->old_value = dup_or_null(ov);
	c->new_value = dup_or_null(nv);
}

/* The purl as identity plus attributes, without the version. */
static char *
purl_sans_version(const struct comp *c)
{
	if (c->tier != TIER_PURL)
		return dup_or_null(c->purl);
	if (c->attrs == NULL)
		return xstrdup(c->key);
	return xasprintf("%s%c%s", c->key,
	    strchr(c->key, '?') != NULL ? '&' : '?', c->attrs);
}

static void
classify_pair(struct differ *df, const struct comp *o, const struct comp *n,
    enum match_tier tier, unsigned inst)
{
	struct change *c;
	char *ov = NULL, *nv = NULL;
	size_t before = df->cl->n;

	classify_version(df, o, n, tier, inst);
	if (hash_diff(o, n, &ov, &nv)) {
		c = emit(df, CHANGE_HASH, o, n, tier, inst);
		c->old_value = ov;
		c->new_value = nv;
		c->integrity = strcmp_null(o->version, n->version) == 0;
	}
	classify_value(df, CHANGE_LICENSE, o->license, n->license, o, n, tier,
	    inst);
	classify_value(df, CHANGE_SUPPLIER, o->supplier, n->supplier, o, n,
	    tier, inst);
	ov = purl_sans_version(o);
	nv = purl_sans_version(n);
	if (ov != NULL && nv != NULL && strcmp(ov, nv) != 0)
		classify_value(df, CHANGE_PURL, o->purl, n->purl, o, n, tier,
		    inst);
	free(ov);
	free(nv);
	/* SPDX has neither type nor scope: compare only where both do. */
	if (o->type != NULL && n->type != NULL)
		classify_value(df, CHANGE_TYPE, o->type, n->type, o, n, tier,
		    inst);
	if (o->scope != NULL && n->scope != NULL)
		classify_value(df, CHANGE_SCOPE, o->scope, n->scope, o, n,
		    tier, inst);
	df->cl->matched++;
	if (df->cl->n == before)
		df->cl->unchanged++;
}

static void
pair(struct differ *df, size_t oi, size_t ni, enum match_tier tier,
    unsigned inst)
{
	df->oused[oi] = 1;
	df->nused[ni] = 1;
	classify_pair(df, &df->old->comps[oi], &df->new->comps[ni], tier,
	    inst);
}

struct vsort {
	const struct comp	*comps;
	enum vercmp_scheme	 scheme;
};

/* Newest first; versions the scheme cannot order sort by spelling. */
static int
vers_desc(const void *a, const void *b, void *arg)
{
	const struct vsort *vs = arg;
	const struct comp *x = &vs->comps[*(const size_t *)a];
	const struct comp *y = &vs->comps[*(const size_t *)b];
	enum vercmp_result r;

	if (x->version == NULL || y->version == NULL)
		return strcmp_null(y->version, x->version);
	r = vercmp(vs->scheme, x->version, y->version);
	if (r == VERCMP_LT)
		return 1;
	if (r == VERCMP_GT)
		return -1;
	return -strcmp(x->version, y->version);
}

static const char *
where(const struct comp *c)
{
	if (c->nlocations > 0)
		return c->locations[0];
	return c->parents;
}

static int
where_cmp(const void *a, const void *b, void *arg)
{
	const struct comp *comps = arg;
	const struct comp *x = &comps[*(const size_t *)a];
	const struct comp *y = &comps[*(const size_t *)b];

	return strcmp_null(where(x), where(y));
}

/* Indices in [lo, hi) not yet paired. */
static size_t
left_over(const char *used, size_t lo, size_t hi, size_t *out)
{
	size_t i, n = 0;

	for (i = lo; i < hi; i++)
		if (!used[i])
			out[n++] = i;
	return n;
}

static void
pair_by_location(struct differ *df, size_t *ov, size_t on, size_t *nv,
    size_t nn, unsigned *inst)
{
	const struct comp *oc = df->old->comps, *nc = df->new->comps;
	size_t i = 0, j = 0;
	int r;

	qsort_r(ov, on, sizeof(*ov), where_cmp, (void *)oc);
	qsort_r(nv, nn, sizeof(*nv), where_cmp, (void *)nc);
	while (i < on && j < nn) {
		if (where(&oc[ov[i]]) == NULL) {
			i++;
			continue;
		}
		if (where(&nc[nv[j]]) == NULL) {
			j++;
			continue;
		}
		r = strcmp(where(&oc[ov[i]]), where(&nc[nv[j]]));
		if (r == 0)
			pair(df, ov[i++], nv[j++], oc[ov[0]].tier,
			    (*inst)++);
		else if (r < 0)
			i++;
		else
			j++;
	}
}

static void
pair_by_order(struct differ *df, size_t *ov, size_t on, size_t *nv,
    size_t nn, unsigned *inst)
{
	struct vsort vo = { df->old->comps, VERCMP_NONE };
	struct vsort vn = { df->new->comps, VERCMP_NONE };
	size_t i;

	if (on == 0 || nn == 0)
		return;
	vo.scheme = vn.scheme = scheme_of(&df->new->comps[nv[0]]);
	qsort_r(ov, on, sizeof(*ov), vers_desc, &vo);
	qsort_r(nv, nn, sizeof(*nv), vers_desc, &vn);
	for (i = 0; i < on && i < nn; i++)
		pair(df, ov[i], nv[i], df->old->comps[ov[0]].tier,
		    (*inst)++);
}

/* All instances of one key: old [i0, i1), new [j0, j1). */
static void
pair_group(struct differ *df, size_t i0, size_t i1, size_t j0, size_t j1)
{
	const struct comp *oc = df->old->comps, *nc = df->new->comps;
	size_t i = i0, j = j0, on, nn, *ov, *nv;
	unsigned inst = 0;
	struct change *c;
	int r;

	/* Same version first: the input is sorted by version within key. */
	while (i < i1 && j < j1) {
		r = strcmp_null(oc[i].version, nc[j].version);
		if (r == 0)
			pair(df, i++, j++, oc[i0].tier, inst++);
		else if (r < 0)
			i++;
		else
			j++;
	}
	ov = xcalloc(i1 - i0, sizeof(*ov));
	nv = xcalloc(j1 - j0, sizeof(*nv));
	on = left_over(df->oused, i0, i1, ov);
	nn = left_over(df->nused, j0, j1, nv);
	if (on > 0 && nn > 0 && (on > 1 || nn > 1)) {
		pair_by_location(df, ov, on, nv, nn, &inst);
		on = left_over(df->oused, i0, i1, ov);
		nn = left_over(df->nused, j0, j1, nv);
	}
	pair_by_order(df, ov, on, nv, nn, &inst);
	free(ov);
	free(nv);
	if (i1 - i0 != j1 - j0) {
		c = emit(df, CHANGE_INSTANCES, &oc[i0], &nc[j0], oc[i0].tier,
		    0);
		FREE_AND_NULL(c->old_version);
		FREE_AND_NULL(c->new_version);
		FREE_AND_NULL(c->old_purl);
		FREE_AND_NULL(c->new_purl);
		c->old_value = xasprintf("%zu", i1 - i0);
		c->new_value = xasprintf("%zu", j1 - j0);
	}
}

/* The merge walk over keys present on both sides. */
static void
pair_keys(struct differ *df)
{
	const struct comp *oc = df->old->comps, *nc = df->new->comps;
	size_t i = 0, j = 0, i1, j1;
	int r;

	while (i < df->old->ncomps && j < df->new->ncomps) {
		r = strcmp(oc[i].key, nc[j].key);
		if (r < 0) {
			i++;
			continue;
		}
		if (r > 0) {
			j++;
			continue;
		}
		for (i1 = i; i1 < df->old->ncomps &&
		    strcmp(oc[i1].key, oc[i].key) == 0; i1++)
			;
		for (j1 = j; j1 < df->new->ncomps &&
		    strcmp(nc[j1].key, nc[j].key) == 0; j1++)
			;
		pair_group(df, i, i1, j, j1);
		i = i1;
		j = j1;
	}
}

struct fb {
	char	*coord;		/* fallback coordinate */
	size_t	 idx;
	int	 purl;		/* has a purl key */
};

static int
fb_cmp(const void *a, const void *b)
{
	const struct fb *x = a, *y = b;
	int r;

	if ((r = strcmp(x->coord, y->coord)) != 0)
		return r;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * The coordinate of an unpaired component at a fallback tier: "group/
 * name" for TIER_COORD (NULL without a group), "type/name" for
 * TIER_NAME.
 */
static char *
coord(const struct comp *c, enum match_tier tier)
{
	if (tier == TIER_COORD)
		return c->group != NULL ?
		    xasprintf("%s/%s", c->group, c->name) : NULL;
	return xasprintf("%s/%s", c->type != NULL ? c->type : "", c->name);
}

static size_t
fb_collect(const struct doc *doc, const char *used, enum match_tier tier,
    struct fb *v)
{
	size_t i, n = 0;

	for (i = 0; i < doc->ncomps; i++) {
		if (used[i] || (v[n].coord = coord(&doc->comps[i], tier)) ==
		    NULL)
			continue;
		v[n].idx = i;
		v[n++].purl = doc->comps[i].tier == TIER_PURL;
	}
	qsort(v, n, sizeof(*v), fb_cmp);
	return n;
}

/* Length of the run of equal coordinates starting at v[i]. */
static size_t
fb_run(const struct fb *v, size_t n, size_t i)
{
	size_t k = i + 1;

	while (k < n && strcmp(v[k].coord, v[i].coord) == 0)
		k++;
	return k - i;
}

/*
 * Pairs components whose keys differ but whose coordinates are equal
 * and unique on both sides. Two purls never pair this way: differing
 * purls are different packages.
 */
static void
pair_fallback(struct differ *df, enum match_tier tier)
{
	struct fb *ov, *nv;
	size_t on, nn, i = 0, j = 0, ro, rn;
	int r;

	ov = xcalloc(df->old->ncomps + 1, sizeof(*ov));
	nv = xcalloc(df->new->ncomps + 1, sizeof(*nv));
	on = fb_collect(df->old, df->oused, tier, ov);
	nn = fb_collect(df->new, df->nused, tier, nv);
	while (i < on && j < nn) {
		r = strcmp(ov[i].coord, nv[j].coord);
		ro = r <= 0 ? fb_run(ov, on, i) : 0;
		rn = r >= 0 ? fb_run(nv, nn, j) : 0;
		if (r == 0 && ro == 1 && rn == 1 &&
		    !(ov[i].purl && nv[j].purl))
			pair(df, ov[i].idx, nv[j].idx, tier, 0);
		i += ro;
		j += rn;
	}
	for (i = 0; i < on; i++)
		free(ov[i].coord);
	for (j = 0; j < nn; j++)
		free(nv[j].coord);
	free(ov);
	free(nv);
}

/* What is left is added or removed; numbered within each key. */
static void
emit_unpaired(struct differ *df, const struct doc *doc, const char *used,
    enum change_kind kind)
{
	const struct comp *c;
	unsigned inst = 0;
	size_t i;

	for (i = 0; i < doc->ncomps; i++) {
		c = &doc->comps[i];
		if (i > 0 && strcmp(c->key, doc->comps[i - 1].key) != 0)
			inst = 0;
		if (used[i])
			continue;
		if (kind == CHANGE_ADDED)
			emit(df, kind, NULL, c, TIER_NONE, inst++);
		else
			emit(df, kind, c, NULL, TIER_NONE, inst++);
	}
}

static const struct comp *
comp_of_key(const struct doc *doc, const char *key)
{
	size_t lo = 0, hi = doc->ncomps, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(doc->comps[mid].key, key);
		if (r == 0)
			return &doc->comps[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
emit_edge(struct differ *df, const struct doc *doc,
    const struct doc_edge *e, enum change_kind kind)
{
	const struct comp *from = comp_of_key(doc, e->from);
	struct change *c;

	c = change_list_add(df->cl, kind);
	c->key = xstrdup(e->from);
	c->name = xstrdup(from != NULL ? from->name : e->from);
	c->ecosystem = from != NULL ? dup_or_null(from->ecosystem) : NULL;
	if (kind == CHANGE_EDGE_ADDED)
		c->new_value = xstrdup(e->to);
	else
		c->old_value = xstrdup(e->to);
}

static void
diff_edges(struct differ *df)
{
	const struct doc_edge *oe = df->old->edges, *ne = df->new->edges;
	size_t i = 0, j = 0;
	int r;

	while (i < df->old->nedges || j < df->new->nedges) {
		if (i == df->old->nedges)
			r = 1;
		else if (j == df->new->nedges)
			r = -1;
		else if ((r = strcmp(oe[i].from, ne[j].from)) == 0)
			r = strcmp(oe[i].to, ne[j].to);
		if (r < 0)
			emit_edge(df, df->old, &oe[i++], CHANGE_EDGE_REMOVED);
		else if (r > 0)
			emit_edge(df, df->new, &ne[j++], CHANGE_EDGE_ADDED);
		else {
			i++;
			j++;
		}
	}
}

int
diff_docs(const struct doc *old, const struct doc *new, unsigned flags,
    struct change_list *cl, struct diag *d)
{
	struct differ df;

	memset(&df, 0, sizeof(df));
	df.old = old;
	df.new = new;
	df.flags = flags;
	df.cl = cl;
	df.oused = xcalloc(old->ncomps + 1, 1);
	df.nused = xcalloc(new->ncomps + 1, 1);
	pair_keys(&df);
	pair_fallback(&df, TIER_COORD);
	pair_fallback(&df, TIER_NAME);
	emit_unpaired(&df, new, df.nused, CHANGE_ADDED);
	emit_unpaired(&df, old, df.oused, CHANGE_REMOVED);
	if (flags & DIFF_GRAPH)
		diff_edges(&df);
	change_list_sort(cl);
	free(df.oused);
	free(df.nused);
	return 0;
}
