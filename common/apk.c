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
#include "lines.h"
#include "pkg.h"
#include "strbuf.h"
#include "xalloc.h"

#define APK_STANZA_MAX	200000		/* stanzas in one database */
#define APK_LINE_MAX	65536		/* bytes in one line */

/* The fields kept, in the order of the slots in struct apk_stanza. */
static const char apk_keys[] = "PVAoLTmUIDpC";

#define APK_NKEYS	(sizeof(apk_keys) - 1)

struct apk_stanza {
	struct strbuf		 val[APK_NKEYS];
	struct lines_stanza	 at;
};

struct apk_ctx {
	const char		*name;
	struct pkglist		*out;
	struct diag		*d;
	int			 added;
	struct apk_stanza	 st;
};

static void
stanza_reset(struct apk_stanza *st)
{
	size_t i;

	for (i = 0; i < APK_NKEYS; i++)
		strbuf_reset(&st->val[i]);
	lines_stanza_reset(&st->at);
}

static void
add_line(void *arg, size_t lineno, const char *s, size_t n)
{
	struct apk_stanza *st = &((struct apk_ctx *)arg)->st;
	const char *k;

	if (!lines_stanza_line(&st->at, lineno, n, APK_LINE_MAX))
		return;
	if (n < 2 || s[1] != ':' || !isalpha((unsigned char)s[0])) {
		lines_stanza_bad(&st->at, lineno, "line is not 'X:value'");
		return;
	}
	if (memchr(s, '\0', n) != NULL) {
		lines_stanza_bad(&st->at, lineno, "NUL byte");
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
	p->line = st->at.line;
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
		    p->installed_size, c->name, st->at.line);
		FREE_AND_NULL(p->installed_size);
	}
	c->added++;
}

static void
end_stanza(void *arg)
{
	struct apk_ctx *c = arg;
	struct apk_stanza *st = &c->st;
	const char *why = NULL;

	if (st->at.badline != 0)
		why = st->at.why;
	else if (st->val[0].len == 0)
		why = "no P: field";
	else if (st->val[1].len == 0)
		why = "no V: field";
	if (why != NULL)
		diag_warn(c->d, "skipping stanza at '%s':%zu: %s", c->name,
		    lines_stanza_where(&st->at), why);
	else
		make_pkg(c, st);
	stanza_reset(st);
}

int
apk_parse(const char *data, size_t len, const char *name,
    struct pkglist *out, struct diag *d)
{
	static const struct lines_ops ops = { add_line, end_stanza };
	struct apk_ctx c;
	size_t i;

	if (lines_binary(data, len))
		return diag_error(d, "not an apk database: '%s' holds "
		    "binary data", name);
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.out = out;
	c.d = d;
	lines_stanzas(data, len, name, APK_STANZA_MAX, &ops, &c, d);
	for (i = 0; i < APK_NKEYS; i++)
		strbuf_release(&c.st.val[i]);
	return c.added;
}
