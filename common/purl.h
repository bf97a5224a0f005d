/*
 * purl.h: package URLs, encoded and parsed as the purl specification
 * says (github.com/package-url/purl-spec): scheme "pkg:", lower-case
 * type, namespace segments and name percent-encoded, version
 * percent-encoded after "@", qualifiers sorted by key with empty values
 * left out, subpath after "#". The rules of each type's definition
 * (which parts are case-insensitive, PyPI name normalisation) are applied
 * by purl_canonical().
 */
#ifndef PURL_H
#define PURL_H

#include <stddef.h>

struct diag;

struct purl_qual {
	char	*key;
	char	*value;
};

struct purl {
	char			*type;
	char			*namespace;	/* "/"-separated, or NULL */
	char			*name;
	char			*version;	/* or NULL */
	struct purl_qual	*quals;
	size_t			 nquals;
	char			*subpath;	/* or NULL */
	size_t			 qualcap;
};

void	 purl_init(struct purl *);
void	 purl_release(struct purl *);
/* Adds or replaces qualifier key (copied); an empty value removes it. */
void	 purl_qual_set(struct purl *, const char *key, const char *value);
const char *purl_qual_get(const struct purl *, const char *key);

/*
 * Returns the canonical string; caller frees. Returns NULL when the
 * type or name is missing or invalid, or a qualifier key is invalid.
 */
char	*purl_encode(const struct purl *);

/*
 * Parses s into p (which must be purl_init()ed or released). Returns 0,
 * or -1 with d set when s is not a valid purl.
 */
int	 purl_parse(const char *s, struct purl *p, struct diag *d);

/*
 * Applies the per-type normalisation the purl specification requires
 * (e.g. pypi names lower-cased with "_" as "-", deb/apk/... lower-case
 * namespaces) in place.
 */
void	 purl_canonical(struct purl *);

/*
 * Percent-encodes s into a new string for a purl component: the
 * unreserved characters A-Z a-z 0-9 . - _ ~ pass, and so does ":"; every
 * other byte is %XX with upper-case hex. Caller frees.
 */
char	*purl_escape(const char *s);

#endif /* PURL_H */
