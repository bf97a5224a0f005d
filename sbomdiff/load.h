/*
 * load.h: what the format parsers (cdx_json.c, cdx_xml.c, spdx.c) share
 * with the loader (load.c) and the normaliser (norm.c). Private to
 * sbomdiff/.
 *
 * A parser fills raw component fields through struct loader: it calls
 * load_comp() for each component, sets the raw strings with load_set()
 * (copied), and records dependency edges by bom-ref with load_edge().
 * load_finish() then normalises every component (identity key,
 * version epoch, licence expression, hash names), resolves edges from
 * bom-refs to keys and sorts everything.
 */
#ifndef SBOMDIFF_LOAD_H
#define SBOMDIFF_LOAD_H

#include <stddef.h>

struct comp;
struct diag;
struct doc;

struct raw_edge {
	char	*from;		/* bom-ref / SPDXID */
	char	*to;
};

/* Where a subject digest may come from, after the purl and version. */
enum subject_clue {
	CLUE_MANIFEST,		/* sbomgen:image:manifest-digest */
	CLUE_REPO_DIGEST,	/* aquasecurity:trivy:RepoDigest */
	CLUE_HASH,		/* a SHA-256 hash of the subject */
	CLUE_N
};

struct loader {
	struct doc	*doc;
	struct diag	*d;
	struct raw_edge	*edges;
	size_t		 nedges, edgecap;
	char		*clues[CLUE_N];	/* "sha256:..." candidates */
};

/* Returns a new zeroed component owned by the doc; valid until the
 * next load_comp(). Returns NULL with d set past SD_MAX_COMPONENTS. */
struct comp	*load_comp(struct loader *);
/* Replaces *field with a copy of s; NULL or "" leaves it NULL. */
void		 load_set(char **field, const char *s);
/* Adds a licence (SPDX id, expression, or free-text name). */
void		 load_license(struct comp *, const char *expr, int is_name);
void		 load_hash(struct comp *, const char *alg, const char *hex);
void		 load_location(struct comp *, const char *loc);
/* Records from -> to by reference. Returns 0 or -1 (d set). */
int		 load_edge(struct loader *, const char *from, const char *to);
/*
 * Note a property or a hash of the subject (metadata.component, the
 * SPDX described package) that may name its digest; the first of each
 * kind counts. load_finish() picks the subject digest from, in order:
 * a pkg:oci subject purl's version, a subject version that is a valid
 * "sha256:<64 hex>" digest, then the clues in enum subject_clue order.
 */
void		 load_subject_prop(struct loader *, const char *name,
		    const char *value);
void		 load_subject_hash(struct loader *, const char *alg,
		    const char *hex);
/* Returns "a > b" for a parent chain plus name; caller frees. */
char		*load_chain(const char *parents, const char *name);

/* Parsers: fill ld->doc from buf. Return 0, or -1 with ld->d set. */
int	cdx_json_parse(struct loader *, const char *buf, size_t len);
int	cdx_xml_parse(struct loader *, const char *buf, size_t len);
int	spdx_json_parse(struct loader *, const char *buf, size_t len);

/*
 * arena.c: between arena_json_begin() and arena_json_end(), cJSON
 * allocates from one arena and cJSON_Delete() frees nothing; the end
 * releases the whole arena, so no cJSON value may outlive it.
 */
void	arena_json_begin(void);
void	arena_json_end(void);

/*
 * JSON helpers of the two JSON readers (arena.c). load_json_parse()
 * begins the arena and parses buf; it returns the root, or NULL with
 * ld->d set on malformed or too deeply nested JSON. Either way the
 * caller ends with cJSON_Delete() and arena_json_end(). json_str() and
 * json_arr() return the string or array member name of o, or NULL.
 */
struct cJSON;
struct cJSON		*load_json_parse(struct loader *, const char *buf,
			    size_t len);
const char		*json_str(const struct cJSON *o, const char *name);
const struct cJSON	*json_arr(const struct cJSON *o, const char *name);

/* norm.c: normalises one component in place. */
void	norm_comp(struct comp *);
/* Returns the normalised SPDX expression for s; caller frees. */
char	*norm_license(const char *s);
/* Canonical hash algorithm name ("sha256" -> "SHA-256"). */
char	*norm_hash_alg(const char *alg);
/* Strips "Organization:"/"Person:"/"Tool:" and blanks; caller frees. */
char	*norm_supplier(const char *s);

#endif /* SBOMDIFF_LOAD_H */
