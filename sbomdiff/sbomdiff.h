/*
 * sbomdiff.h: the data model shared by the sbomdiff sources.
 *
 * Pipeline: doc_load() parses one SBOM (CycloneDX JSON or XML, SPDX 2.3
 * JSON) into a normalised struct doc; diff_docs() matches the components
 * of two documents and classifies every difference into a struct
 * change_list; policy_apply() (policy.c) sets suppression and verdict
 * fields on the changes; report_write() renders the list.
 *
 * Ownership: a doc owns every string reachable from it; a change_list
 * owns every string in its changes (copied from the docs, so the list
 * outlives them). Strings are UTF-8 as read from the input, not yet
 * sanitised for terminals: renderers escape them.
 */
#ifndef SBOMDIFF_H
#define SBOMDIFF_H

#include <stddef.h>
#include <stdio.h>

#include "vercmp.h"

struct diag;

/*
 * Resource limits for untrusted input. Each gives its own diagnostic
 * naming the limit when hit (exit status 2).
 */
#define SD_MAX_INPUT_BYTES	((size_t)512 * 1024 * 1024)
#define SD_MAX_DEPTH		64	/* nested components */
#define SD_MAX_COMPONENTS	2000000
#define SD_MAX_EDGES		8000000

enum doc_format {
	DOC_CYCLONEDX,
	DOC_SPDX
};

enum doc_encoding {
	DOC_JSON,
	DOC_XML
};

/* compositions aggregate of the whole document. */
enum doc_completeness {
	DOC_COMPLETE_UNKNOWN,
	DOC_COMPLETE,
	DOC_INCOMPLETE		/* declared incomplete or partial */
};

/*
 * How a component's identity key was made, which is also the tier of a
 * match made on that key. Lower is stronger. The numbers are the tiers
 * of the design note and appear in reports.
 */
enum match_tier {
	TIER_NONE = 0,		/* unmatched: added or removed */
	TIER_PURL = 1,		/* canonical versionless purl */
	TIER_CPE = 4,		/* CPE vendor:product or SWID tagId */
	TIER_COORD = 6,		/* ecosystem + group + name */
	TIER_NAME = 7		/* name only: weak, always flagged */
};

struct comp_hash {
	char	*alg;		/* canonical spelling: "SHA-256", "MD5" */
	char	*value;		/* lower-case hex */
};

struct comp {
	char			*key;		/* identity key, never NULL */
	enum match_tier		 tier;		/* what the key is made of */
	char			*ecosystem;	/* purl type, or NULL */
	char			*group;		/* namespace / group, or NULL */
	char			*name;		/* never NULL ("" if absent) */
	char			*version;	/* epoch folded in, or NULL */
	char			*purl;		/* as given, or NULL */
	char			*attrs;		/* non-identity qualifiers */
	char			*cpe;
	char			*swid;		/* SWID tagId, or NULL */
	struct comp_hash	*hashes;	/* sorted by alg */
	size_t			 nhashes;
	char			*license;	/* normalised SPDX expression */
	char			*supplier;
	char			*type;		/* CycloneDX type, or NULL */
	char			*scope;		/* CycloneDX scope, or NULL */
	char			*parents;	/* "a > b" chain, or NULL */
	char			**locations;	/* sorted */
	size_t			 nlocations;
	char			*bom_ref;	/* only to resolve edges */
	size_t			 index;		/* order of appearance */
};

/* A dependency edge between two identity keys. */
struct doc_edge {
	char	*from;
	char	*to;
};

struct doc {
	char			*path;		/* as given; "-" is stdin */
	char			 sha256[65];	/* of the raw input */
	enum doc_format		 format;
	enum doc_encoding	 encoding;
	char			*spec_version;	/* "1.6", "SPDX-2.3" */
	char			*tool_name;	/* first generator, or NULL */
	char			*tool_version;
	char			*lifecycle;	/* metadata.lifecycles phase */
	enum doc_completeness	 completeness;
	/* The subject: CycloneDX metadata.component / SPDX describes. */
	char			*subject_name;
	char			*subject_version;
	char			*subject_purl;
	char			*subject_digest; /* "sha256:...", or NULL */
	struct comp		*comps;		/* sorted by key, version */
	size_t			 ncomps;
	struct doc_edge		*edges;		/* sorted, unique */
	size_t			 nedges;
	size_t			 compcap, edgecap;
};

/*
 * Reads and normalises the SBOM at path ("-" for stdin), detecting the
 * format and spec version from the content. Returns a new doc (free with
 * doc_free()), or NULL with d set: unreadable file, unknown or malformed
 * format, unsupported version, or a limit above exceeded.
 */
struct doc	*doc_load(const char *path, struct diag *d);
/* The same for a buffer already in memory (fuzzers); label names it. */
struct doc	*doc_load_mem(const char *buf, size_t len, const char *label,
		    struct diag *d);
void		 doc_free(struct doc *);
/* strcmp() that orders NULL before every string (load.c). */
int		 strcmp_null(const char *, const char *);

enum change_kind {
	CHANGE_ADDED,
	CHANGE_REMOVED,
	CHANGE_VERSION,		/* direction is set */
	CHANGE_RESPELLED,	/* version equal in its scheme; hidden */
	CHANGE_INSTANCES,	/* number of instances of a key differs */
	CHANGE_HASH,		/* integrity set when version unchanged */
	CHANGE_LICENSE,
	CHANGE_SUPPLIER,
	CHANGE_PURL,		/* purl, vendor or qualifiers differ */
	CHANGE_TYPE,
	CHANGE_SCOPE,
	CHANGE_EDGE_ADDED,	/* only with --graph */
	CHANGE_EDGE_REMOVED,
	CHANGE_NKINDS
};

enum change_dir {
	DIR_NONE,		/* not a version change */
	DIR_UPGRADE,
	DIR_DOWNGRADE,
	DIR_EQUIVALENT,
	DIR_INCOMPARABLE
};

/* Outcome of rules for one change (policy.c), and the default. */
enum change_action {
	ACTION_NONE,		/* no rule matched */
	ACTION_INFO,
	ACTION_WARN,
	ACTION_FAIL
};

struct change {
	enum change_kind	 kind;
	char			*key;		/* identity key */
	enum match_tier		 tier;		/* how the pair matched */
	char			*ecosystem;	/* or NULL */
	char			*name;
	unsigned		 instance;	/* 0.. within the key */
	char			*old_version;	/* or NULL */
	char			*new_version;
	char			*old_purl;	/* or NULL */
	char			*new_purl;
	/*
	 * The changed value as text: the license expression, supplier,
	 * purl, type, scope, "SHA-256:hex" hashes (space separated),
	 * the instance count, or the other end of an edge. NULL when
	 * absent on that side.
	 */
	char			*old_value;
	char			*new_value;
	enum vercmp_scheme	 scheme;	/* CHANGE_VERSION/RESPELLED */
	enum change_dir		 direction;
	int			 integrity;	/* CHANGE_HASH, same version */
	int			 weak;		/* matched on name only */
	unsigned		 seq;		/* 1.. after sorting */

	/* Filled by policy_apply(); zero otherwise. */
	int			 suppressed;	/* ignored or waived */
	char			*waiver_rule;	/* rule id, or NULL */
	char			*waiver_reason;
	char			*waiver_expires;	/* "YYYY-MM-DD" */
	char			*waiver_ticket;
	int			 waiver_expired; /* no longer suppresses */
	enum change_action	 action;	/* most severe rule */
	char			**rules;	/* ids of matching rules */
	size_t			 nrules;
};

struct change_list {
	struct change	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 unchanged;	/* matched pairs without change */
	size_t		 matched;	/* matched pairs */
	/* Set by policy_apply(). */
	int		 have_policy;	/* any policy or --fail-on given */
	size_t		 nfail;		/* unsuppressed changes with FAIL */
	size_t		 nwarn;
	size_t		 nsuppressed;
};

/* Options of one comparison. */
#define DIFF_GRAPH		0x01	/* report edges */
#define DIFF_SHOW_EQUIVALENT	0x02	/* keep CHANGE_RESPELLED visible */

/*
 * Matches the components of old and new and appends one change per
 * difference to cl (which must be zeroed or change_list_release()d),
 * sorted by key, kind, instance, and numbered. Never fails on valid
 * docs; returns 0, or -1 with d set on an internal limit.
 */
int	diff_docs(const struct doc *old, const struct doc *new,
	    unsigned flags, struct change_list *cl, struct diag *d);

/* Change list helpers (change.c). */
struct change	*change_list_add(struct change_list *, enum change_kind);
void		 change_list_sort(struct change_list *);
void		 change_list_release(struct change_list *);
/* Hidden by default: respellings unless DIFF_SHOW_EQUIVALENT. */
int		 change_visible(const struct change *, unsigned flags);
/*
 * Whether cl makes a run differ: with a policy, when a rule failed a
 * change; without, when a visible change is not suppressed.
 */
int		 change_list_differs(const struct change_list *,
		    unsigned flags, int have_policy);
const char	*change_kind_name(enum change_kind);
/* Returns the kind for a name such as "version_changed", or -1. */
int		 change_kind_from_name(const char *);
const char	*change_dir_name(enum change_dir);
const char	*change_action_name(enum change_action);

/*
 * Policy hooks, implemented in policy.c.
 *
 * policy_load() reads the YAML policy at path, or with path NULL makes
 * an empty policy that --fail-on rules can be added to. Returns NULL
 * with d set on any error (unknown keys included).
 *
 * fail_on_parse() adds the comma-separated --fail-on LIST (added,
 * removed, downgrade, upgrade, version, integrity, hash, license,
 * supplier, purl, type, scope, instances, edges, any) to p as fail
 * rules named "fail-on:<item>". Returns 0, or -1 with d set for an
 * unknown item.
 *
 * policy_apply() evaluates p over cl: sets suppressed / waiver_* /
 * action / rules on each change, and cl->have_policy, nfail, nwarn and
 * nsuppressed. stage_pair is "from>to" in stages mode, else NULL.
 * today_epoch (seconds) decides waiver expiry. Expired waivers are
 * reported with diag_warn(). Returns 0, or -1 with d set.
 */
struct policy;
struct policy	*policy_load(const char *path, struct diag *d);
void		 policy_free(struct policy *);
int		 fail_on_parse(struct policy *p, const char *list,
		    struct diag *d);
int		 policy_apply(struct policy *p, struct change_list *cl,
		    const char *stage_pair, long long today_epoch,
		    struct diag *d);

/* Output formats. */
enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_NDJSON,
	REPORT_MARKDOWN
};

/* Verdict of one run, as the exit status says it. */
enum verdict {
	VERDICT_SAME = 0,	/* no difference, or policy passed */
	VERDICT_DIFFERENT = 1,	/* differences, or policy failed */
	VERDICT_TROUBLE = 2,
	VERDICT_INCONCLUSIVE = 3
};

/* Everything a renderer needs about one comparison. */
struct report {
	const struct doc		*old;
	const struct doc		*new;
	const struct change_list	*cl;
	unsigned			 flags;		/* DIFF_* */
	int				 color;		/* ANSI colours */
	const char			*policy_name;	/* or NULL */
	enum verdict			 verdict;
	int				 exit_code;	/* after --exit-zero */
	const char			*inconclusive;	/* reason, or NULL */
};

/*
 * Writes the report in format fmt to fp. Returns 0, or -1 with d set
 * when writing failed.
 */
int	report_write(const struct report *, enum report_format, FILE *fp,
	    struct diag *d);
/* Individual renderers (render_*.c), same contract. */
int	render_text(const struct report *, FILE *, struct diag *);
int	render_markdown(const struct report *, FILE *, struct diag *);
int	render_json(const struct report *, FILE *, struct diag *);
int	render_ndjson(const struct report *, FILE *, struct diag *);

/*
 * Entry point of "sbomdiff stages LABEL=FILE..." (stages.c). argv[0] is
 * "stages". Returns the exit status.
 */
int	stages_main(int argc, char **argv);

#endif /* SBOMDIFF_H */
