/*
 * lines.c: lines and blank-line-separated stanzas of text databases.
 */
#include "compat.h"

#include <string.h>

#include "diag.h"
#include "lines.h"

int
lines_binary(const char *data, size_t len)
{
	return len > 0 && memchr(data, '\0',
	    len < LINES_SNIFF_LEN ? len : LINES_SNIFF_LEN) != NULL;
}

int
lines_next(const char *data, size_t len, size_t *off, const char **line,
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

int
lines_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

const char *
lines_trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

void
lines_stanza_reset(struct lines_stanza *st)
{
	st->line = st->badline = 0;
	st->why = NULL;
}

void
lines_stanza_bad(struct lines_stanza *st, size_t lineno, const char *why)
{
	if (st->badline != 0)
		return;
	st->badline = lineno;
	st->why = why;
}

int
lines_stanza_line(struct lines_stanza *st, size_t lineno, size_t n,
    size_t max)
{
	if (st->line == 0)
		st->line = lineno;
	if (st->badline != 0)
		return 0;
	if (n > max) {
		lines_stanza_bad(st, lineno, "line too long");
		return 0;
	}
	return 1;
}

size_t
lines_stanza_where(const struct lines_stanza *st)
{
	return st->badline != 0 ? st->badline : st->line;
}

void
lines_stanzas(const char *data, size_t len, const char *name, size_t max,
    const struct lines_ops *ops, void *arg, struct diag *d)
{
	const char *line;
	size_t off = 0, lineno = 0, llen, nstanza = 0;
	int open = 0;

	while (lines_next(data, len, &off, &line, &llen)) {
		lineno++;
		if (lines_blank(line, llen)) {
			if (open) {
				ops->end(arg);
				nstanza++;
				open = 0;
			}
			continue;
		}
		if (nstanza >= max) {
			diag_warn(d, "too many stanzas in '%s', stopping "
			    "at line %zu", name, lineno);
			return;
		}
		ops->line(arg, lineno, line, llen);
		open = 1;
	}
	if (open)
		ops->end(arg);
}
