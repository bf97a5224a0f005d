/*
 * pkg.h: package records as the package-database parsers return them,
 * before they become BOM components.
 *
 * Every string is owned by the record (NULL when absent). A parser
 * that meets a malformed stanza skips that stanza, warns through its
 * diag naming the file and line, and goes on.
 */
#ifndef PKG_H
#define PKG_H

#include <stddef.h>

struct diag;

struct pkg {
	char	*name;
	char	*version;	/* full version, epoch kept ("1:2.3-4") */
	char	*arch;
	char	*source;	/* source package / apk origin, or NULL */
	char	*source_version; /* if it differs from version */
	char	*maintainer;
	char	*description;	/* first line only */
	char	*license;	/* as the database states it */
	char	*installed_size; /* in bytes, decimal */
	char	*homepage;
	char	*depends;	/* raw field: dpkg "a (>= 1) | b, c" */
	char	*pre_depends;
	char	*provides;	/* raw field */
	char	*checksum;	/* apk C: field, raw */
	size_t	 line;		/* where the stanza starts, 1-based */
	char	*origin_file;	/* status.d file name, for distroless */
};

struct pkglist {
	struct pkg	*v;
	size_t		 n;
	size_t		 cap;
};

struct pkg	*pkglist_add(struct pkglist *);
void		 pkglist_release(struct pkglist *);
void		 pkg_release(struct pkg *);

/*
 * dpkg status (or one status.d file): appends every package whose
 * Status says "installed" (third word) to out; a status.d file has no
 * Status field and counts as installed. name is used in warnings.
 * Returns the number of packages added, or -1 with d set on input that
 * is not a dpkg database at all (never for one bad stanza).
 */
int	dpkg_parse(const char *data, size_t len, const char *name,
	    struct pkglist *out, struct diag *d);

/* apk installed database, same contract as dpkg_parse(). */
int	apk_parse(const char *data, size_t len, const char *name,
	    struct pkglist *out, struct diag *d);

struct osrel {
	char	*id;		/* "debian" */
	char	*id_like;
	char	*name;		/* "Debian GNU/Linux" */
	char	*pretty_name;
	char	*version;
	char	*version_id;	/* "12" */
	char	*version_codename;
	char	*build_id;
	char	*home_url;
	char	*cpe_name;
};

/*
 * os-release(5): quoting and escapes as the man page defines. Fills
 * *out from scratch (old contents are not freed); a malformed line only
 * warns. Returns 0, or -1 with d set when data holds binary bytes.
 */
int	osrel_parse(const char *data, size_t len, struct osrel *out,
	    struct diag *d);
void	osrel_release(struct osrel *);

#endif /* PKG_H */
