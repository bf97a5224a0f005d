/*
 * cli.h: what the pair mode (main.c) and "sbomdiff stages" (stages.c)
 * share on the command line: the options, the usage text, the policy
 * they load and the report file they write. Private to sbomdiff/.
 */
#ifndef SBOMDIFF_CLI_H
#define SBOMDIFF_CLI_H

#include <stdio.h>

#include "compat.h"
#include "sbomdiff.h"

struct diag;
struct option;
struct policy;

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct cli_opts {
	int			 stages;	/* which mode is parsing */
	enum report_format	 format;
	const char		*output;
	const char		*policy;
	const char		*fail_on;
	unsigned		 flags;		/* DIFF_* */
	int			 exit_zero;
	int			 same_subject;
	enum color_mode		 color;		/* pair mode only */
};

/*
 * The long options for getopt_long(). Stages mode has neither --color
 * nor --version.
 */
const struct option	*cli_longopts(int stages);

/*
 * Applies one option returned by getopt_long() to o: 'f', 'h', 'o' and
 * the long-only ones. 'h' prints the usage and exits 0; anything else
 * is a usage error (exit 2).
 */
void	cli_option(struct cli_opts *o, int ch, const char *arg);

/*
 * Prints the usage of the mode o->stages names, to stdout with the exit
 * statuses for status 0, else to stderr, and exits with status.
 */
void	cli_usage(const struct cli_opts *o, int status) ATTR_NORETURN;

/* The diag warn_fn of both modes: "sbomdiff: warning: msg". */
void	cli_warning(void *arg, const char *msg);

/*
 * Loads the policy of --policy and --fail-on into *pol and the date
 * waivers are judged against into *today. Leaves *pol NULL when
 * neither option is given. Returns 0, or -1 with d set.
 */
int	cli_policy(const struct cli_opts *o, struct policy **pol,
	    long long *today, struct diag *d);

/*
 * Opens the report destination: stdout for NULL or "-", a device or
 * pipe in place, else a temporary file beside path (*tmp) that
 * cli_finish_output() renames over it, so that a failed run never
 * leaves a half-written report. Returns NULL after a message.
 */
FILE	*cli_open_output(const char *path, char **tmp);

/*
 * Flushes and closes what cli_open_output() opened and, when ok and
 * the writes worked, renames tmp into place; otherwise removes it.
 * Frees tmp. Returns 0, or -1 after a message.
 */
int	cli_finish_output(FILE *fp, const char *path, char *tmp, int ok);

#endif /* SBOMDIFF_CLI_H */
