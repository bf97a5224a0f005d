/*
 * view_apply.c: view_add_layer(), one entry at a time: whiteouts and
 * opaque directories, a directory replaced by a file, hardlinks bound
 * to what they name, tapped content read and kept within the caps.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layer.h"
#include "view.h"
#include "view_priv.h"
#include "xalloc.h"

/* Content read for a tap grows from at most this much. */
#define READ_FIRST	(1024 * 1024)
#define WH_PREFIX	".wh."
#define WH_META		".wh..wh."
#define WH_OPAQUE	".wh..wh..opq"

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

static void
run_taps(const struct apply *a, const struct blob *b)
{
	const struct view *v = a->v;
	size_t i;

	for (i = 0; i < v->ntaps; i++) {
		if (v->taps[i].fn == NULL ||
		    !vw_glob_match(&v->taps[i].g, a->e->path, a->pathlen))
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
		if ((n = vw_tab_find(a->v, cur, c, len)) == NULL) {
			if (!create)
				return NULL;
			if (a->whiteouts && len >= 4 &&
			    memcmp(c, WH_PREFIX, 4) == 0) {
				diag_warn(a->d, "whiteout inside path '/%s' "
				    "in layer %u, skipped", path, a->layer);
				return NULL;
			}
			n = vw_node_new(a->v, cur, c, len, LAYER_DIR, a->layer);
		} else if (n->type != LAYER_DIR) {
			if (!create)
				return NULL;
			diag_warn(a->d, "'/%.*s' is not a directory in layer "
			    "%u, replaced by one for '/%s'", (int)(c + len -
			    path), path, a->layer, path);
			vw_node_clear(a->v, n);
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
			vw_prune_lower(a->v, dir, a->layer);
		return;
	}
	if (strncmp(base, WH_META, strlen(WH_META)) == 0)
		return;
	base += strlen(WH_PREFIX);
	if ((dir = parent_dir(a, dirlen, 0)) == NULL ||
	    (n = vw_tab_find(a->v, dir, base, strlen(base))) == NULL)
		return;
	if (n->type == LAYER_DIR)
		vw_prune_lower(a->v, n, a->layer);
	if (n->layer < a->layer && (n->type != LAYER_DIR ||
	    n->u.kids == NULL))
		vw_node_del(a->v, n);
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

	if ((n = vw_tab_find(a->v, dir, base, len)) == NULL)
		return vw_node_new(a->v, dir, base, len, type, a->layer);
	if (n->type == LAYER_DIR)
		vw_drop_children(a->v, n);
	vw_node_clear(a->v, n);
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

	if ((n = vw_tab_find(a->v, dir, base, len)) == NULL)
		n = vw_node_new(a->v, dir, base, len, LAYER_DIR, a->layer);
	else if (n->type != LAYER_DIR) {
		vw_node_clear(a->v, n);
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

/* Reads a file only stream taps want, shows it to them, drops it. */
static int
stream_content(const struct apply *a)
{
	struct blob *b;
	int trunc;

	if (read_blob(a, &b, &trunc) != 0)
		return -1;
	run_taps(a, b);
	free(b);
	return 0;
}

/* Reads and stores the content of a tapped regular file. */
static int
keep_content(const struct apply *a, struct node *n)
{
	struct blob *b;
	int trunc, want;

	want = vw_tapped(a->v, a->e->path, a->pathlen);
	if (!(want & VW_TAP_READ))
		return 0;
	if (!(want & VW_TAP_KEEP))
		return stream_content(a);
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

/*
 * A file no tap wants is not kept in the view at all, so that memory
 * grows with what the cataloguers need, not with the image: it only
 * removes whatever was at its path before.
 */
static void
forget_path(const struct apply *a, struct node *dir, const char *base)
{
	struct node *n;

	if ((n = vw_tab_find(a->v, dir, base, strlen(base))) == NULL)
		return;
	if (n->type == LAYER_DIR)
		vw_drop_children(a->v, n);
	vw_node_del(a->v, n);
}

static int
apply_reg(const struct apply *a, struct node *dir, const char *base)
{
	struct node *n;

	if (!vw_tapped(a->v, a->e->path, a->pathlen)) {
		forget_path(a, dir, base);
		return 0;
	}
	n = leaf_node(a, dir, base, LAYER_REG);

	n->mode = (uint32_t)a->e->mode;
	n->size = a->e->size;
	return keep_content(a, n);
}

static void
apply_other(const struct apply *a, struct node *dir, const char *base)
{
	const char *link = a->e->link != NULL ? a->e->link : "";
	struct node *n;

	/* Devices, fifos and sockets are held only when a tap asks. */
	if (a->e->type != LAYER_SYMLINK &&
	    !vw_tapped(a->v, a->e->path, a->pathlen)) {
		forget_path(a, dir, base);
		return;
	}
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
	t = vw_resolve(a->v, a->e->link != NULL ? a->e->link : "", 0);
	/* Only a link to a symlink, or one a tap wants, is kept. */
	if ((t == NULL || t->type != LAYER_SYMLINK) &&
	    !vw_tapped(a->v, a->e->path, a->pathlen)) {
		forget_path(a, dir, base);
		return 0;
	}
	if (t == NULL) {
		diag_warn(a->d, "hardlink '/%s' in layer %u names '/%s', "
		    "which is missing or was not read; kept as an empty file",
		    a->e->path, a->layer, a->e->link != NULL ? a->e->link : "");
	} else if (t->type == LAYER_DIR) {
		diag_warn(a->d, "hardlink '/%s' in layer %u names the "
		    "directory '/%s'; kept as an empty file", a->e->path,
		    a->layer, a->e->link != NULL ? a->e->link : "");
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
	if (n->type != LAYER_REG ||
	    !(vw_tapped(a->v, a->e->path, a->pathlen) & VW_TAP_READ))
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

	vw_invalidate(v);
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
