/*
 * policy.h: the parts of policy.c that only the stages mode, the tests
 * and the fuzzer need. The hooks main.c uses (policy_load, policy_free,
 * fail_on_parse, policy_apply) are declared in sbomdiff.h.
 */
#ifndef SBOMDIFF_POLICY_H
#define SBOMDIFF_POLICY_H

#include <stddef.h>

#include "compat.h"

struct diag;
struct policy;

/* Limits for the policy file, which is as untrusted as any input. */
#define POLICY_MAX_BYTES	((size_t)1024 * 1024)
#define POLICY_MAX_DEPTH	16	/* nested YAML collections */
#define POLICY_MAX_NODES	100000	/* YAML nodes in one file */
#define POLICY_MAX_ENTRIES	1000	/* ignore + rules + waivers */
#define POLICY_MAX_SCALAR	4096	/* bytes in one YAML scalar */

/*
 * The YAML tree (policy_yaml.c). A map holds key, value, key, value...
 * in kids; keys are always scalars. Every node owns its kids.
 */
enum ynode_type {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP
};

struct ynode {
	enum ynode_type	  type;
	unsigned	  line, col;	/* 1-based */
	char		 *str;		/* scalar text */
	int		  null;		/* plain "", "~" or "null" */
	struct ynode	**kids;
	size_t		  n, cap;
};

/* Where errors go: "label:line:col: message" into d. */
struct ysrc {
	const char	*label;
	struct diag	*d;
};

/*
 * Reads the single YAML document in buf into a new tree (free with
 * py_free()). Returns NULL with src->d set on malformed YAML, an alias,
 * more than one document, or a POLICY_MAX_* limit.
 */
struct ynode	*py_load(const struct ysrc *src, const char *buf,
		    size_t len);
void		 py_free(struct ynode *);
/* Records "label:line:col: message"; always returns -1. */
int		 py_err(const struct ysrc *src, unsigned line, unsigned col,
		    const char *fmt, ...) ATTR_PRINTF(4, 5);

/*
 * Parses a policy held in memory; label names it in messages
 * ("label:line:col: ..."). Same contract as policy_load().
 */
struct policy	*policy_load_mem(const char *buf, size_t len,
		    const char *label, struct diag *d);

/*
 * Stores in *epoch the time waivers are judged against: midnight UTC of
 * $SBOMDIFF_TODAY when it is set (it must be YYYY-MM-DD), else
 * $SOURCE_DATE_EPOCH when it is a valid number, else now.
 * Returns 0, or -1 with d set for a malformed $SBOMDIFF_TODAY.
 */
int		 policy_today(long long *epoch, struct diag *d);

/*
 * Parses a strict YYYY-MM-DD date into days since 1970-01-01. Returns 0,
 * or -1 when s is not a valid calendar date.
 */
int		 policy_parse_date(const char *s, long long *days);

#endif /* SBOMDIFF_POLICY_H */
