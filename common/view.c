#include "compat.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layer.h"
#include "view.h"
#include "xalloc.h"

/*
 * The view is a tree of nodes, one per path, each holding only its own
 * name component. A node is found through one hash table keyed by
 * (parent, name), so a directory with many entries costs nothing extra;
 * its children are also chained in a doubly linked list, so that a
 * subtree can be walked and removed in time proportional to its size.
 * No function here recurses: subtrees are walked through the parent
 * pointers, and view_foreach() keeps an explicit stack.
 */

/* The longest path kept; longer entries are skipped with a warning. */
#define VIEW_PATHMAX	4096
/* Content read for a tap grows from at most this much. */
#define READ_FIRST	(1024 * 1024)
#define WH_PREFIX	".wh."
#define WH_META		".wh..wh."
#define WH_OPAQUE	".wh..wh..opq"

/* Kept content of a tapped regular file. */
struct blob {
	size_t		len;
	unsigned char	data[];
};

struct node {
	struct node	*parent;	/* NULL for the root only */
	struct node	*next, *prev;	/* siblings, unordered */
	union {
		struct node	*kids;	/* LAYER_DIR: first child */
		char		*link;	/* LAYER_SYMLINK: target */
		struct blob	*blob;	/* LAYER_REG: content or NULL */
	} u;
	uint64_t	 size;
	uint32_t	 hash;		/* of (parent, name) */
	uint32_t	 layer;
	uint32_t	 mode;
	uint16_t	 namelen;
	uint8_t		 type;		/* enum layer_etype */
	uint8_t		 truncated;
	char		 name[];	/* not NUL-terminated */
};

/* A compiled glob: fnmatch(3) behind a cheap literal prefilter. */
struct glob {
	char		*pat;
	size_t		 patlen;
	size_t		 prelen;	/* literal head of every match */
	const char	*suf;		/* and literal tail, in pat */
	size_t		 suflen;
	int		 literal;	/* no glob characters: plain compare */
};

struct tap {
	struct glob	 g;
	view_tap_fn	*fn;
	void		*arg;
};

/* A view_lookup() result, kept until the view changes. */
struct vfent {
	const struct node	*n;
	char			*path;
	struct view_file	 vf;
};

struct view {
	struct node	 *root;
	struct node	**tab;		/* linear probing, power of 2 */
	size_t		  tabcap;
	size_t		  nnodes;	/* root excluded */
	struct tap	 *taps;
	size_t		  ntaps, tapcap;
	struct vfent	**vfs;		/* keyed by node address */
	size_t		  vfcap, nvf;
	size_t		  kept;		/* bytes of content kept */
};

/* What one entry is being applied with. */
struct apply {
	struct view		*v;
	struct layer_reader	*r;
	const struct layer_entry *e;
	size_t			 pathlen;
	uint32_t		 layer;
	int			 whiteouts;
	struct diag		*d;
};

static uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static uint32_t
key_hash(const struct node *parent, const char *name, size_t len)
{
	uint64_t p = (uint64_t)(uintptr_t)parent;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	h ^= (uint32_t)(p >> 4) * 0x9e3779b1u ^ (uint32_t)(p >> 36);
	return mix32(h);
}

static void
tab_put(struct node **tab, size_t cap, struct node *n)
{
	size_t i = n->hash & (cap - 1);

	while (tab[i] != NULL)
		i = (i + 1) & (cap - 1);
	tab[i] = n;
}

static void
tab_grow(struct view *v)
{
	struct node **old = v->tab;
	size_t i, oldcap = v->tabcap;

	v->tabcap = oldcap == 0 ? 64 : oldcap * 2;
	v->tab = xcalloc(v->tabcap, sizeof(*v->tab));
	for (i = 0; i < oldcap; i++)
		if (old[i] != NULL)
			tab_put(v->tab, v->tabcap, old[i]);
	free(old);
}

static struct node *
tab_find(const struct view *v, const struct node *parent, const char *name,
    size_t len)
{
	uint32_t h = key_hash(parent, name, len);
	struct node *n;
	size_t i;

	if (v->tabcap == 0)
		return NULL;
	for (i = h & (v->tabcap - 1); (n = v->tab[i]) != NULL;
	    i = (i + 1) & (v->tabcap - 1)) {
		if (n->hash == h && n->parent == parent &&
		    n->namelen == len && memcmp(n->name, name, len) == 0)
			return n;
	}
	return NULL;
}

/*
 * Deletes n from the table, moving later members of its probe run
 * back so that no tombstones are needed.
 */
static void
tab_del(struct view *v, const struct node *n)
{
	size_t mask = v->tabcap - 1, i, j, k;

	for (i = n->hash & mask; v->tab[i] != n; i = (i + 1) & mask)
		continue;
	for (j = i;;) {
		j = (j + 1) & mask;
		if (v->tab[j] == NULL)
			break;
		k = v->tab[j]->hash & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		v->tab[i] = v->tab[j];
		i = j;
	}
	v->tab[i] = NULL;
}

static struct node *
node_alloc(const char *name, size_t len)
{
	struct node *n;

	n = xcalloc(1, sizeof(*n) + len);
	memcpy(n->name, name, len);
	n->namelen = (uint16_t)len;
	return n;
}

/* Creates a child of dir with the given name; the caller sets it up. */
static struct node *
node_new(struct view *v, struct node *dir, const char *name, size_t len,
    enum layer_etype type, uint32_t layer)
{
	struct node *n = node_alloc(name, len);

	n->parent = dir;
	n->hash = key_hash(dir, name, len);
	n->type = (uint8_t)type;
	n->layer = layer;
	n->mode = type == LAYER_DIR ? 0755 : 0644;
	if ((v->nnodes + 1) * 10 >= v->tabcap * 7)
		tab_grow(v);
	tab_put(v->tab, v->tabcap, n);
	v->nnodes++;
	n->next = dir->u.kids;
	if (n->next != NULL)
		n->next->prev = n;
	dir->u.kids = n;
	return n;
}

/* Frees what n owns by type; a directory must be empty. */
static void
node_clear(struct view *v, struct node *n)
{
	if (n->type == LAYER_SYMLINK)
		free(n->u.link);
	else if (n->type == LAYER_REG && n->u.blob != NULL) {
		v->kept -= n->u.blob->len;
		free(n->u.blob);
	}
	n->u.kids = NULL;
	n->truncated = 0;
}

static void
node_del(struct view *v, struct node *n)
{
	tab_del(v, n);
	if (n->prev != NULL)
		n->prev->next = n->next;
	else
		n->parent->u.kids = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	node_clear(v, n);
	free(n);
	v->nnodes--;
}

/* Removes everything below dir, deepest first. */
static void
drop_children(struct view *v, struct node *dir)
{
	struct node *x = dir->u.kids, *up;

	while (x != NULL) {
		if (x->type == LAYER_DIR && x->u.kids != NULL) {
			x = x->u.kids;
			continue;
		}
		up = x->parent;
		node_del(v, x);
		if (up->u.kids != NULL)
			x = up->u.kids;
		else
			x = up == dir ? NULL : up;
	}
}

/* The first node to visit after x in a post-order walk of x's subtree. */
static struct node *
deepest_first(struct node *x)
{
	while (x->type == LAYER_DIR && x->u.kids != NULL)
		x = x->u.kids;
	return x;
}

/*
 * Removes from below top what lower layers put there. A lower directory
 * that still holds entries of this layer stays, as a directory of this
 * layer (in overlayfs terms it now exists in the upper layer).
 */
static void
prune_lower(struct view *v, struct node *top, uint32_t layer)
{
	struct node *x, *next, *up;

	if (top->u.kids == NULL)
		return;
	x = deepest_first(top->u.kids);
	for (;;) {
		next = x->next;
		up = x->parent;
		if (x->layer < layer) {
			if (x->type == LAYER_DIR && x->u.kids != NULL)
				x->layer = layer;
			else
				node_del(v, x);
		}
		if (next != NULL)
			x = deepest_first(next);
		else if (up == top)
			break;
		else
			x = up;
	}
}

static void
view_invalidate(struct view *v)
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

struct view *
view_new(void)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->root = node_alloc("", 0);
	v->root->type = LAYER_DIR;
	v->root->mode = 0755;
	tab_grow(v);
	return v;
}

void
view_free(struct view *v)
{
	size_t i;

	if (v == NULL)
		return;
	view_invalidate(v);
	drop_children(v, v->root);
	free(v->root);
	free(v->tab);
	for (i = 0; i < v->ntaps; i++)
		free(v->taps[i].g.pat);
	free(v->taps);
	free(v);
}

static int
is_globchar(char c)
{
	return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
}

static void
glob_init(struct glob *g, const char *pattern)
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

static int
glob_match(const struct glob *g, const char *path, size_t len)
{
	if (g->literal)
		return len == g->patlen && memcmp(path, g->pat, len) == 0;
	if (len < g->prelen + g->suflen ||
	    memcmp(path, g->pat, g->prelen) != 0 ||
	    memcmp(path + len - g->suflen, g->suf, g->suflen) != 0)
		return 0;
	return fnmatch(g->pat, path, 0) == 0;
}

void
view_tap(struct view *v, const char *pattern, view_tap_fn *fn, void *arg)
{
	struct tap *t;

	xgrow(&v->taps, &v->tapcap, v->ntaps + 1, sizeof(*v->taps));
	t = &v->taps[v->ntaps++];
	glob_init(&t->g, pattern);
	t->fn = fn;
	t->arg = arg;
}

static int
tapped(const struct view *v, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < v->ntaps; i++)
		if (glob_match(&v->taps[i].g, path, len))
			return 1;
	return 0;
}

static void
run_taps(const struct apply *a, const struct blob *b)
{
	const struct view *v = a->v;
	size_t i;

	for (i = 0; i < v->ntaps; i++) {
		if (v->taps[i].fn == NULL ||
		    !glob_match(&v->taps[i].g, a->e->path, a->pathlen))
			continue;
		v->taps[i].fn(v->taps[i].arg, a->layer, a->e->path, b->data,
		    b->len);
	}
}

/*
 * Reads the current entry's content, at most VIEW_CONTENT_MAX bytes.
 * The size in the header only sizes the first buffer, and only up to
 * READ_FIRST, so that a lying header costs nothing.
 */
static int
read_blob(const struct apply *a, struct blob **out, int *truncated)
{
	struct blob *b;
	size_t cap, len = 0;
	unsigned char probe;
	ssize_t got = 0;

	*truncated = 0;
	cap = a->e->size < READ_FIRST ? (size_t)a->e->size : READ_FIRST;
	b = xmalloc(sizeof(*b) + cap);
	for (;;) {
		if (len == cap && cap == VIEW_CONTENT_MAX) {
			got = layer_read(a->r, &probe, 1, a->d);
			*truncated = got > 0;
			break;
		}
		if (len == cap) {
			cap = cap < 4096 ? 4096 : cap * 2;
			if (cap > VIEW_CONTENT_MAX)
				cap = VIEW_CONTENT_MAX;
			b = xrealloc(b, sizeof(*b) + cap);
		}
		if ((got = layer_read(a->r, b->data + len, cap - len,
		    a->d)) <= 0)
			break;
		len += (size_t)got;
	}
	if (got < 0) {
		free(b);
		return -1;
	}
	b->len = len;
	*out = xrealloc(b, sizeof(*b) + len);
	if (*truncated)
		diag_warn(a->d, "content of '/%s' cut at %u bytes",
		    a->e->path, VIEW_CONTENT_MAX);
	return 0;
}

/*
 * Finds the directory that holds the last component of a->e->path,
 * creating missing parents (as this layer's) when create is set. A
 * parent that is not a directory is replaced by one, with a warning,
 * as overlayfs would show it. Returns NULL when there is no such
 * directory, or when the path must be skipped.
 */
static struct node *
parent_dir(const struct apply *a, size_t dirlen, int create)
{
	const char *path = a->e->path, *c, *end = a->e->path + dirlen;
	struct node *cur = a->v->root, *n;
	size_t len;

	for (c = path; c < end; c += len + 1) {
		for (len = 0; c + len < end && c[len] != '/'; len++)
			continue;
		if ((n = tab_find(a->v, cur, c, len)) == NULL) {
			if (!create)
				return NULL;
			if (a->whiteouts && len >= 4 &&
			    memcmp(c, WH_PREFIX, 4) == 0) {
				diag_warn(a->d, "whiteout inside path '/%s' "
				    "in layer %u, skipped", path, a->layer);
				return NULL;
			}
			n = node_new(a->v, cur, c, len, LAYER_DIR, a->layer);
		} else if (n->type != LAYER_DIR) {
			if (!create)
				return NULL;
			diag_warn(a->d, "'/%.*s' is not a directory in layer "
			    "%u, replaced by one for '/%s'", (int)(c + len -
			    path), path, a->layer, path);
			node_clear(a->v, n);
			n->type = LAYER_DIR;
			n->mode = 0755;
			n->size = 0;
			n->layer = a->layer;
		}
		cur = n;
	}
	return cur;
}

/* Applies ".wh.NAME" or ".wh..wh..opq" found at base of the path. */
static void
apply_whiteout(const struct apply *a, size_t dirlen, const char *base)
{
	struct node *dir, *n;

	if (strcmp(base, WH_OPAQUE) == 0) {
		if ((dir = parent_dir(a, dirlen, 1)) != NULL)
			prune_lower(a->v, dir, a->layer);
		return;
	}
	if (strncmp(base, WH_META, strlen(WH_META)) == 0)
		return;
	base += strlen(WH_PREFIX);
	if ((dir = parent_dir(a, dirlen, 0)) == NULL ||
	    (n = tab_find(a->v, dir, base, strlen(base))) == NULL)
		return;
	if (n->type == LAYER_DIR)
		prune_lower(a->v, n, a->layer);
	if (n->layer < a->layer && (n->type != LAYER_DIR ||
	    n->u.kids == NULL))
		node_del(a->v, n);
	else if (n->layer < a->layer)
		n->layer = a->layer;
}

/*
 * Returns the node for a non-directory entry, turning whatever was
 * there (a directory and its subtree, a link, a file) into an empty
 * node of this layer.
 */
static struct node *
leaf_node(const struct apply *a, struct node *dir, const char *base,
    enum layer_etype type)
{
	struct node *n;
	size_t len = strlen(base);

	if ((n = tab_find(a->v, dir, base, len)) == NULL)
		return node_new(a->v, dir, base, len, type, a->layer);
	if (n->type == LAYER_DIR)
		drop_children(a->v, n);
	node_clear(a->v, n);
	n->type = (uint8_t)type;
	n->layer = a->layer;
	n->size = 0;
	return n;
}

static void
apply_dir(const struct apply *a, struct node *dir, const char *base)
{
	struct node *n;
	size_t len = strlen(base);

	if ((n = tab_find(a->v, dir, base, len)) == NULL)
		n = node_new(a->v, dir, base, len, LAYER_DIR, a->layer);
	else if (n->type != LAYER_DIR) {
		node_clear(a->v, n);
		n->type = LAYER_DIR;
	}
	n->mode = (uint32_t)a->e->mode;
	n->size = 0;
	n->layer = a->layer;
}

/*
 * Whether len more bytes of content fit in VIEW_KEPT_MAX; warns when
 * they do not.
 */
static int
kept_room(const struct apply *a, size_t len)
{
	if (a->v->kept <= VIEW_KEPT_MAX &&
	    len <= VIEW_KEPT_MAX - a->v->kept)
		return 1;
	diag_warn(a->d, "content of '/%s' not kept: over %u MiB of file "
	    "content kept in all", a->e->path, VIEW_KEPT_MAX >> 20);
	return 0;
}

/* Stores b as n's content; n must hold none. */
static void
keep_blob(const struct apply *a, struct node *n, struct blob *b, int trunc)
{
	n->u.blob = b;
	n->truncated = (uint8_t)trunc;
	if (b != NULL)
		a->v->kept += b->len;
}

/* Reads and stores the content of a tapped regular file. */
static int
keep_content(const struct apply *a, struct node *n)
{
	struct blob *b;
	int trunc;

	if (!kept_room(a, 0))
		return 0;
	if (read_blob(a, &b, &trunc) != 0)
		return -1;
	if (!kept_room(a, b->len)) {
		free(b);
		return 0;
	}
	run_taps(a, b);
	keep_blob(a, n, b, trunc);
	return 0;
}

static int
apply_reg(const struct apply *a, struct node *dir, const char *base)
{
	struct node *n = leaf_node(a, dir, base, LAYER_REG);

	n->mode = (uint32_t)a->e->mode;
	n->size = a->e->size;
	if (!tapped(a->v, a->e->path, a->pathlen))
		return 0;
	return keep_content(a, n);
}

static void
apply_other(const struct apply *a, struct node *dir, const char *base)
{
	const char *link = a->e->link != NULL ? a->e->link : "";
	struct node *n;

	n = leaf_node(a, dir, base, a->e->type);
	n->mode = (uint32_t)a->e->mode;
	if (a->e->type == LAYER_SYMLINK) {
		n->u.link = xstrdup(link);
		n->size = strlen(link);
	}
}

static struct blob *
blob_dup(const struct blob *b)
{
	struct blob *c;

	if (b == NULL)
		return NULL;
	c = xmalloc(sizeof(*c) + b->len);
	memcpy(c, b, sizeof(*c) + b->len);
	return c;
}

static struct node	*resolve(const struct view *, const char *, int);

/*
 * Content for a tapped hardlink whose target was not kept: whatever
 * the entry itself carries, when its size is the target's.
 */
static int
hardlink_content(const struct apply *a, struct node *n)
{
	struct blob *b;
	int trunc;

	if (read_blob(a, &b, &trunc) != 0)
		return -1;
	if (b->len != n->size) {
		diag_warn(a->d, "content of hardlink '/%s' not available: "
		    "'/%s' was not kept", a->e->path, a->e->link);
		free(b);
		return 0;
	}
	if (!kept_room(a, b->len)) {
		free(b);
		return 0;
	}
	keep_blob(a, n, b, trunc);
	return 0;
}

/*
 * A hardlink becomes a copy of the file it names as that file is now,
 * kept content included. A hardlink to nothing (or to a directory)
 * stays as an empty regular file.
 */
static int
apply_hardlink(const struct apply *a, struct node *dir, const char *base)
{
	struct node copy, *t, *n;

	memset(&copy, 0, sizeof(copy));
	copy.type = LAYER_REG;
	copy.mode = (uint32_t)a->e->mode;
	t = resolve(a->v, a->e->link != NULL ? a->e->link : "", 0);
	if (t == NULL || t->type == LAYER_DIR) {
		diag_warn(a->d, "hardlink '/%s' names missing '/%s' in layer "
		    "%u, kept as an empty file", a->e->path,
		    a->e->link != NULL ? a->e->link : "", a->layer);
	} else {
		copy = *t;
		if (t->type == LAYER_SYMLINK)
			copy.u.link = xstrdup(t->u.link);
		else if (t->type == LAYER_REG)
			copy.u.blob = t->u.blob == NULL ||
			    !kept_room(a, t->u.blob->len) ? NULL :
			    blob_dup(t->u.blob);
	}
	n = leaf_node(a, dir, base, (enum layer_etype)copy.type);
	n->mode = copy.mode;
	n->size = copy.size;
	if (copy.type == LAYER_REG)
		keep_blob(a, n, copy.u.blob, copy.truncated);
	else
		n->u = copy.u;
	if (n->type != LAYER_REG || !tapped(a->v, a->e->path, a->pathlen))
		return 0;
	if (n->u.blob == NULL && hardlink_content(a, n) != 0)
		return -1;
	if (n->u.blob != NULL)
		run_taps(a, n->u.blob);
	return 0;
}

static int
apply_entry(const struct apply *a)
{
	const char *path = a->e->path, *slash, *base;
	struct node *dir;
	size_t dirlen;

	if (a->pathlen == 0)
		return 0;
	if (a->pathlen > VIEW_PATHMAX) {
		diag_warn(a->d, "path too long in layer %u, skipped: "
		    "'/%.64s...'", a->layer, path);
		return 0;
	}
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	dirlen = slash != NULL ? (size_t)(slash - path) : 0;
	if (a->whiteouts && strncmp(base, WH_PREFIX, strlen(WH_PREFIX)) == 0) {
		apply_whiteout(a, dirlen, base);
		return 0;
	}
	if (*base == '\0' || (dir = parent_dir(a, dirlen, 1)) == NULL)
		return 0;

	switch (a->e->type) {
	case LAYER_DIR:
		apply_dir(a, dir, base);
		return 0;
	case LAYER_REG:
		return apply_reg(a, dir, base);
	case LAYER_HARDLINK:
		return apply_hardlink(a, dir, base);
	default:
		apply_other(a, dir, base);
		return 0;
	}
}

int
view_add_layer(struct view *v, struct layer_reader *r, size_t layer,
    int whiteouts, struct diag *d)
{
	struct layer_entry e;
	struct apply a;
	int rc;

	view_invalidate(v);
	a.v = v;
	a.r = r;
	a.e = &e;
	a.layer = layer > UINT32_MAX ? UINT32_MAX : (uint32_t)layer;
	a.whiteouts = whiteouts;
	a.d = d;
	while ((rc = layer_next(r, &e, d)) == 1) {
		a.pathlen = strlen(e.path);
		if (e.type == LAYER_SYMLINK && e.link != NULL &&
		    strlen(e.link) > VIEW_PATHMAX) {
			diag_warn(d, "symlink target too long for '/%s' in "
			    "layer %u, skipped", e.path, a.layer);
			continue;
		}
		if (apply_entry(&a) != 0)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

/* Nonzero when nothing but slashes is left of p. */
static int
at_end(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

/*
 * Walks path from the root. Symlinks are followed in every component
 * but the last, and in the last too when follow is set; an absolute
 * target restarts at the root and ".." stops there. Each hop splices
 * the target in front of what is left of the path, so the work is
 * bounded by VIEW_MAXLINKS times the longest target.
 */
static struct node *
resolve(const struct view *v, const char *path, int follow)
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
		if ((n = tab_find(v, cur, c, len)) == NULL)
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

	if ((n = resolve(v, path, follow)) == NULL)
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

struct frame {
	struct node	**kids;
	size_t		  n, next;
	size_t		  plen;		/* path length of this directory */
};

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

	glob_init(&g, pattern != NULL ? pattern : "*");
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
		else if (n->type == LAYER_REG && glob_match(&g, path, plen)) {
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

size_t
view_nfiles(const struct view *v)
{
	return v->nnodes;
}
