/*
 * sbomgen: write a CycloneDX SBOM of a container image.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbomgen.h"

static void ATTR_NORETURN
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: sbomgen [-hqVv] [-o format[=file]] [-p os/arch[/variant]]"
	    "\n               [-s spec-version] [-t tag] image\n");
	if (status == 0)
		fprintf(fp, "\n"
		    "image: [docker-archive:|oci-archive:|oci-dir:|dir:]PATH\n"
		    "formats: cyclonedx-json (json), cyclonedx-xml (xml)\n"
		    "spec versions: 1.5, 1.6 (default), 1.7\n");
	exit(status);
}

static int
parse_format(const char *s, size_t n, enum out_format *f)
{
	static const struct {
		const char	*name;
		enum out_format	 f;
	} names[] = {
		{ "cyclonedx-json", OUT_JSON }, { "json", OUT_JSON },
		{ "cyclonedx", OUT_JSON }, { "cyclonedx-xml", OUT_XML },
		{ "xml", OUT_XML },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n &&
		    strncmp(names[i].name, s, n) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

static void
add_output(struct sbomgen *g, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	struct out_spec *o;
	size_t i;

	if (g->nout == SBOMGEN_MAXOUT) {
		warnx("too many -o options (at most %d)", SBOMGEN_MAXOUT);
		usage(2);
	}
	o = &g->out[g->nout];
	if (parse_format(arg, n, &o->format) != 0) {
		warnx("unknown output format '%.*s'", (int)n, arg);
		usage(2);
	}
	o->path = eq != NULL && eq[1] != '\0' ? eq + 1 : NULL;
	if (o->path != NULL && strcmp(o->path, "-") == 0)
		o->path = NULL;
	for (i = 0; i < g->nout; i++)
		if ((g->out[i].path == NULL && o->path == NULL) ||
		    (g->out[i].path != NULL && o->path != NULL &&
		    strcmp(g->out[i].path, o->path) == 0)) {
			warnx("two outputs go to '%s'",
			    o->path != NULL ? o->path : "-");
			usage(2);
		}
	g->nout++;
}

/* "os/arch[/variant]": two or three non-empty parts. */
static const char *
check_platform(const char *s)
{
	const char *p = s;
	size_t parts = 1, len = 0;

	for (; *p != '\0'; p++) {
		if (*p != '/') {
			len++;
			continue;
		}
		if (len == 0)
			break;
		parts++;
		len = 0;
	}
	if (*p != '\0' || len == 0 || parts < 2 || parts > 3) {
		warnx("bad platform '%s' (os/arch[/variant])", s);
		usage(2);
	}
	return s;
}

static enum bom_spec
parse_spec(const char *s)
{
	if (strcmp(s, "1.5") == 0)
		return BOM_SPEC_1_5;
	if (strcmp(s, "1.6") == 0)
		return BOM_SPEC_1_6;
	if (strcmp(s, "1.7") == 0)
		return BOM_SPEC_1_7;
	warnx("unsupported spec version '%s' (1.5, 1.6 or 1.7)", s);
	usage(2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",		no_argument,		NULL, 'h' },
		{ "output",		required_argument,	NULL, 'o' },
		{ "platform",		required_argument,	NULL, 'p' },
		{ "quiet",		no_argument,		NULL, 'q' },
		{ "spec-version",	required_argument,	NULL, 's' },
		{ "tag",		required_argument,	NULL, 't' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL,			0,			NULL, 0 }
	};
	struct sbomgen g;
	int ch;

	memset(&g, 0, sizeof(g));
	g.spec = BOM_SPEC_1_6;
	/* getopt names the program by argv[0] in its messages. */
	argv[0] = program_invocation_short_name;
	while ((ch = getopt_long(argc, argv, "ho:p:qs:t:Vv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'o':
			add_output(&g, optarg);
			break;
		case 'p':
			g.platform = check_platform(optarg);
			break;
		case 'q':
			g.quiet = 1;
			break;
		case 's':
			g.spec = parse_spec(optarg);
			break;
		case 't':
			g.tag = optarg;
			break;
		case 'V':
			printf("sbomgen %s\n", SBOM_VERSION);
			return 0;
		case 'v':
			g.verbose++;
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(2);
	g.input = argv[0];
	if (g.nout == 0) {
		g.out[0].format = OUT_JSON;
		g.out[0].path = NULL;
		g.nout = 1;
	}
	return sbomgen_run(&g);
}
