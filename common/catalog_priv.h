/*
 * catalog_priv.h: what the catalog_*.c files share; not for callers.
 */
#ifndef CATALOG_PRIV_H
#define CATALOG_PRIV_H

#include <stddef.h>

#include "pkg.h"

struct bom;
struct bom_component;
struct diag;
struct image;
struct view;
struct view_file;

/* Where the package databases are, as view paths and tap patterns. */
#define DPKG_STATUS	"var/lib/dpkg/status"
#define DPKG_STATUSD	"var/lib/dpkg/status.d/*"
#define APK_DB		"lib/apk/db/installed"

enum pkg_kind {
	PKG_DPKG,
	PKG_APK
};

/* A sorted set of "name\0version" keys. */
struct seen_key {
	char	*key;
	size_t	 len;
};

struct seen {
	struct seen_key	*v;
	size_t		 n;
	size_t		 cap;
};

/* One copy of a package database as it streamed past. */
struct db_occ {
	enum pkg_kind	 kind;
	size_t		 layer;
	char		*path;
	struct seen	 keys;
};

struct catalog {
	struct db_occ	*db;
	size_t		 ndb;
	size_t		 dbcap;
};

/* State of one catalog_build() run. */
struct cat_ctx {
	struct catalog		*cat;
	struct view		*view;
	const struct image	*img;
	struct bom		*bom;
	struct diag		*d;
	struct osrel		 os;
	int			 have_os;
	char			*distro;	/* "debian-12", or NULL */
	char			*ns;		/* purl namespace: "debian" */
};

void	seen_add(struct seen *, const char *name, const char *version);
void	seen_sort(struct seen *);
int	seen_has(const struct seen *, const char *name, const char *version);

size_t	catalog_introduced(const struct catalog *, const char *path,
	    const char *name, const char *version, size_t fallback);

/* Adds the layer properties of an evidence file and its introduction. */
void	cat_layer_props(struct cat_ctx *, struct bom_component *,
	    size_t introduced, size_t evidence);

void	cat_subject(struct cat_ctx *);
void	cat_os(struct cat_ctx *);
int	cat_dpkg(struct cat_ctx *);
int	cat_apk(struct cat_ctx *);

#endif /* CATALOG_PRIV_H */
