/*
 * catalog.h: the cataloguers, and how they turn what the view saw into
 * BOM components.
 *
 * Use: catalog_new(), catalog_attach() before the first layer (it
 * registers every cataloguer's taps on the view), walk all layers, then
 * catalog_build(), which reads the final view and adds components,
 * properties, evidence and dependency edges to the bom.
 */
#ifndef CATALOG_H
#define CATALOG_H

#include <stddef.h>

struct bom;
struct diag;
struct image;
struct view;
struct catalog;

struct catalog	*catalog_new(void);
void		 catalog_free(struct catalog *);
void		 catalog_attach(struct catalog *, struct view *);
/*
 * Adds the subject (from img) and every component found. Returns 0, or
 * -1 with d set. Per-item trouble (a malformed stanza) only warns.
 */
int		 catalog_build(struct catalog *, struct view *,
		    const struct image *img, struct bom *, struct diag *d);

#endif /* CATALOG_H */
