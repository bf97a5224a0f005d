/*
 * view.c: the tree of the view and the hash table its nodes are found
 * through; view_new(), view_free(), view_nfiles().
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layer.h"
#include "view.h"
#include "view_priv.h"
#include "xalloc.h"

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

struct node *
vw_tab_find(const struct view *v, const struct node *parent, const char *name,
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

struct node *
vw_node_new(struct view *v, struct node *dir, const char *name, size_t len,
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

void
vw_node_clear(struct view *v, struct node *n)
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

void
vw_node_del(struct view *v, struct node *n)
{
	tab_del(v, n);
	if (n->prev != NULL)
		n->prev->next = n->next;
	else
		n->parent->u.kids = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	vw_node_clear(v, n);
	free(n);
	v->nnodes--;
}

void
vw_drop_children(struct view *v, struct node *dir)
{
	struct node *x = dir->u.kids, *up;

	while (x != NULL) {
		if (x->type == LAYER_DIR && x->u.kids != NULL) {
			x = x->u.kids;
			continue;
		}
		up = x->parent;
		vw_node_del(v, x);
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

void
vw_prune_lower(struct view *v, struct node *top, uint32_t layer)
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
				vw_node_del(v, x);
		}
		if (next != NULL)
			x = deepest_first(next);
		else if (up == top)
			break;
		else
			x = up;
	}
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
	vw_invalidate(v);
	vw_drop_children(v, v->root);
	free(v->root);
	free(v->tab);
	for (i = 0; i < v->ntaps; i++)
		free(v->taps[i].g.pat);
	free(v->taps);
	free(v);
}

size_t
view_nfiles(const struct view *v)
{
	return v->nnodes;
}
