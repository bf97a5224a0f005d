/*
 * strbuf.h: growable byte buffers.
 *
 * Invariants: buf is NULL until something is added; once it is not NULL
 * it is always NUL-terminated at buf[len], so it can be used as a C
 * string when the content has no NUL bytes. strbuf_str() never returns
 * NULL. Allocation failure is fatal (xalloc.h).
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>

#include "compat.h"

struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT	{ NULL, 0, 0 }

void	 strbuf_init(struct strbuf *);
/* Frees the buffer and leaves sb empty and reusable. */
void	 strbuf_release(struct strbuf *);
/* Empties sb but keeps its memory. */
void	 strbuf_reset(struct strbuf *);
void	 strbuf_add(struct strbuf *, const void *, size_t);
void	 strbuf_addstr(struct strbuf *, const char *);
void	 strbuf_addch(struct strbuf *, int);
void	 strbuf_addf(struct strbuf *, const char *, ...) ATTR_PRINTF(2, 3);
/* Returns the content, or "" when empty; borrowed. */
const char *strbuf_str(const struct strbuf *);
/* Hands the buffer to the caller (never NULL) and empties sb. */
char	*strbuf_detach(struct strbuf *, size_t *);

#endif /* STRBUF_H */
