#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "sbomdiff.h"
#include "xalloc.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct opts {
	enum report_format	 format;
	const char		*output;
	const char		*policy;
	const char		*fail_on;
	unsigned		 flags;
	int			 exit_zero;
	int			 same_subject;
	enum color_mode		 color;
};

enum {
	OPT_COLOR = 256, OPT_EXIT_ZERO, OPT_FAIL_ON, OPT_GRAPH, OPT_POLICY,
	OPT_SAME_SUBJECT, OPT_SHOW_EQUIVALENT
};

static const struct option longopts[] = {
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, 'f' },
	{ "graph", no_argument, NULL, OPT_GRAPH },
	{ "help", no_argument, NULL, 'h' },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "require-same-subject", no_argument, NULL, OPT_SAME_SUBJECT },
	{ "show-equivalent", no_argument, NULL, OPT_SHOW_EQUIVALENT },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void ATTR_NORETURN
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	fputs("usage: sbomdiff [-hV] [--exit-zero] [--graph] "
	    "[--require-same-subject]\n"
	    "                [--show-equivalent] "
	    "[--color=auto|always|never] [--fail-on list]\n"
	    "                [-f text|json|ndjson|markdown] [-o file] "
	    "[--policy file] old new\n"
	    "       sbomdiff stages [-h] [--exit-zero] [--graph] "
	    "[--require-same-subject]\n"
	    "                       [--show-equivalent] [--fail-on list]\n"
	    "                       [-f text|json|ndjson|markdown] "
	    "[-o file]\n"
	    "                       [--policy file] label=file "
	    "label=file ...\n", fp);
	if (status == 0)
		fputs("\nExit status: 0 no differences or policy passed, "
		    "1 differences or policy\nfailed, 2 trouble, "
		    "3 inconclusive.\n", fp);
	exit(status);
}

static enum report_format
parse_format(const char *s)
{
	static const char *const names[] = {
		"text", "json", "ndjson", "markdown"
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum report_format)i;
	warnx("unknown format '%s'", s);
	usage(2);
}

static enum color_mode
parse_color(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return COLOR_AUTO;
	if (strcmp(s, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(s, "never") == 0)
		return COLOR_NEVER;
	warnx("unknown --color value '%s'", s);
	usage(2);
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "f:ho:V", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			o->format = parse_format(optarg);
			break;
		case 'h':
			usage(0);
		case 'o':
			o->output = optarg;
			break;
		case 'V':
			printf("sbomdiff %s\n", SBOM_VERSION);
			exit(0);
		case OPT_COLOR:
			o->color = parse_color(optarg);
			break;
		case OPT_EXIT_ZERO:
			o->exit_zero = 1;
			break;
		case OPT_FAIL_ON:
			o->fail_on = optarg;
			break;
		case OPT_GRAPH:
			o->flags |= DIFF_GRAPH;
			break;
		case OPT_POLICY:
			o->policy = optarg;
			break;
		case OPT_SAME_SUBJECT:
			o->same_subject = 1;
			break;
		case OPT_SHOW_EQUIVALENT:
			o->flags |= DIFF_SHOW_EQUIVALENT;
			break;
		default:
			usage(2);
		}
	}
}

static void
print_warning(void *arg, const char *msg)
{
	warnx("warning: %s", msg);
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

/*
 * Opens the report destination: stdout, or a temporary file beside path
 * that finish_output() renames over it, so that a failed run never
 * leaves a half-written report.
 */
static FILE *
open_output(const char *path, char **tmp)
{
	struct stat st;
	FILE *fp;
	int fd;

	*tmp = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	/* Devices and pipes are written in place, never renamed over. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fp = fopen(path, "w")) == NULL)
			warn("cannot open '%s'", path);
		return fp;
	}
	*tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(*tmp)) == -1) {
		warn("cannot create '%s'", path);
		FREE_AND_NULL(*tmp);
		return NULL;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		warn("cannot open '%s'", *tmp);
		close(fd);
		unlink(*tmp);
		FREE_AND_NULL(*tmp);
	}
	return fp;
}

static int
finish_output(FILE *fp, const char *path, char *tmp, int ok)
{
	if (tmp == NULL && fp != stdout && fclose(fp) != 0 && ok) {
		warn("cannot write '%s'", path);
		ok = 0;
	}
	if (tmp == NULL)
		return ok ? 0 : -1;
	if (fclose(fp) != 0 && ok) {
		warn("cannot write '%s'", path);
		ok = 0;
	}
	if (ok && rename(tmp, path) == -1) {
		warn("cannot rename '%s' to '%s'", tmp, path);
		ok = 0;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

static int
use_color(const struct opts *o, FILE *fp)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	if (o->format != REPORT_TEXT || (nc != NULL && *nc != '\0'))
		return 0;
	return isatty(fileno(fp));
}

static struct policy *
make_policy(const struct opts *o, struct diag *d)
{
	struct policy *p;

	if (o->policy == NULL && o->fail_on == NULL)
		return NULL;
	if ((p = policy_load(o->policy, d)) == NULL)
		return NULL;
	if (o->fail_on != NULL && fail_on_parse(p, o->fail_on, d) == -1) {
		policy_free(p);
		return NULL;
	}
	return p;
}

static enum verdict
decide(const struct opts *o, struct report *r)
{
	const struct change_list *cl = r->cl;
	size_t i;

	if (o->same_subject &&
	    (r->inconclusive = subject_mismatch(r->old, r->new)) != NULL)
		return VERDICT_INCONCLUSIVE;
	if (cl->have_policy)
		return cl->nfail > 0 ? VERDICT_DIFFERENT : VERDICT_SAME;
	for (i = 0; i < cl->n; i++)
		if (change_visible(&cl->v[i], o->flags) && !cl->v[i].suppressed)
			return VERDICT_DIFFERENT;
	return VERDICT_SAME;
}

static int
report(const struct opts *o, struct report *r, struct diag *d)
{
	char *tmp;
	FILE *fp;
	int ok;

	if ((fp = open_output(o->output, &tmp)) == NULL)
		return -1;
	r->color = use_color(o, fp);
	ok = report_write(r, o->format, fp, d) == 0;
	if (!ok)
		warnx("%s", d->msg);
	return finish_output(fp, o->output, tmp, ok);
}

static int
run_pair(const struct opts *o, const char *oldp, const char *newp)
{
	struct change_list cl;
	struct doc *old = NULL, *new = NULL;
	struct policy *pol = NULL;
	struct report r;
	struct diag d;
	long long today = 0;
	int status = VERDICT_TROUBLE;

	diag_init(&d);
	d.warn_fn = print_warning;
	memset(&cl, 0, sizeof(cl));
	memset(&r, 0, sizeof(r));
	if (strcmp(oldp, "-") == 0 && strcmp(newp, "-") == 0) {
		warnx("only one input can be '-'");
		goto out;
	}
	if ((o->policy != NULL || o->fail_on != NULL) &&
	    ((pol = make_policy(o, &d)) == NULL ||
	    policy_today(&today, &d) == -1))
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
	struct opts o;

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
		usage(2);
	}
	return run_pair(&o, argv[0], argv[1]);
}
