/*
 * osrel.c: os-release(5) files (etc/os-release, usr/lib/os-release).
 *
 * Each line is a shell-style assignment KEY=value without expansion.
 * A value may be double-quoted (backslash escapes \" \\ \$ \` inside),
 * single-quoted (no escapes) or bare. Lines starting with "#" are
 * comments. A later assignment of a key replaces an earlier one, as
 * when the file is sourced by a shell.
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

#define OSREL_LINE_MAX	4096		/* bytes in one line */
#define OSREL_LINES_MAX	10000		/* lines read from one file */

static char **
slot(struct osrel *o, const char *k, size_t n)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "ID",			offsetof(struct osrel, id) },
		{ "ID_LIKE",		offsetof(struct osrel, id_like) },
		{ "NAME",		offsetof(struct osrel, name) },
		{ "PRETTY_NAME",	offsetof(struct osrel, pretty_name) },
		{ "VERSION",		offsetof(struct osrel, version) },
		{ "VERSION_ID",		offsetof(struct osrel, version_id) },
		{ "VERSION_CODENAME",
		    offsetof(struct osrel, version_codename) },
		{ "BUILD_ID",		offsetof(struct osrel, build_id) },
		{ "HOME_URL",		offsetof(struct osrel, home_url) },
		{ "CPE_NAME",		offsetof(struct osrel, cpe_name) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].key) == n && memcmp(keys[i].key, k, n) == 0)
			return (char **)((char *)o + keys[i].off);
	return NULL;
}

static int
only_space(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* Double quotes: a backslash escapes only " \ $ ` (sh(1)). */
static int
unquote_double(const char *s, const char *end, struct strbuf *sb)
{
	for (s++; s < end; s++) {
		if (*s == '"')
			return only_space(s + 1, end) ? 0 : -1;
		if (*s == '\\' && s + 1 < end && strchr("\"\\$`", s[1]) != NULL)
			s++;
		strbuf_addch(sb, *s);
	}
	return -1;
}

static int
unquote_single(const char *s, const char *end, struct strbuf *sb)
{
	const char *q;

	q = memchr(s + 1, '\'', (size_t)(end - s - 1));
	if (q == NULL || !only_space(q + 1, end))
		return -1;
	strbuf_add(sb, s + 1, (size_t)(q - s - 1));
	return 0;
}

/* A bare value: a backslash takes the next character literally. */
static int
unquote_bare(const char *s, const char *end, struct strbuf *sb)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (; s < end; s++) {
		if (*s == '"' || *s == '\'' || *s == '`' || *s == '$')
			return -1;
		if (*s == '\\' && s + 1 < end)
			s++;
		strbuf_addch(sb, *s);
	}
	return 0;
}

static int
parse_value(const char *s, const char *end, struct strbuf *sb)
{
	if (s < end && *s == '"')
		return unquote_double(s, end, sb);
	if (s < end && *s == '\'')
		return unquote_single(s, end, sb);
	return unquote_bare(s, end, sb);
}

/* Returns 0, or -1 when the line is not an assignment. */
static int
parse_line(struct osrel *o, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *end = s + n, *k;
	char **dst;

	if (n > OSREL_LINE_MAX || memchr(s, '\0', n) != NULL)
		return -1;
	k = s;
	if (!isalpha((unsigned char)*s) && *s != '_')
		return -1;
	while (s < end && (isalnum((unsigned char)*s) || *s == '_'))
		s++;
	if (s == end || *s != '=')
		return -1;
	if (parse_value(s + 1, end, &sb) == -1) {
		strbuf_release(&sb);
		return -1;
	}
	dst = slot(o, k, (size_t)(s - k));
	if (dst != NULL) {
		free(*dst);
		*dst = sb.len > 0 ? strbuf_detach(&sb, NULL) : NULL;
	}
	strbuf_release(&sb);
	return 0;
}

int
osrel_parse(const char *data, size_t len, struct osrel *out,
    struct diag *d)
{
	const char *line;
	size_t off = 0, n, lineno = 0;

	memset(out, 0, sizeof(*out));
	if (lines_binary(data, len))
		return diag_error(d, "not an os-release file: binary data");
	while (lines_next(data, len, &off, &line, &n)) {
		if (++lineno > OSREL_LINES_MAX) {
			diag_warn(d, "os-release file too long, stopping at "
			    "line %zu", lineno);
			break;
		}
		while (n > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		if (n == 0 || *line == '#')
			continue;
		if (parse_line(out, line, n) == -1)
			diag_warn(d, "skipping malformed os-release line %zu",
			    lineno);
	}
	return 0;
}

void
osrel_release(struct osrel *o)
{
	free(o->id);
	free(o->id_like);
	free(o->name);
	free(o->pretty_name);
	free(o->version);
	free(o->version_id);
	free(o->version_codename);
	free(o->build_id);
	free(o->home_url);
	free(o->cpe_name);
	memset(o, 0, sizeof(*o));
}
