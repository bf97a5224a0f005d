/*
 * apk.c: the Alpine package database, lib/apk/db/installed.
 *
 * Each package is a stanza of "X:value" lines, one upper- or
 * lower-case letter naming the field, and stanzas are separated by
 * blank lines. The file list (F:, R:, a:, M:, Z:) is part of the
 * stanza and is not kept here.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pkg.h"
#include "strbuf.h"
#include "xalloc.h"

#define APK_STANZA_MAX	200000		/* stanzas in one database */
#define APK_LINE_MAX	65536		/* bytes in one line */
#define APK_SNIFF_LEN	1024		/* looked at for binary data */

/* The fields kept, in the order of the slots in struct apk_stanza. */
static const char apk_keys[] = "PVAoLTmUIDpC";

#define APK_NKEYS	(sizeof(apk_keys) - 1)

struct apk_stanza {
	struct strbuf	 val[APK_NKEYS];
	size_t		 line;		/* first line, 0 while empty */
	size_t		 badline;	/* first malformed line, or 0 */
	const char	*why;
};

struct apk_ctx {
	const char	*name;
	struct pkglist	*out;
	struct diag	*d;
	int		 added;
	size_t		 nstanza;
};

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

static void
stanza_reset(struct apk_stanza *st)
{
	size_t i;

	for (i = 0; i < APK_NKEYS; i++)
		strbuf_reset(&st->val[i]);
	st->line = st->badline = 0;
	st->why = NULL;
}

static void
stanza_bad(struct apk_stanza *st, size_t lineno, const char *why)
{
	if (st->badline != 0)
		return;
	st->badline = lineno;
	st->why = why;
}

static void
add_line(struct apk_stanza *st, size_t lineno, const char *s, size_t n)
{
	const char *k;

	if (st->line == 0)
		st->line = lineno;
	if (st->badline != 0)
		return;
	if (n > APK_LINE_MAX) {
		stanza_bad(st, lineno, "line too long");
		return;
	}
	if (n < 2 || s[1] != ':' || !isalpha((unsigned char)s[0])) {
		stanza_bad(st, lineno, "line is not 'X:value'");
		return;
	}
	if (memchr(s, '\0', n) != NULL) {
		stanza_bad(st, lineno, "NUL byte");
		return;
	}
	k = strchr(apk_keys, s[0]);
	if (k == NULL)
		return;
	strbuf_reset(&st->val[k - apk_keys]);
	strbuf_add(&st->val[k - apk_keys], s + 2, n - 2);
}

static char *
take(struct apk_stanza *st, char key)
{
	struct strbuf *sb;

	sb = &st->val[strchr(apk_keys, key) - apk_keys];
	if (sb->len == 0)
		return NULL;
	return strbuf_detach(sb, NULL);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void
make_pkg(struct apk_ctx *c, struct apk_stanza *st)
{
	struct pkg *p;

	p = pkglist_add(c->out);
	p->line = st->line;
	p->name = take(st, 'P');
	p->version = take(st, 'V');
	p->arch = take(st, 'A');
	p->source = take(st, 'o');
	p->license = take(st, 'L');
	p->description = take(st, 'T');
	p->maintainer = take(st, 'm');
	p->homepage = take(st, 'U');
	p->depends = take(st, 'D');
	p->provides = take(st, 'p');
	p->checksum = take(st, 'C');
	p->installed_size = take(st, 'I');
	if (p->installed_size != NULL && !all_digits(p->installed_size)) {
		diag_warn(c->d, "ignoring bad installed size '%s' at '%s':%zu",
		    p->installed_size, c->name, st->line);
		FREE_AND_NULL(p->installed_size);
	}
	c->added++;
}

static void
end_stanza(struct apk_ctx *c, struct apk_stanza *st)
{
	const char *why = NULL;
	size_t at;

	if (st->line == 0)
		return;
	c->nstanza++;
	at = st->line;
	if (st->badline != 0) {
		why = st->why;
		at = st->badline;
	} else if (st->val[0].len == 0)
		why = "no P: field";
	else if (st->val[1].len == 0)
		why = "no V: field";
	if (why != NULL)
		diag_warn(c->d, "skipping stanza at '%s':%zu: %s", c->name,
		    at, why);
	else
		make_pkg(c, st);
	stanza_reset(st);
}

int
apk_parse(const char *data, size_t len, const char *name,
    struct pkglist *out, struct diag *d)
{
	struct apk_ctx c = { name, out, d, 0, 0 };
	struct apk_stanza st;
	const char *line;
	size_t i, off = 0, lineno = 0, llen;

	if (len > 0 && memchr(data, '\0',
	    len < APK_SNIFF_LEN ? len : APK_SNIFF_LEN) != NULL)
		return diag_error(d, "not an apk database: '%s' holds "
		    "binary data", name);
	memset(&st, 0, sizeof(st));
	while (next_line(data, len, &off, &line, &llen)) {
		lineno++;
		if (is_blank(line, llen)) {
			end_stanza(&c, &st);
			continue;
		}
		if (c.nstanza >= APK_STANZA_MAX) {
			diag_warn(d, "too many stanzas in '%s', stopping "
			    "at line %zu", name, lineno);
			goto out;
		}
		add_line(&st, lineno, line, llen);
	}
	end_stanza(&c, &st);
out:
	for (i = 0; i < APK_NKEYS; i++)
		strbuf_release(&st.val[i]);
	return c.added;
}
