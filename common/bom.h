/*
 * bom.h: the format-neutral BOM model that sbomgen builds and the
 * CycloneDX writers walk.
 *
 * Ownership: the bom owns everything added to it; strings passed in are
 * copied. Components are referred to by pointer until bom_finalize(),
 * which sorts them, derives every bom-ref from content, and turns
 * dependency pointers into bom-refs. Writers only walk a finalised bom.
 */
#ifndef BOM_H
#define BOM_H

#include <stddef.h>
#include <stdio.h>

struct diag;

struct bom_prop {
	char	*name;
	char	*value;
};

enum bom_license_kind {
	BOM_LICENSE_ID,		/* an SPDX license identifier */
	BOM_LICENSE_NAME,	/* free text */
	BOM_LICENSE_EXPR	/* an SPDX expression */
};

struct bom_license {
	enum bom_license_kind	 kind;
	char			*value;
};

struct bom_hash {
	char	*alg;		/* CycloneDX spelling: "SHA-256" */
	char	*content;	/* lower-case hex */
};

struct bom_component {
	char			*type;	/* "library", "operating-system", ... */
	char			*bom_ref;	/* set by bom_finalize() */
	char			*group;
	char			*name;
	char			*version;
	char			*description;
	char			*publisher;
	char			*supplier;	/* organisational entity name */
	char			*author;
	char			*purl;
	char			*cpe;
	struct bom_license	*licenses;
	size_t			 nlicenses;
	struct bom_hash		*hashes;
	size_t			 nhashes;
	struct bom_prop		*props;	/* sorted by bom_finalize() */
	size_t			 nprops;
	char			**occurrences;	/* evidence locations */
	size_t			 noccurrences;
	struct bom_component	**deps;	/* direct dependencies */
	size_t			 ndeps;
	int			 toplevel;	/* depended on by the subject */
	/* Sort key tie-breaker, set by the cataloguer (e.g. a path). */
	char			*sortkey;
	size_t			 depcap, propcap;
};

struct bom {
	struct bom_component	 *subject;	/* metadata.component */
	struct bom_component	**components;
	size_t			  ncomponents;
	size_t			  cap;
	char			 *tool_name;
	char			 *tool_version;
	char			 *timestamp;	/* ISO 8601 UTC */
	char			 *serial;	/* "urn:uuid:..." */
	int			  finalised;
};

enum bom_spec {
	BOM_SPEC_1_5 = 15,
	BOM_SPEC_1_6 = 16,
	BOM_SPEC_1_7 = 17
};

struct bom		*bom_new(const char *tool, const char *version);
void			 bom_free(struct bom *);

/* Returns a new component of the given type owned by the bom. */
struct bom_component	*bom_add(struct bom *, const char *type);
/* The subject (the image), created on first call. */
struct bom_component	*bom_subject(struct bom *, const char *type);

/*
 * Every string the setters below store is first passed through
 * bom_utf8_escape(), so the model holds only valid UTF-8 that XML 1.0
 * can carry, and both writers can emit it as is. bom_finalize() escapes
 * any string that was assigned to a field directly and is not valid.
 */
/*
 * Setters: copy s; NULL or "" clears. bom_prop_add() leaves out a
 * property whose value is NULL or "".
 */
void	bom_set(char **field, const char *s);
void	bom_prop_add(struct bom_component *, const char *name,
	    const char *value);
void	bom_license_add(struct bom_component *, enum bom_license_kind,
	    const char *value);
void	bom_hash_add(struct bom_component *, const char *alg,
	    const char *hex);
void	bom_occurrence_add(struct bom_component *, const char *location);
/*
 * Adds edge from -> to once; self edges are ignored. Both must belong
 * to the same bom.
 */
void	bom_dep_add(struct bom_component *from, struct bom_component *to);

/*
 * Makes s safe for JSON and XML output in a way that can be undone.
 * The rule (the man page repeats it):
 *   - a backslash becomes two backslashes;
 *   - a byte that is not part of a valid UTF-8 sequence, a C0 control
 *     character other than tab, newline and carriage return, and each
 *     byte of U+FFFE and U+FFFF (which XML forbids), becomes the four
 *     characters backslash, 'x', and two upper-case hex digits;
 *   - everything else is copied unchanged.
 * Decoding reads "\\" as one backslash and "\xHH" as the byte HH.
 * Overlong forms, surrogates and code points above U+10FFFF are not
 * valid UTF-8 here. Returns a newly allocated string (NULL for NULL);
 * caller frees.
 */
char	*bom_utf8_escape(const char *s);

/* Returns "1.5", "1.6" or "1.7", or NULL for an unknown value. */
const char *bom_spec_name(enum bom_spec);

/*
 * Sorts components (by purl, then name, version, sortkey), derives
 * bom-refs (the purl when unique, else with a short content hash), and
 * sets timestamp and serial number. With SOURCE_DATE_EPOCH set (epoch
 * >= 0) the timestamp is that time and the serial a UUID derived from
 * the content, so that two runs write identical files; otherwise they
 * are now and random. Also, for each component: properties are sorted
 * by name then value, occurrences and hashes sorted, exact duplicates
 * dropped; when any license is an expression, only the expressions are
 * kept, joined with AND into one (CycloneDX 1.5 and 1.6 allow exactly
 * one expression and no license objects beside it); a missing type
 * becomes "library" ("container" for the subject) and a missing name
 * "". The subject then depends on every component with toplevel set.
 * Every bom-ref is unique: the purl when no other component has it,
 * else "<purl or type/name@version>#<12 hex digits of the sha256 of
 * the component's content>", with "-2", "-3"... on a remaining clash.
 * May be called again after more changes. Returns 0, or -1 with d set
 * (epoch beyond year 9999, no random source).
 */
int	bom_finalize(struct bom *, long long source_date_epoch,
	    struct diag *d);

/*
 * Writers. The bom must be finalised. They write the document and a
 * final newline, flush f but do not close it. Component authors are
 * "author" in 1.5 and "authors": [{"name": ...}] from 1.6 on, where
 * "author" is deprecated. License ids must be SPDX identifiers from the
 * schema's list, hashes lower-case hex of the right length, and cpe and
 * purl well-formed, or the output will not validate. Return 0, or -1
 * with d set (including on write errors).
 */
int	bom_write_json(const struct bom *, enum bom_spec, FILE *,
	    struct diag *d);
int	bom_write_xml(const struct bom *, enum bom_spec, FILE *,
	    struct diag *d);

#endif /* BOM_H */
