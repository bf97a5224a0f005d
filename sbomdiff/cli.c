/*
 * cli.c: the command line both modes share (cli.h).
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "policy.h"
#include "sbomdiff.h"
#include "xalloc.h"

enum {
	OPT_COLOR = 256, OPT_EXIT_ZERO, OPT_FAIL_ON, OPT_GRAPH, OPT_POLICY,
	OPT_SAME_SUBJECT, OPT_SHOW_EQUIVALENT
};

/* The pair mode's own options come first: stages mode skips them. */
#define PAIR_ONLY	2
static const struct option longopts[] = {
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "version", no_argument, NULL, 'V' },
	{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, 'f' },
	{ "graph", no_argument, NULL, OPT_GRAPH },
	{ "help", no_argument, NULL, 'h' },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "require-same-subject", no_argument, NULL, OPT_SAME_SUBJECT },
	{ "show-equivalent", no_argument, NULL, OPT_SHOW_EQUIVALENT },
	{ NULL, 0, NULL, 0 }
};

static const char stages_synopsis[] =
    "sbomdiff stages [-h] [--exit-zero] [--graph] [--require-same-subject]\n"
    "                       [--show-equivalent] [--fail-on list]\n"
    "                       [-f text|json|ndjson|markdown] [-o file]\n"
    "                       [--policy file] label=file label=file ...\n";

const struct option *
cli_longopts(int stages)
{
	return stages ? longopts + PAIR_ONLY : longopts;
}

void
cli_usage(const struct cli_opts *o, int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	if (o->stages) {
		fprintf(fp, "usage: %s", stages_synopsis);
		exit(status);
	}
	fprintf(fp, "usage: sbomdiff [-hV] [--exit-zero] [--graph] "
	    "[--require-same-subject]\n"
	    "                [--show-equivalent] "
	    "[--color=auto|always|never] [--fail-on list]\n"
	    "                [-f text|json|ndjson|markdown] [-o file] "
	    "[--policy file] old new\n"
	    "       %s", stages_synopsis);
	if (status == 0)
		fputs("\nExit status: 0 no differences or policy passed, "
		    "1 differences or policy\nfailed, 2 trouble, "
		    "3 inconclusive.\n", fp);
	exit(status);
}

static enum report_format
parse_format(const struct cli_opts *o, const char *s)
{
	static const char *const names[] = {
		"text", "json", "ndjson", "markdown"
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum report_format)i;
	warnx("unknown format '%s'", s);
	cli_usage(o, 2);
}

static enum color_mode
parse_color(const struct cli_opts *o, const char *s)
{
	if (strcmp(s, "auto") == 0)
		return COLOR_AUTO;
	if (strcmp(s, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(s, "never") == 0)
		return COLOR_NEVER;
	warnx("unknown --color value '%s'", s);
	cli_usage(o, 2);
}

void
cli_option(struct cli_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 'f':
		o->format = parse_format(o, arg);
		break;
	case 'h':
		cli_usage(o, 0);
	case 'o':
		o->output = arg;
		break;
	case 'V':
		printf("sbomdiff %s\n", SBOM_VERSION);
		exit(0);
	case OPT_COLOR:
		o->color = parse_color(o, arg);
		break;
	case OPT_EXIT_ZERO:
		o->exit_zero = 1;
		break;
	case OPT_FAIL_ON:
		o->fail_on = arg;
		break;
	case OPT_GRAPH:
		o->flags |= DIFF_GRAPH;
		break;
	case OPT_POLICY:
		o->policy = arg;
		break;
	case OPT_SAME_SUBJECT:
		o->same_subject = 1;
		break;
	case OPT_SHOW_EQUIVALENT:
		o->flags |= DIFF_SHOW_EQUIVALENT;
		break;
	default:
		cli_usage(o, 2);
	}
}

void
cli_warning(void *arg, const char *msg)
{
	warnx("warning: %s", msg);
}

int
cli_policy(const struct cli_opts *o, struct policy **pol, long long *today,
    struct diag *d)
{
	*pol = NULL;
	*today = 0;
	if (o->policy == NULL && o->fail_on == NULL)
		return 0;
	if ((*pol = policy_load(o->policy, d)) == NULL)
		return -1;
	if ((o->fail_on != NULL && fail_on_parse(*pol, o->fail_on, d) == -1) ||
	    policy_today(today, d) == -1) {
		policy_free(*pol);
		*pol = NULL;
		return -1;
	}
	return 0;
}

FILE *
cli_open_output(const char *path, char **tmp)
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

int
cli_finish_output(FILE *fp, const char *path, char *tmp, int ok)
{
	if (ok && (fflush(fp) != 0 || ferror(fp))) {
		warn("cannot write the report");
		ok = 0;
	}
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
