#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "sbomdiff.h"

static void
parse_opts(int argc, char **argv, struct cli_opts *o)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "f:ho:V", cli_longopts(0),
	    NULL)) != -1)
		cli_option(o, ch, optarg);
}

/* Returns a reason when the two subjects are not known to be the same. */
static const char *
subject_mismatch(const struct doc *a, const struct doc *b)
{
	if (a->subject_digest != NULL && b->subject_digest != NULL)
		return strcmp(a->subject_digest, b->subject_digest) == 0 ?
		    NULL : "subject digests differ";
	if (a->subject_purl != NULL && b->subject_purl != NULL)
		return strcmp(a->subject_purl, b->subject_purl) == 0 ?
		    NULL : "subject purls differ";
	return "subject digest unknown";
}

static int
use_color(const struct cli_opts *o, FILE *fp)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	if (o->format != REPORT_TEXT || (nc != NULL && *nc != '\0'))
		return 0;
	return isatty(fileno(fp));
}

static enum verdict
decide(const struct cli_opts *o, struct report *r)
{
	if (o->same_subject &&
	    (r->inconclusive = subject_mismatch(r->old, r->new)) != NULL)
		return VERDICT_INCONCLUSIVE;
	return change_list_differs(r->cl, o->flags, r->cl->have_policy) ?
	    VERDICT_DIFFERENT : VERDICT_SAME;
}

static int
report(const struct cli_opts *o, struct report *r, struct diag *d)
{
	char *tmp;
	FILE *fp;
	int ok;

	if ((fp = cli_open_output(o->output, &tmp)) == NULL)
		return -1;
	r->color = use_color(o, fp);
	ok = report_write(r, o->format, fp, d) == 0;
	if (!ok)
		warnx("%s", d->msg);
	return cli_finish_output(fp, o->output, tmp, ok);
}

static int
run_pair(const struct cli_opts *o, const char *oldp, const char *newp)
{
	struct change_list cl;
	struct doc *old = NULL, *new = NULL;
	struct policy *pol = NULL;
	struct report r;
	struct diag d;
	long long today = 0;
	int status = VERDICT_TROUBLE;

	diag_init(&d);
	d.warn_fn = cli_warning;
	memset(&cl, 0, sizeof(cl));
	memset(&r, 0, sizeof(r));
	if (strcmp(oldp, "-") == 0 && strcmp(newp, "-") == 0) {
		warnx("only one input can be '-'");
		goto out;
	}
	if (cli_policy(o, &pol, &today, &d) == -1)
		goto fail;
	if ((old = doc_load(oldp, &d)) == NULL ||
	    (new = doc_load(newp, &d)) == NULL ||
	    diff_docs(old, new, o->flags, &cl, &d) == -1 ||
	    (pol != NULL && policy_apply(pol, &cl, NULL, today, &d) == -1))
		goto fail;
	r.old = old;
	r.new = new;
	r.cl = &cl;
	r.flags = o->flags;
	r.policy_name = o->policy;
	r.verdict = decide(o, &r);
	r.exit_code = o->exit_zero ? 0 : (int)r.verdict;
	if (report(o, &r, &d) == -1)
		goto out;
	if (r.inconclusive != NULL)
		warnx("inconclusive: %s", r.inconclusive);
	status = r.exit_code;
	goto out;
fail:
	warnx("%s", d.msg);
out:
	change_list_release(&cl);
	policy_free(pol);
	doc_free(old);
	doc_free(new);
	return status;
}

int
main(int argc, char **argv)
{
	struct cli_opts o;

	if (argc > 1 && strcmp(argv[1], "stages") == 0)
		return stages_main(argc - 1, argv + 1);
	/* getopt names the program by argv[0] in its messages. */
	argv[0] = (char *)"sbomdiff";
	memset(&o, 0, sizeof(o));
	parse_opts(argc, argv, &o);
	argc -= optind;
	argv += optind;
	if (argc != 2) {
		warnx(argc < 2 ? "missing operand" : "too many operands");
		cli_usage(&o, 2);
	}
	return run_pair(&o, argv[0], argv[1]);
}
