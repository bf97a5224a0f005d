/*
 * view_priv.h: what the view*.c files share; not for callers.
 *
 * The view is a tree of nodes, one per path, each holding only its own
 * name component. A node is found through one hash table keyed by
 * (parent, name), so a directory with many entries costs nothing extra;
 * its children are also chained in a doubly linked list, so that a
 * subtree can be walked and removed in time proportional to its size.
 * No function here recurses: subtrees are walked through the parent
 * pointers, and view_foreach() keeps an explicit stack.
 *
 * view.c keeps the tree and its table; view_apply.c applies a layer's
 * entries to it (whiteouts, hardlinks, kept content); view_query.c
 * holds globs and taps, view_lookup() and view_foreach().
 */
#ifndef VIEW_PRIV_H
#define VIEW_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "layer.h"
#include "view.h"

/* The longest path kept; longer entries are skipped with a warning. */
#define VIEW_PATHMAX	4096

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
	int		 want;	/* VW_TAP_* */
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

/* Scrambles the bits of h, for the hash tables of nodes and results. */
static inline uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* view.c */

/* The child of parent named name[0..len), or NULL. */
struct node	*vw_tab_find(const struct view *v, const struct node *parent,
		    const char *name, size_t len);

/* Creates a child of dir with the given name; the caller sets it up. */
struct node	*vw_node_new(struct view *v, struct node *dir,
		    const char *name, size_t len, enum layer_etype type,
		    uint32_t layer);

/* Frees what n owns by type; a directory must be empty. */
void		 vw_node_clear(struct view *v, struct node *n);

/* Unlinks and frees n, which must have no children. */
void		 vw_node_del(struct view *v, struct node *n);

/* Removes everything below dir, deepest first. */
void		 vw_drop_children(struct view *v, struct node *dir);

/*
 * Removes from below top what lower layers put there. A lower directory
 * that still holds entries of this layer stays, as a directory of this
 * layer (in overlayfs terms it now exists in the upper layer).
 */
void		 vw_prune_lower(struct view *v, struct node *top,
		    uint32_t layer);

/* view_query.c */

/* Compiles pattern (leading slashes dropped); free g->pat after. */
void		 vw_glob_init(struct glob *g, const char *pattern);

/* Does path[0..len) (NUL-terminated) match g? */
int		 vw_glob_match(const struct glob *g, const char *path,
		    size_t len);

/*
 * What the taps that path[0..len) matches want: 0 nothing, so the path
 * is not kept at all; VW_TAP_ANY the path in the view; VW_TAP_READ its
 * content read and shown to callbacks; VW_TAP_KEEP the content kept.
 */
#define VW_TAP_ANY	1
#define VW_TAP_KEEP	2
#define VW_TAP_READ	4
int		 vw_tapped(const struct view *v, const char *path, size_t len);

/*
 * Walks path from the root. Symlinks are followed in every component
 * but the last, and in the last too when follow is set; an absolute
 * target restarts at the root and ".." stops there. Each hop splices
 * the target in front of what is left of the path, so the work is
 * bounded by VIEW_MAXLINKS times the longest target. Returns NULL when
 * there is no such path or on a loop.
 */
struct node	*vw_resolve(const struct view *v, const char *path,
		    int follow);

/* Drops the view_lookup() results; the view is about to change. */
void		 vw_invalidate(struct view *v);

#endif /* VIEW_PRIV_H */
