/*
 * diag.h: how common/ reports problems without printing.
 *
 * A struct diag travels with every call that can fail. diag_error()
 * records the first error message (later ones are dropped, so the root
 * cause is what the user sees) and returns -1, so a failing function
 * can say "return diag_error(d, ...);". diag_warn() hands a warning to
 * the caller's callback at once (or counts it when there is none).
 * Messages follow the house style: lowercase, no full stop, problem
 * first, subject quoted: "cannot read layer 'sha256:ab12...'".
 */
#ifndef DIAG_H
#define DIAG_H

#include "compat.h"

#define DIAG_MSGMAX	1024

struct diag {
	char	  msg[DIAG_MSGMAX];	/* first error, "" if none */
	int	  failed;
	unsigned  nwarn;
	/* Optional: called for every warning with the formatted text. */
	void	(*warn_fn)(void *, const char *);
	void	 *warn_arg;
};

void	diag_init(struct diag *);
/* Records the first error; always returns -1. */
int	diag_error(struct diag *, const char *, ...) ATTR_PRINTF(2, 3);
void	diag_warn(struct diag *, const char *, ...) ATTR_PRINTF(2, 3);
/* Empties the error so that the same diag can be reused. */
void	diag_clear(struct diag *);

#endif /* DIAG_H */
