/*
 * stages.c: "sbomdiff stages LABEL=FILE...", the same artifact followed
 * through build, registry and runtime SBOMs.
 *
 * Every stage is loaded and normalised by doc_load(), so an identity key
 * means the same component in every stage. Each neighbouring pair is
 * compared with diff_docs() and classified before any component is
 * blamed: a different subject digest means another artifact, the same
 * digest seen by another generator means the deltas are observational,
 * and a stage that declares itself incomplete cannot prove a removal.
 * A matrix then shows each key's versions across all stages.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "sbomdiff.h"
#include "stages.h"
#include "strbuf.h"
#include "xalloc.h"

static void
stages_opts(int argc, char **argv, struct cli_opts *o)
{
	int ch;

	o->stages = 1;
	while ((ch = getopt_long(argc, argv, "f:ho:", cli_longopts(1),
	    NULL)) != -1)
		cli_option(o, ch, optarg);
}

/* Labels name stages in pair names ("a>b") and JSON keys. */
static int
label_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > STAGES_LABELMAX)
		return 0;
	for (i = 0; i < len; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", s[i]) == NULL)
			return 0;
	return 1;
}

/* Splits the LABEL=FILE operands in place into r->stages. */
static void
parse_operands(const struct cli_opts *o, int argc, char **argv,
    struct stages_run *r)
{
	size_t i, j, nstdin = 0;
	char *eq;

	if (argc < 2) {
		warnx("stages needs at least two label=file operands");
		cli_usage(o, 2);
	}
	if (argc > STAGES_MAX)
		errx(2, "more than %d stages", STAGES_MAX);
	for (i = 0; i < (size_t)argc; i++) {
		eq = strchr(argv[i], '=');
		if (eq == NULL || eq[1] == '\0' ||
		    !label_ok(argv[i], (size_t)(eq - argv[i]))) {
			warnx("operand '%s' is not label=file (labels: 1 to %d "
			    "of A-Z a-z 0-9 _ . -)", argv[i], STAGES_LABELMAX);
			cli_usage(o, 2);
		}
		*eq = '\0';
		for (j = 0; j < i; j++)
			if (strcmp(r->stages[j].label, argv[i]) == 0)
				errx(2, "stage label '%s' given twice",
				    argv[i]);
		r->stages[i].label = argv[i];
		r->stages[i].path = eq + 1;
		if (strcmp(eq + 1, "-") == 0 && nstdin++ > 0)
			errx(2, "only one input can be '-'");
	}
	r->nstages = (size_t)argc;
}

int
stages_incomplete(const struct stage *s)
{
	return s->doc->completeness == DOC_INCOMPLETE;
}

static int
has_delta(const struct stage_pair *p, unsigned flags)
{
	size_t i;

	for (i = 0; i < p->cl.n; i++)
		if (change_visible(&p->cl.v[i], flags))
			return 1;
	return p->unseen.n > 0;
}

static void
classify(struct stage_pair *p, unsigned flags)
{
	const struct doc *a = p->from->doc, *b = p->to->doc;

	p->same_digest = -1;
	if (a->subject_digest != NULL && b->subject_digest != NULL)
		p->same_digest = strcmp(a->subject_digest,
		    b->subject_digest) == 0;
	p->gen_differs = strcmp_null(a->tool_name, b->tool_name) != 0 ||
	    strcmp_null(a->tool_version, b->tool_version) != 0;
	p->observational = p->same_digest == 1 && p->gen_differs;
	if (p->same_digest == 0)
		p->cls = PAIR_ARTIFACT;
	else if (p->observational)
		p->cls = PAIR_OBSERVER;
	else if (stages_incomplete(p->from) || stages_incomplete(p->to))
		p->cls = PAIR_INCOMPLETE;
	else if (p->same_digest == -1)
		p->cls = PAIR_UNKNOWN;
	else if (has_delta(p, flags))
		p->cls = PAIR_CONTAINER;
	else
		p->cls = PAIR_IDENTICAL;
}

/*
 * A stage that declares itself incomplete cannot prove that something
 * is gone: its removals move to p->unseen, out of reach of the policy.
 */
static void
split_unseen(struct stage_pair *p, struct change_list *all)
{
	struct change *src, *dst;
	int incomplete = stages_incomplete(p->to);
	size_t i;

	p->cl.matched = all->matched;
	p->cl.unchanged = all->unchanged;
	for (i = 0; i < all->n; i++) {
		src = &all->v[i];
		if (incomplete && (src->kind == CHANGE_REMOVED ||
		    src->kind == CHANGE_EDGE_REMOVED))
			dst = change_list_add(&p->unseen, src->kind);
		else
			dst = change_list_add(&p->cl, src->kind);
		*dst = *src;
	}
	free(all->v);
	memset(all, 0, sizeof(*all));
	change_list_sort(&p->cl);
	change_list_sort(&p->unseen);
}

static int
run_pair(struct stages_run *r, struct stage_pair *p, struct policy *pol,
    long long today, struct diag *d)
{
	struct change_list all;

	memset(&all, 0, sizeof(all));
	p->name = xasprintf("%s>%s", p->from->label, p->to->label);
	if (diff_docs(p->from->doc, p->to->doc, r->flags, &all, d) == -1) {
		change_list_release(&all);
		return -1;
	}
	split_unseen(p, &all);
	if (pol != NULL && policy_apply(pol, &p->cl, p->name, today, d) == -1)
		return -1;
	classify(p, r->flags);
	return 0;
}

/*
 * The matrix.
 */

static int
keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted, unique identity keys of all stages; borrowed strings. */
static const char **
all_keys(const struct stages_run *r, size_t *np)
{
	const char **keys;
	size_t i, j, n = 0, total = 0, u;

	for (i = 0; i < r->nstages; i++)
		total += r->stages[i].doc->ncomps;
	keys = xcalloc(total + 1, sizeof(*keys));
	for (i = 0; i < r->nstages; i++)
		for (j = 0; j < r->stages[i].doc->ncomps; j++)
			keys[n++] = r->stages[i].doc->comps[j].key;
	if (n > 0)
		qsort(keys, n, sizeof(*keys), keycmp);
	for (i = 0, u = 0; i < n; i++)
		if (u == 0 || strcmp(keys[u - 1], keys[i]) != 0)
			keys[u++] = keys[i];
	*np = u;
	return keys;
}

/*
 * The versions of key in one doc, unique, space separated ("?" for an
 * instance without a version); NULL when the key is absent. The doc's
 * components are sorted by key and version, so *cur only moves forward
 * as the caller walks the keys in order.
 */
static char *
versions_of(const struct doc *doc, const char *key, size_t *cur,
    const struct comp **cp)
{
	struct strbuf sb = STRBUF_INIT;
	const char *v, *prev = NULL;
	size_t i;

	*cp = NULL;
	while (*cur < doc->ncomps && strcmp(doc->comps[*cur].key, key) < 0)
		(*cur)++;
	for (i = *cur; i < doc->ncomps &&
	    strcmp(doc->comps[i].key, key) == 0; i++) {
		if (*cp == NULL)
			*cp = &doc->comps[i];
		v = doc->comps[i].version != NULL ? doc->comps[i].version :
		    "?";
		if (prev != NULL && strcmp(prev, v) == 0)
			continue;
		if (sb.len > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, v);
		prev = v;
	}
	*cur = i;
	if (*cp == NULL)
		return NULL;
	return strbuf_detach(&sb, NULL);
}

/*
 * Decides the status from the stages that observed the key's presence
 * or absence; an absence in an incomplete stage tells nothing.
 */
static void
row_status(const struct stages_run *r, struct matrix_row *row)
{
	size_t i, nknown = 0, npresent = 0, firstknown = r->nstages;
	size_t lastknown = 0, runs = 0;
	const char *v0 = NULL;
	int skew = 0, prev = -1;

	for (i = 0; i < r->nstages; i++) {
		if (row->versions[i] == NULL &&
		    stages_incomplete(&r->stages[i]))
			continue;
		if (firstknown == r->nstages)
			firstknown = i;
		lastknown = i;
		nknown++;
		if (row->versions[i] != NULL) {
			if (npresent++ == 0)
				row->first = i, v0 = row->versions[i];
			else if (strcmp(v0, row->versions[i]) != 0)
				skew = 1;
			row->last = i;
		}
		if ((row->versions[i] != NULL) != prev)
			runs++;
		prev = row->versions[i] != NULL;
	}
	row->at = row->first;
	if (npresent == nknown)
		row->status = skew ? ROW_SKEW : ROW_CONSISTENT;
	else if (runs == 2 && row->first == firstknown) {
		row->status = ROW_DISAPPEARS;
		row->at = row->last;
	} else if (runs == 2 && row->last == lastknown)
		row->status = ROW_APPEARS;
	else if (npresent == 1)
		row->status = ROW_ONLY;
	else
		row->status = ROW_FLAPPING;
}

static void
build_matrix(struct stages_run *r)
{
	const struct comp *c, *any;
	size_t cur[STAGES_MAX] = { 0 };
	struct matrix_row *row;
	const char **keys;
	size_t i, s, n;

	keys = all_keys(r, &n);
	r->rows = xcalloc(n + 1, sizeof(*r->rows));
	for (i = 0; i < n; i++) {
		row = &r->rows[r->nrows++];
		row->key = keys[i];
		any = NULL;
		for (s = 0; s < r->nstages; s++) {
			row->versions[s] = versions_of(r->stages[s].doc,
			    keys[i], &cur[s], &c);
			if (any == NULL)
				any = c;
		}
		row->name = any->name;
		row->ecosystem = any->ecosystem;
		row_status(r, row);
	}
	free(keys);
}

/*
 * Verdict.
 */

static const char *
subject_problem(const struct stages_run *r)
{
	size_t i;

	for (i = 0; i < r->npairs; i++)
		if (r->pairs[i].same_digest == 0)
			return "subject digests differ";
	for (i = 0; i < r->npairs; i++)
		if (r->pairs[i].same_digest == -1)
			return "subject digest unknown";
	return NULL;
}

/* Observational pairs are reported but never make the run differ. */
static enum verdict
decide(struct stages_run *r, int same_subject)
{
	const struct stage_pair *p;
	size_t i;

	if (same_subject && (r->inconclusive = subject_problem(r)) != NULL)
		return VERDICT_INCONCLUSIVE;
	for (i = 0; i < r->npairs; i++) {
		p = &r->pairs[i];
		if (!p->observational &&
		    change_list_differs(&p->cl, r->flags, r->have_policy))
			return VERDICT_DIFFERENT;
	}
	return VERDICT_SAME;
}

/*
 * Output, written to a temporary file renamed into place on success.
 */

static int
write_report(const struct stages_run *r, const struct cli_opts *o,
    struct diag *d)
{
	char *tmp;
	FILE *fp;
	int ok;

	if ((fp = cli_open_output(o->output, &tmp)) == NULL)
		return -1;
	ok = stages_render(r, o->format, fp, d) == 0;
	if (!ok)
		warnx("%s", d->msg);
	return cli_finish_output(fp, o->output, tmp, ok);
}

static void
run_release(struct stages_run *r)
{
	size_t i, s;

	for (i = 0; i < r->npairs; i++) {
		free(r->pairs[i].name);
		change_list_release(&r->pairs[i].cl);
		change_list_release(&r->pairs[i].unseen);
	}
	free(r->pairs);
	for (i = 0; i < r->nrows; i++)
		for (s = 0; s < r->nstages; s++)
			free(r->rows[i].versions[s]);
	free(r->rows);
	for (i = 0; i < r->nstages; i++)
		doc_free(r->stages[i].doc);
}

static int
run(struct stages_run *r, const struct cli_opts *o, struct diag *d)
{
	struct policy *pol = NULL;
	long long today = 0;
	size_t i;
	int rc = -1;

	if (cli_policy(o, &pol, &today, d) == -1)
		goto out;
	r->have_policy = pol != NULL;
	for (i = 0; i < r->nstages; i++)
		if ((r->stages[i].doc = doc_load(r->stages[i].path, d)) ==
		    NULL)
			goto out;
	r->npairs = r->nstages - 1;
	r->pairs = xcalloc(r->npairs, sizeof(*r->pairs));
	for (i = 0; i < r->npairs; i++) {
		r->pairs[i].from = &r->stages[i];
		r->pairs[i].to = &r->stages[i + 1];
		if (run_pair(r, &r->pairs[i], pol, today, d) == -1)
			goto out;
	}
	build_matrix(r);
	rc = 0;
out:
	policy_free(pol);
	return rc;
}

int
stages_main(int argc, char **argv)
{
	struct cli_opts o;
	struct stages_run r;
	struct diag d;
	int status = VERDICT_TROUBLE;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	stages_opts(argc, argv, &o);
	parse_operands(&o, argc - optind, argv + optind, &r);
	diag_init(&d);
	d.warn_fn = cli_warning;
	r.flags = o.flags;
	r.policy_name = o.policy;
	if (run(&r, &o, &d) == -1) {
		warnx("%s", d.msg);
		goto out;
	}
	r.verdict = decide(&r, o.same_subject);
	r.exit_code = o.exit_zero ? 0 : (int)r.verdict;
	if (write_report(&r, &o, &d) == -1)
		goto out;
	if (r.inconclusive != NULL)
		warnx("inconclusive: %s", r.inconclusive);
	status = r.exit_code;
out:
	run_release(&r);
	return status;
}
