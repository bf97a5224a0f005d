/*
 * dpkg.c: the dpkg status database (var/lib/dpkg/status) and the
 * one-package control files distroless images keep in status.d/.
 *
 * The format is deb822: stanzas of "Field: value" lines separated by
 * blank lines, a line that starts with a space or tab continuing the
 * field above it. Field names are case-insensitive (deb-control(5)).
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "lines.h"
#include "pkg.h"
#include "strbuf.h"
#include "xalloc.h"

#define DPKG_STANZA_MAX	200000		/* stanzas in one database */
#define DPKG_LINE_MAX	65536		/* bytes in one line */
#define DPKG_FIELD_MAX	262144		/* one field with its continuations */

enum field {
	F_NONE,
	F_PACKAGE,
	F_VERSION,
	F_ARCH,
	F_SOURCE,
	F_MAINT,
	F_ISIZE,
	F_HOMEPAGE,
	F_DESC,
	F_DEPENDS,
	F_PREDEPENDS,
	F_PROVIDES,
	F_STATUS,
	F_OTHER,
	F_COUNT
};

static const struct {
	const char	*name;
	enum field	 f;
} fields[] = {
	{ "Package",		F_PACKAGE },
	{ "Version",		F_VERSION },
	{ "Architecture",	F_ARCH },
	{ "Source",		F_SOURCE },
	{ "Maintainer",		F_MAINT },
	{ "Installed-Size",	F_ISIZE },
	{ "Homepage",		F_HOMEPAGE },
	{ "Description",	F_DESC },
	{ "Depends",		F_DEPENDS },
	{ "Pre-Depends",	F_PREDEPENDS },
	{ "Provides",		F_PROVIDES },
	{ "Status",		F_STATUS },
};

struct stanza {
	struct strbuf		 val[F_COUNT];
	struct lines_stanza	 at;
	enum field		 cur;	/* field continuation lines extend */
};

struct dpkg_ctx {
	const char	*name;
	struct pkglist	*out;
	struct diag	*d;
	int		 added;
	struct stanza	 st;
};

static enum field
field_lookup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (strlen(fields[i].name) == n &&
		    strncasecmp(fields[i].name, s, n) == 0)
			return fields[i].f;
	return F_OTHER;
}

static void
stanza_reset(struct stanza *st)
{
	size_t i;

	for (i = 0; i < F_COUNT; i++)
		strbuf_reset(&st->val[i]);
	lines_stanza_reset(&st->at);
	st->cur = F_NONE;
}

static void
stanza_release(struct stanza *st)
{
	size_t i;

	for (i = 0; i < F_COUNT; i++)
		strbuf_release(&st->val[i]);
}

static void
add_field(struct stanza *st, size_t lineno, const char *s, size_t n)
{
	const char *colon, *v;
	size_t vlen;
	enum field f;

	colon = memchr(s, ':', n);
	if (colon == NULL) {
		lines_stanza_bad(&st->at, lineno, "line without ':'");
		return;
	}
	if (colon == s || memchr(s, ' ', (size_t)(colon - s)) != NULL ||
	    memchr(s, '\t', (size_t)(colon - s)) != NULL) {
		lines_stanza_bad(&st->at, lineno, "bad field name");
		return;
	}
	f = field_lookup(s, (size_t)(colon - s));
	vlen = n - (size_t)(colon - s) - 1;
	v = lines_trim(colon + 1, &vlen);
	st->cur = f;
	strbuf_reset(&st->val[f]);
	if (f != F_OTHER)
		strbuf_add(&st->val[f], v, vlen);
}

/* Continuation lines matter only for the relationship fields. */
static void
add_continuation(struct stanza *st, size_t lineno, const char *s, size_t n)
{
	struct strbuf *sb;

	if (st->cur == F_NONE) {
		lines_stanza_bad(&st->at, lineno,
		    "continuation line without a field");
		return;
	}
	if (st->cur != F_DEPENDS && st->cur != F_PREDEPENDS &&
	    st->cur != F_PROVIDES)
		return;
	sb = &st->val[st->cur];
	s = lines_trim(s, &n);
	if (n == 0)
		return;
	if (sb->len + n + 1 > DPKG_FIELD_MAX) {
		lines_stanza_bad(&st->at, lineno, "field too long");
		return;
	}
	if (sb->len > 0)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, s, n);
}

static void
add_line(void *arg, size_t lineno, const char *s, size_t n)
{
	struct stanza *st = &((struct dpkg_ctx *)arg)->st;

	if (!lines_stanza_line(&st->at, lineno, n, DPKG_LINE_MAX))
		return;
	if (memchr(s, '\0', n) != NULL) {
		lines_stanza_bad(&st->at, lineno, "NUL byte");
		return;
	}
	if (s[0] == ' ' || s[0] == '\t')
		add_continuation(st, lineno, s, n);
	else
		add_field(st, lineno, s, n);
}

/*
 * deb-version(7): [epoch:]upstream[-revision]. The epoch is a number,
 * upstream and revision are not empty and use only the characters the
 * manual lists.
 */
static int
valid_version(const char *v)
{
	const char *colon, *dash, *p;

	colon = strchr(v, ':');
	if (colon != NULL) {
		if (colon == v)
			return 0;
		for (p = v; p < colon; p++)
			if (!isdigit((unsigned char)*p))
				return 0;
		v = colon + 1;
	}
	dash = strrchr(v, '-');
	if (*v == '\0' || dash == v || (dash != NULL && dash[1] == '\0'))
		return 0;
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr(".+~-:", *p) == NULL)
			return 0;
	return 1;
}

/* Returns 1 when the Status field's third word is "installed". */
static int
status_installed(const char *s, int *valid)
{
	char w[3][32];
	size_t n;
	int i;

	for (i = 0; i < 3; i++) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (n == 0 || n >= sizeof(w[i])) {
			*valid = 0;
			return 0;
		}
		memcpy(w[i], s, n);
		w[i][n] = '\0';
		s += n;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	*valid = *s == '\0';
	return *valid && strcmp(w[2], "installed") == 0;
}

static char *
take(struct strbuf *sb)
{
	if (sb->len == 0)
		return NULL;
	return strbuf_detach(sb, NULL);
}

/* "src" or "src (version)"; the version only when it differs. */
static void
set_source(struct pkg *p, const char *s)
{
	const char *open, *close;
	size_t n;

	n = strcspn(s, " \t(");
	if (n == 0)
		return;
	p->source = xstrndup(s, n);
	open = strchr(s + n, '(');
	if (open == NULL || (close = strchr(open, ')')) == NULL)
		return;
	open++;
	n = (size_t)(close - open);
	open = lines_trim(open, &n);
	if (n == 0 || (strlen(p->version) == n &&
	    memcmp(p->version, open, n) == 0))
		return;
	p->source_version = xstrndup(open, n);
}

/* Installed-Size is in KiB; the record keeps bytes. */
static char *
size_bytes(const char *s)
{
	unsigned long long k;
	char *end;

	if (!isdigit((unsigned char)*s))
		return NULL;
	errno = 0;
	k = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || k > UINT64_MAX / 1024)
		return NULL;
	return xasprintf("%llu", k * 1024);
}

static void
make_pkg(struct dpkg_ctx *c, struct stanza *st)
{
	struct pkg *p;

	p = pkglist_add(c->out);
	p->line = st->at.line;
	p->name = take(&st->val[F_PACKAGE]);
	p->version = take(&st->val[F_VERSION]);
	p->arch = take(&st->val[F_ARCH]);
	if (st->val[F_SOURCE].len > 0)
		set_source(p, st->val[F_SOURCE].buf);
	p->maintainer = take(&st->val[F_MAINT]);
	p->homepage = take(&st->val[F_HOMEPAGE]);
	p->description = take(&st->val[F_DESC]);
	p->depends = take(&st->val[F_DEPENDS]);
	p->pre_depends = take(&st->val[F_PREDEPENDS]);
	p->provides = take(&st->val[F_PROVIDES]);
	if (st->val[F_ISIZE].len > 0) {
		p->installed_size = size_bytes(st->val[F_ISIZE].buf);
		if (p->installed_size == NULL)
			diag_warn(c->d, "ignoring bad Installed-Size '%s' "
			    "at '%s':%zu", st->val[F_ISIZE].buf, c->name,
			    st->at.line);
	}
	c->added++;
}

/* Returns the reason to skip a complete stanza, or NULL. */
static const char *
check_stanza(struct stanza *st, int *installed)
{
	int valid;

	*installed = 1;
	if (st->at.badline != 0)
		return st->at.why;
	if (st->val[F_PACKAGE].len == 0)
		return "no Package field";
	if (st->val[F_VERSION].len == 0)
		return "no Version field";
	if (!valid_version(st->val[F_VERSION].buf))
		return "bad Version";
	if (st->val[F_STATUS].len == 0)
		return NULL;
	*installed = status_installed(st->val[F_STATUS].buf, &valid);
	return valid ? NULL : "bad Status";
}

static void
end_stanza(void *arg)
{
	struct dpkg_ctx *c = arg;
	struct stanza *st = &c->st;
	const char *why;
	int installed;

	why = check_stanza(st, &installed);
	if (why != NULL)
		diag_warn(c->d, "skipping stanza at '%s':%zu: %s", c->name,
		    lines_stanza_where(&st->at), why);
	else if (installed)
		make_pkg(c, st);
	stanza_reset(st);
}

int
dpkg_parse(const char *data, size_t len, const char *name,
    struct pkglist *out, struct diag *d)
{
	static const struct lines_ops ops = { add_line, end_stanza };
	struct dpkg_ctx c;

	if (lines_binary(data, len))
		return diag_error(d, "not a dpkg database: '%s' holds "
		    "binary data", name);
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.out = out;
	c.d = d;
	lines_stanzas(data, len, name, DPKG_STANZA_MAX, &ops, &c, d);
	stanza_release(&c.st);
	return c.added;
}
