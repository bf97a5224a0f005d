/*
 * view_query.c: globs and taps, and the final view read back:
 * view_lookup() through symlinks, view_foreach() in path order.
 */
#include "compat.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layer.h"
#include "view.h"
#include "view_priv.h"
#include "xalloc.h"

/* A directory being listed by view_foreach(). */
struct frame {
	struct node	**kids;
	size_t		  n, next;
	size_t		  plen;		/* path length of this directory */
};

static int
is_globchar(char c)
{
	return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
}

void
vw_glob_init(struct glob *g, const char *pattern)
{
	size_t i, last = 0;
	int any = 0;

	while (*pattern == '/')
		pattern++;
	g->pat = xstrdup(pattern);
	g->patlen = strlen(g->pat);
	g->prelen = g->patlen;
	for (i = 0; i < g->patlen; i++) {
		if (!is_globchar(g->pat[i]))
			continue;
		if (!any)
			g->prelen = i;
		any = 1;
		last = i + 1;
	}
	g->literal = !any;
	g->suf = g->pat + last;
	g->suflen = any ? g->patlen - last : 0;
}

int
vw_glob_match(const struct glob *g, const char *path, size_t len)
{
	if (g->literal)
		return len == g->patlen && memcmp(path, g->pat, len) == 0;
	if (len < g->prelen + g->suflen ||
	    memcmp(path, g->pat, g->prelen) != 0 ||
	    memcmp(path + len - g->suflen, g->suf, g->suflen) != 0)
		return 0;
	return fnmatch(g->pat, path, 0) == 0;
}

static void
add_tap(struct view *v, const char *pattern, view_tap_fn *fn, void *arg,
    int want)
{
	struct tap *t;

	xgrow(&v->taps, &v->tapcap, v->ntaps + 1, sizeof(*v->taps));
	t = &v->taps[v->ntaps++];
	vw_glob_init(&t->g, pattern);
	t->fn = fn;
	t->arg = arg;
	t->want = want;
}

void
view_tap(struct view *v, const char *pattern, view_tap_fn *fn, void *arg)
{
	add_tap(v, pattern, fn, arg, VW_TAP_ANY | VW_TAP_READ | VW_TAP_KEEP);
}

void
view_tap_stream(struct view *v, const char *pattern, view_tap_fn *fn,
    void *arg)
{
	if (fn != NULL)
		add_tap(v, pattern, fn, arg, VW_TAP_ANY | VW_TAP_READ);
}

void
view_tap_meta(struct view *v, const char *pattern)
{
	add_tap(v, pattern, NULL, NULL, VW_TAP_ANY);
}

int
vw_tapped(const struct view *v, const char *path, size_t len)
{
	size_t i;
	int r = 0;

	for (i = 0; i < v->ntaps; i++)
		if (vw_glob_match(&v->taps[i].g, path, len))
			r |= v->taps[i].want;
	return r;
}

void
vw_invalidate(struct view *v)
{
	size_t i;

	for (i = 0; i < v->vfcap; i++) {
		if (v->vfs[i] == NULL)
			continue;
		free(v->vfs[i]->path);
		free(v->vfs[i]);
	}
	free(v->vfs);
	v->vfs = NULL;
	v->vfcap = v->nvf = 0;
}

/* Nonzero when nothing but slashes is left of p. */
static int
at_end(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

struct node *
vw_resolve(const struct view *v, const char *path, int follow)
{
	struct node *cur = v->root, *n, *res = NULL;
	char *buf = xstrdup(path), *nbuf;
	const char *p = buf, *c;
	size_t len, hops = 0;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0') {
			res = cur;
			break;
		}
		if (cur->type != LAYER_DIR)
			break;
		for (c = p; *p != '\0' && *p != '/'; p++)
			continue;
		len = (size_t)(p - c);
		if (len == 1 && c[0] == '.')
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			if (cur->parent != NULL)
				cur = cur->parent;
			continue;
		}
		if ((n = vw_tab_find(v, cur, c, len)) == NULL)
			break;
		if (n->type != LAYER_SYMLINK || (!follow && at_end(p))) {
			cur = n;
			continue;
		}
		if (++hops > VIEW_MAXLINKS)
			break;
		if (n->u.link[0] == '/')
			cur = v->root;
		nbuf = xasprintf("%s/%s", n->u.link, p);
		free(buf);
		buf = nbuf;
		p = buf;
	}
	free(buf);
	return res;
}

/* Returns the normalised path of n; caller frees. */
static char *
node_path(const struct node *n)
{
	const struct node *x;
	size_t len = 0;
	char *s, *end;

	for (x = n; x->parent != NULL; x = x->parent)
		len += x->namelen + (x->parent->parent != NULL ? 1 : 0);
	s = xmalloc(len + 1);
	end = s + len;
	*end = '\0';
	for (x = n; x->parent != NULL; x = x->parent) {
		end -= x->namelen;
		memcpy(end, x->name, x->namelen);
		if (x->parent->parent != NULL)
			*--end = '/';
	}
	return s;
}

static void
fill_vf(struct view_file *vf, const struct node *n, const char *path)
{
	memset(vf, 0, sizeof(*vf));
	vf->path = path;
	vf->type = (enum layer_etype)n->type;
	vf->mode = (mode_t)n->mode;
	vf->size = n->size;
	vf->layer = n->layer;
	if (n->type == LAYER_SYMLINK)
		vf->link = n->u.link;
	if (n->type == LAYER_REG && n->u.blob != NULL) {
		vf->data = n->u.blob->data;
		vf->datalen = n->u.blob->len;
		vf->truncated = n->truncated;
	}
}

static size_t
ptr_slot(const struct view *v, const struct node *n)
{
	return mix32((uint32_t)((uintptr_t)n >> 4)) & (v->vfcap - 1);
}

static void
vf_grow(struct view *v)
{
	struct vfent **old = v->vfs;
	size_t i, j, oldcap = v->vfcap;

	v->vfcap = oldcap == 0 ? 16 : oldcap * 2;
	v->vfs = xcalloc(v->vfcap, sizeof(*v->vfs));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		for (j = ptr_slot(v, old[i]->n); v->vfs[j] != NULL;
		    j = (j + 1) & (v->vfcap - 1))
			continue;
		v->vfs[j] = old[i];
	}
	free(old);
}

/* The one view_file of node n, made on first use. */
static const struct view_file *
vf_get(struct view *v, const struct node *n)
{
	struct vfent *ent;
	size_t i;

	if ((v->nvf + 1) * 2 > v->vfcap)
		vf_grow(v);
	for (i = ptr_slot(v, n); (ent = v->vfs[i]) != NULL;
	    i = (i + 1) & (v->vfcap - 1))
		if (ent->n == n)
			return &ent->vf;
	ent = xmalloc(sizeof(*ent));
	ent->n = n;
	ent->path = node_path(n);
	fill_vf(&ent->vf, n, ent->path);
	v->vfs[i] = ent;
	v->nvf++;
	return &ent->vf;
}

const struct view_file *
view_lookup(struct view *v, const char *path, int follow)
{
	struct node *n;

	if ((n = vw_resolve(v, path, follow)) == NULL)
		return NULL;
	return vf_get(v, n);
}

/*
 * Orders siblings as their paths sort: a directory compares as its name
 * followed by '/', which is what every path below it starts with.
 */
static int
kidcmp(const void *pa, const void *pb)
{
	const struct node *a = *(struct node *const *)pa;
	const struct node *b = *(struct node *const *)pb;
	size_t n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int ca, cb, c;

	if ((c = memcmp(a->name, b->name, n)) != 0)
		return c;
	ca = a->namelen > n ? (unsigned char)a->name[n] :
	    a->type == LAYER_DIR ? '/' : -1;
	cb = b->namelen > n ? (unsigned char)b->name[n] :
	    b->type == LAYER_DIR ? '/' : -1;
	return ca < cb ? -1 : ca > cb;
}

static void
push_frame(struct frame **st, size_t *depth, size_t *cap,
    const struct node *dir, size_t plen)
{
	const struct node *x;
	struct frame *f;
	size_t n = 0;

	xgrow(st, cap, *depth + 1, sizeof(**st));
	f = &(*st)[(*depth)++];
	for (x = dir->u.kids; x != NULL; x = x->next)
		n++;
	f->kids = xreallocarray(NULL, n, sizeof(*f->kids));
	f->n = 0;
	for (x = dir->u.kids; x != NULL; x = x->next)
		f->kids[f->n++] = (struct node *)x;
	qsort(f->kids, f->n, sizeof(*f->kids), kidcmp);
	f->next = 0;
	f->plen = plen;
}

/* Appends n's name to the path of its directory; 0 when too long. */
static size_t
path_append(char *path, size_t plen, const struct node *n)
{
	if (plen > 0)
		path[plen++] = '/';
	if (plen + n->namelen > VIEW_PATHMAX)
		return 0;
	memcpy(path + plen, n->name, n->namelen);
	plen += n->namelen;
	path[plen] = '\0';
	return plen;
}

int
view_foreach(struct view *v, const char *pattern,
    int (*fn)(void *, const struct view_file *), void *arg)
{
	struct frame *st = NULL, *f;
	size_t depth = 0, cap = 0, plen;
	struct view_file vf;
	struct glob g;
	struct node *n;
	char *path;
	int rc = 0;

	vw_glob_init(&g, pattern != NULL ? pattern : "*");
	path = xmalloc(VIEW_PATHMAX + 2);
	push_frame(&st, &depth, &cap, v->root, 0);
	while (depth > 0 && rc == 0) {
		f = &st[depth - 1];
		if (f->next == f->n) {
			free(f->kids);
			depth--;
			continue;
		}
		n = f->kids[f->next++];
		if ((plen = path_append(path, f->plen, n)) == 0)
			continue;
		if (n->type == LAYER_DIR)
			push_frame(&st, &depth, &cap, n, plen);
		else if (n->type == LAYER_REG &&
		    vw_glob_match(&g, path, plen)) {
			fill_vf(&vf, n, path);
			rc = fn(arg, &vf);
		}
	}
	while (depth > 0)
		free(st[--depth].kids);
	free(st);
	free(path);
	free(g.pat);
	return rc;
}
