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

/* Counts the visible changes of cl by kind. */
void	 render_count(const struct change_list *, unsigned flags,
	    struct summary *);
/* The same for the report's change list. */
void	 render_summary(const struct report *, struct summary *);
/* Whether the change appears in the report at all. */
int	 render_shown(const struct report *, const struct change *);
/* "info" or "warn": the severity before any policy. */
const char *render_severity(const struct change *);
/* "purl", "cpe", "coordinates", "name", or NULL when unmatched. */
const char *render_method(enum match_tier);
/* "same", "different", "pass", "fail", "inconclusive", "trouble". */
const char *render_verdict(const struct report *);
const char *render_verdict_name(enum verdict, int have_policy);
/* The one-character mark of a change in text and Markdown. */
char	 render_mark(const struct change *);
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

/*
 * Text pieces both reports use: "path (tool version, CycloneDX 1.6
 * json)"; "  FAIL" or "  warn" after a change that a rule judged; the
 * closing "verdict: ... exit N" line.
 */
void	 render_text_doc(FILE *, const struct doc *);
void	 render_text_action(FILE *, const struct change *);
void	 render_text_verdict(FILE *, const char *verdict,
	    const char *policy_name, const char *inconclusive, int exit_code);
/*
 * What an added, removed or version change did: "new  added",
 * "old  removed", "old -> new  dir (scheme)". Returns 1, or 0 having
 * written nothing for the other kinds, which render_text_values()
 * writes as "what old -> new", with "  INTEGRITY" for integrity drift.
 */
int	 render_text_version(FILE *, const struct change *, const char *dir);
void	 render_text_values(FILE *, const char *what, const struct change *);
/*
 * The Markdown cells "name | ecosystem | kind | from | to" of a change,
 * without the outer bars. kind NULL means the change's own kind with
 * its direction.
 */
void	 render_md_change(FILE *, const struct change *, const char *kind);

/*
 * JSON pieces of both report schemas (render_json.c): "key":value
 * followed by a comma unless last; one input document with its label;
 * one change record. In a record, comparison (NDJSON) and observation
 * (stages) are left out when NULL, and kind and severity, when NULL,
 * are the change's own.
 */
struct json_record {
	const char	*comparison;
	const char	*id;
	const char	*kind;
	const char	*severity;
	const char	*observation;
};

void	 render_json_kv(FILE *, const char *key, const char *val, int last);
void	 render_json_doc(FILE *, const char *label, const struct doc *);
void	 render_json_change(FILE *, const struct change *,
	    const struct json_record *);
/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
size_t	 render_utf8_len(const unsigned char *s);

#endif /* SBOMDIFF_RENDER_H */
