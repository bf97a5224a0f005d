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
#include "pkg.h"
#include "strbuf.h"
#include "xalloc.h"

#define DPKG_STANZA_MAX	200000		/* stanzas in one database */
#define DPKG_LINE_MAX	65536		/* bytes in one line */
#define DPKG_FIELD_MAX	262144		/* one field with its continuations */
#define DPKG_SNIFF_LEN	1024		/* looked at for binary data */

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
	struct strbuf	 val[F_COUNT];
	size_t		 line;		/* first line, 0 while empty */
	size_t		 badline;	/* first malformed line, or 0 */
	const char	*why;		/* what was wrong there */
	enum field	 cur;		/* field continuation lines extend */
};

struct dpkg_ctx {
	const char	*name;
	struct pkglist	*out;
	struct diag	*d;
	int		 added;
	size_t		 nstanza;
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

/*
 * Returns the next line of data at *off without its "\n" or "\r\n",
 * or 0 at the end.
 */
static int
next_line(const char *data, size_t len, size_t *off, const char **line,
    size_t *llen)
{
	const char *nl;
	size_t n;

	if (*off >= len)
		return 0;
	*line = data + *off;
	nl = memchr(*line, '\n', len - *off);
	n = nl != NULL ? (size_t)(nl - *line) : len - *off;
	*off += n + (nl != NULL);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*llen = n;
	return 1;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Trims spaces and tabs at both ends of s[0..*n). */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

static void
stanza_reset(struct stanza *st)
{
	size_t i;

	for (i = 0; i < F_COUNT; i++)
		strbuf_reset(&st->val[i]);
	st->line = st->badline = 0;
	st->why = NULL;
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
stanza_bad(struct stanza *st, size_t lineno, const char *why)
{
	if (st->badline != 0)
		return;
	st->badline = lineno;
	st->why = why;
}

static void
add_field(struct stanza *st, size_t lineno, const char *s, size_t n)
{
	const char *colon, *v;
	size_t vlen;
	enum field f;

	colon = memchr(s, ':', n);
	if (colon == NULL) {
		stanza_bad(st, lineno, "line without ':'");
		return;
	}
	if (colon == s || memchr(s, ' ', (size_t)(colon - s)) != NULL ||
	    memchr(s, '\t', (size_t)(colon - s)) != NULL) {
		stanza_bad(st, lineno, "bad field name");
		return;
	}
	f = field_lookup(s, (size_t)(colon - s));
	vlen = n - (size_t)(colon - s) - 1;
	v = trim(colon + 1, &vlen);
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
		stanza_bad(st, lineno, "continuation line without a field");
		return;
	}
	if (st->cur != F_DEPENDS && st->cur != F_PREDEPENDS &&
	    st->cur != F_PROVIDES)
		return;
	sb = &st->val[st->cur];
	s = trim(s, &n);
	if (n == 0)
		return;
	if (sb->len + n + 1 > DPKG_FIELD_MAX) {
		stanza_bad(st, lineno, "field too long");
		return;
	}
	if (sb->len > 0)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, s, n);
}

static void
add_line(struct stanza *st, size_t lineno, const char *s, size_t n)
{
	if (st->line == 0)
		st->line = lineno;
	if (st->badline != 0)
		return;
	if (n > DPKG_LINE_MAX) {
		stanza_bad(st, lineno, "line too long");
		return;
	}
	if (memchr(s, '\0', n) != NULL) {
		stanza_bad(st, lineno, "NUL byte");
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
	open = trim(open, &n);
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
	p->line = st->line;
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
			    st->line);
	}
	c->added++;
}

/* Returns the reason to skip a complete stanza, or NULL. */
static const char *
check_stanza(struct stanza *st, int *installed)
{
	int valid;

	*installed = 1;
	if (st->badline != 0)
		return st->why;
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
end_stanza(struct dpkg_ctx *c, struct stanza *st)
{
	const char *why;
	int installed;

	if (st->line == 0)
		return;
	c->nstanza++;
	why = check_stanza(st, &installed);
	if (why != NULL)
		diag_warn(c->d, "skipping stanza at '%s':%zu: %s", c->name,
		    st->badline != 0 ? st->badline : st->line, why);
	else if (installed)
		make_pkg(c, st);
	stanza_reset(st);
}

int
dpkg_parse(const char *data, size_t len, const char *name,
    struct pkglist *out, struct diag *d)
{
	struct dpkg_ctx c = { name, out, d, 0, 0 };
	struct stanza st;
	const char *line;
	size_t off = 0, lineno = 0, llen;

	if (len > 0 && memchr(data, '\0',
	    len < DPKG_SNIFF_LEN ? len : DPKG_SNIFF_LEN) != NULL)
		return diag_error(d, "not a dpkg database: '%s' holds "
		    "binary data", name);
	memset(&st, 0, sizeof(st));
	while (next_line(data, len, &off, &line, &llen)) {
		lineno++;
		if (is_blank(line, llen)) {
			end_stanza(&c, &st);
			continue;
		}
		if (c.nstanza >= DPKG_STANZA_MAX) {
			diag_warn(d, "too many stanzas in '%s', stopping "
			    "at line %zu", name, lineno);
			goto out;
		}
		add_line(&st, lineno, line, llen);
	}
	end_stanza(&c, &st);
out:
	stanza_release(&st);
	return c.added;
}
