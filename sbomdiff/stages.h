/*
 * stages.h: "sbomdiff stages", shared by stages.c (loading, pairing,
 * classification, matrix, verdict) and stages_render.c (the four output
 * formats). Private to sbomdiff/.
 *
 * Ownership: a stages_run owns its docs, pairs and matrix rows. Matrix
 * rows borrow key, name and ecosystem from the docs.
 */
#ifndef SBOMDIFF_STAGES_H
#define SBOMDIFF_STAGES_H

#include <stddef.h>
#include <stdio.h>

#include "sbomdiff.h"

#define STAGES_MAX	16	/* LABEL=FILE operands */
#define STAGES_LABELMAX	32	/* bytes in one label */

/*
 * What kind of difference a neighbouring pair is, decided before any
 * component is blamed. In order of precedence.
 */
enum pair_class {
	PAIR_ARTIFACT,		/* subject digests differ */
	PAIR_OBSERVER,		/* same digest, other generator */
	PAIR_INCOMPLETE,	/* a stage declares itself incomplete */
	PAIR_UNKNOWN,		/* a subject digest is missing */
	PAIR_CONTAINER,		/* same digest and generator, deltas */
	PAIR_IDENTICAL		/* same digest and generator, no delta */
};

enum row_status {
	ROW_CONSISTENT,		/* same versions wherever observed */
	ROW_SKEW,		/* present everywhere, versions differ */
	ROW_APPEARS,		/* absent, then present to the end */
	ROW_DISAPPEARS,		/* present from the start, then absent */
	ROW_ONLY,		/* present in one middle stage */
	ROW_FLAPPING		/* any other pattern */
};

struct stage {
	const char	*label;		/* points into argv */
	const char	*path;
	struct doc	*doc;
};

struct stage_pair {
	const struct stage	*from, *to;
	char			*name;		/* "from>to" */
	enum pair_class		 cls;
	int			 same_digest;	/* 1, 0, or -1 unknown */
	int			 gen_differs;
	int			 observational;	/* deltas not counted */
	struct change_list	 cl;		/* judged changes */
	struct change_list	 unseen;	/* not observed, not removed */
};

struct matrix_row {
	const char	*key;
	const char	*name;
	const char	*ecosystem;
	char		*versions[STAGES_MAX];	/* NULL: absent */
	enum row_status	 status;
	size_t		 at;		/* stage the status names */
	size_t		 first, last;	/* stages seen first and last */
};

struct stages_run {
	struct stage		 stages[STAGES_MAX];
	size_t			 nstages;
	struct stage_pair	*pairs;
	size_t			 npairs;
	struct matrix_row	*rows;
	size_t			 nrows, rowcap;
	unsigned		 flags;		/* DIFF_* */
	const char		*policy_name;	/* or NULL */
	int			 have_policy;
	enum verdict		 verdict;
	int			 exit_code;
	const char		*inconclusive;	/* reason, or NULL */
};

/* "artifact_changed" and friends, for JSON. */
const char	*stages_class_name(enum pair_class);
/* A phrase explaining the class, for text and Markdown. */
const char	*stages_class_text(enum pair_class);
const char	*stages_status_name(enum row_status);
/* Whether a stage declares itself incomplete. */
int		 stages_incomplete(const struct stage *);

/*
 * Writes the stages report in format fmt to fp. Returns 0, or -1 with
 * d set when writing failed.
 */
int	stages_render(const struct stages_run *, enum report_format,
	    FILE *fp, struct diag *d);

#endif /* SBOMDIFF_STAGES_H */
