/*
 * render.h: helpers shared by the renderers (render*.c). Private to
 * sbomdiff/.
 */
#ifndef SBOMDIFF_RENDER_H
#define SBOMDIFF_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "sbomdiff.h"

struct summary {
	size_t	kinds[CHANGE_NKINDS];
	size_t	downgrades;
	size_t	integrity;
	size_t	suppressed;
	size_t	shown;		/* visible, unsuppressed changes */
};

/* Counts the visible changes of r by kind. */
void	 render_summary(const struct report *, struct summary *);
/* Whether the change appears in the report at all. */
int	 render_shown(const struct report *, const struct change *);
/* "info" or "warn": the severity before any policy. */
const char *render_severity(const struct change *);
/* "purl", "cpe", "coordinates", "name", or NULL when unmatched. */
const char *render_method(enum match_tier);
/* "same", "different", "pass", "fail", "inconclusive", "trouble". */
const char *render_verdict(const struct report *);
/* "CycloneDX 1.6 json" style description; caller frees. */
char	*render_docdesc(const struct doc *);
/*
 * Writes s with control characters and invalid UTF-8 shown as \xNN,
 * so names from the input cannot drive the terminal. NULL prints "-".
 */
void	 render_safe(FILE *, const char *s);
/* Same for Markdown: also escapes the characters Markdown acts on. */
void	 render_md(FILE *, const char *s);
/* Writes s as a JSON string literal, or null. */
void	 render_json_str(FILE *, const char *s);
/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
size_t	 render_utf8_len(const unsigned char *s);

#endif /* SBOMDIFF_RENDER_H */
