/*
 * lines.h: line-oriented text, shared by the package-database parsers
 * (apk.c, dpkg.c, osrel.c).
 *
 * A line ends at "\n" or "\r\n"; the last one needs neither. Lines are
 * handed out as a pointer into the caller's data and a length, never
 * NUL-terminated and never copied. A stanza database is a run of
 * stanzas of non-blank lines separated by blank lines.
 */
#ifndef LINES_H
#define LINES_H

#include <stddef.h>

struct diag;

#define LINES_SNIFF_LEN	1024	/* bytes looked at for binary data */

/*
 * Returns 1 when the first LINES_SNIFF_LEN bytes of data hold a NUL
 * byte, that is when data is binary and no text database at all.
 */
int	lines_binary(const char *data, size_t len);

/*
 * Sets *line and *llen to the line of data[0..len) that starts at *off,
 * without its line end, moves *off past it and returns 1; returns 0
 * when *off is at the end of data.
 */
int	lines_next(const char *data, size_t len, size_t *off,
	    const char **line, size_t *llen);

/* Returns 1 when s[0..n) holds nothing but spaces and tabs. */
int	lines_blank(const char *s, size_t n);

/* Trims spaces and tabs at both ends of s[0..*n); returns the start. */
const char *lines_trim(const char *s, size_t *n);

/* Where a stanza starts and the first thing wrong with it. */
struct lines_stanza {
	size_t		 line;		/* first line, 0 while empty */
	size_t		 badline;	/* first malformed line, or 0 */
	const char	*why;		/* what was wrong there */
};

/* Empties st for the next stanza. */
void	lines_stanza_reset(struct lines_stanza *st);

/*
 * Marks the stanza malformed at lineno for the reason why (a string
 * that outlives the stanza), unless an earlier line already did.
 */
void	lines_stanza_bad(struct lines_stanza *st, size_t lineno,
	    const char *why);

/*
 * The start every stanza line shares: records lineno as the first line
 * of an empty stanza, then marks the stanza bad ("line too long") when
 * the line is over max bytes. Returns 1 when the line is still to be
 * parsed, 0 when the stanza is (now) malformed and the line ignored.
 */
int	lines_stanza_line(struct lines_stanza *st, size_t lineno, size_t n,
	    size_t max);

/* The line a warning about the stanza names: the bad one, or the first. */
size_t	lines_stanza_where(const struct lines_stanza *st);

/* What lines_stanzas() calls; arg is the caller's. */
struct lines_ops {
	/* A non-blank line s[0..n) and its 1-based number. */
	void	(*line)(void *arg, size_t lineno, const char *s, size_t n);
	/* After the last line of a stanza; never for an empty one. */
	void	(*end)(void *arg);
};

/*
 * Walks data as a stanza database, calling ops->line for every
 * non-blank line and ops->end at the end of every stanza. Once max
 * stanzas have ended, the next non-blank line stops the walk, with a
 * warning through d that names the file name and that line, and no
 * ops->end for the stanza cut short.
 */
void	lines_stanzas(const char *data, size_t len, const char *name,
	    size_t max, const struct lines_ops *ops, void *arg,
	    struct diag *d);

#endif /* LINES_H */
