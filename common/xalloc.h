/*
 * xalloc.h: allocation wrappers.
 *
 * Running out of memory is fatal everywhere: these print
 * "<prog>: out of memory" to stderr and exit 1. This is the one place
 * where common/ prints and exits.
 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

#include "compat.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Returns a newly allocated formatted string; caller frees. */
char	*xasprintf(const char *, ...) ATTR_PRINTF(1, 2);

/* Grows *arr (element size sz) so that it holds at least n elements. */
void	 xgrow(void *arrp, size_t *cap, size_t n, size_t sz);

#define FREE_AND_NULL(p)	do { free(p); (p) = NULL; } while (0)

#endif /* XALLOC_H */
