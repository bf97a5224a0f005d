#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * SPDX licence expressions (SPDX 2.3 annex D), parsed into a tree and
 * written back in one canonical form: operators upper-case, the operands
 * of a run of AND (or of OR) flattened, sorted and made unique, and
 * parentheses only where precedence needs them (WITH binds tighter than
 * AND, AND tighter than OR). So "MIT OR (Apache-2.0)" and
 * "Apache-2.0 OR MIT" are one expression.
 */

#define LIC_MAXDEPTH	64

enum lic_op { LIC_ATOM, LIC_WITH, LIC_AND, LIC_OR };

struct lic {
	enum lic_op	  op;
	char		 *atom;		/* LIC_ATOM; rendered text otherwise */
	struct lic	**kids;
	size_t		  nkids, cap;
};

struct lexer {
	const char	*p;
	char		*tok;		/* current token, or NULL at end */
	int		 bad;
	int		 depth;
};

static void
lic_free(struct lic *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nkids; i++)
		lic_free(l->kids[i]);
	free(l->kids);
	free(l->atom);
	free(l);
}

static void
lex_next(struct lexer *lx)
{
	const char *s;

	FREE_AND_NULL(lx->tok);
	while (isspace((unsigned char)*lx->p))
		lx->p++;
	if (*lx->p == '\0')
		return;
	s = lx->p;
	if (*s == '(' || *s == ')') {
		lx->p++;
	} else if (*s == '"') {
		for (lx->p++; *lx->p != '\0' && *lx->p != '"'; lx->p++)
			;
		if (*lx->p == '"')
			lx->p++;
	} else {
		while (*lx->p != '\0' && *lx->p != '(' && *lx->p != ')' &&
		    !isspace((unsigned char)*lx->p))
			lx->p++;
	}
	lx->tok = xstrndup(s, (size_t)(lx->p - s));
}

static int
lex_is(const struct lexer *lx, const char *word)
{
	return lx->tok != NULL && strcasecmp(lx->tok, word) == 0;
}

static struct lic *
lic_new(enum lic_op op)
{
	struct lic *l = xcalloc(1, sizeof(*l));

	l->op = op;
	return l;
}

static void
lic_add(struct lic *parent, struct lic *kid)
{
	xgrow(&parent->kids, &parent->cap, parent->nkids + 1,
	    sizeof(*parent->kids));
	parent->kids[parent->nkids++] = kid;
}

static struct lic *parse_or(struct lexer *);

static struct lic *
parse_primary(struct lexer *lx)
{
	struct lic *l;

	if (lx->tok == NULL || strcmp(lx->tok, ")") == 0 ||
	    lex_is(lx, "AND") || lex_is(lx, "OR") || lex_is(lx, "WITH")) {
		lx->bad = 1;
		return NULL;
	}
	if (strcmp(lx->tok, "(") == 0) {
		if (++lx->depth > LIC_MAXDEPTH) {
			lx->bad = 1;
			return NULL;
		}
		lex_next(lx);
		l = parse_or(lx);
		lx->depth--;
		if (l == NULL || lx->tok == NULL || strcmp(lx->tok, ")") != 0) {
			lx->bad = 1;
			return l;
		}
		lex_next(lx);
		return l;
	}
	l = lic_new(LIC_ATOM);
	l->atom = lx->tok;
	lx->tok = NULL;
	lex_next(lx);
	return l;
}

static struct lic *
parse_with(struct lexer *lx)
{
	struct lic *l, *w;

	l = parse_primary(lx);
	if (l == NULL || !lex_is(lx, "WITH"))
		return l;
	lex_next(lx);
	w = lic_new(LIC_WITH);
	lic_add(w, l);
	if ((l = parse_primary(lx)) != NULL)
		lic_add(w, l);
	return w;
}

static struct lic *
parse_binary(struct lexer *lx, enum lic_op op)
{
	struct lic *l, *kid, *group = NULL;
	const char *word = op == LIC_AND ? "AND" : "OR";

	l = op == LIC_AND ? parse_with(lx) : parse_binary(lx, LIC_AND);
	while (l != NULL && !lx->bad && lex_is(lx, word)) {
		lex_next(lx);
		if (group == NULL) {
			group = lic_new(op);
			lic_add(group, l);
		}
		kid = op == LIC_AND ? parse_with(lx) :
		    parse_binary(lx, LIC_AND);
		if (kid == NULL)
			break;
		lic_add(group, kid);
	}
	return group != NULL ? group : l;
}

static struct lic *
parse_or(struct lexer *lx)
{
	return parse_binary(lx, LIC_OR);
}

static int
kid_cmp(const void *a, const void *b)
{
	return strcmp((*(struct lic *const *)a)->atom,
	    (*(struct lic *const *)b)->atom);
}

/* Flattens, sorts and renders l bottom-up; l->atom holds the text. */
static void
lic_render(struct lic *l)
{
	struct strbuf sb = STRBUF_INIT;
	struct lic *k;
	size_t i, n;

	if (l->op == LIC_ATOM)
		return;
	for (i = 0; i < l->nkids; i++)
		lic_render(l->kids[i]);
	if (l->op == LIC_WITH) {
		for (i = 0; i < l->nkids; i++)
			strbuf_addf(&sb, "%s%s", i ? " WITH " : "",
			    l->kids[i]->atom);
		l->atom = strbuf_detach(&sb, NULL);
		return;
	}
	qsort(l->kids, l->nkids, sizeof(*l->kids), kid_cmp);
	for (i = n = 0; i < l->nkids; i++) {
		k = l->kids[i];
		if (n > 0 && strcmp(l->kids[n - 1]->atom, k->atom) == 0) {
			lic_free(k);
			continue;
		}
		l->kids[n++] = k;
	}
	l->nkids = n;
	for (i = 0; i < n; i++) {
		k = l->kids[i];
		if (l->op == LIC_AND && k->op == LIC_OR && n > 1)
			strbuf_addf(&sb, "%s(%s)", i ? " AND " : "", k->atom);
		else
			strbuf_addf(&sb, "%s%s", i ? (l->op == LIC_AND ?
			    " AND " : " OR ") : "", k->atom);
	}
	l->atom = strbuf_detach(&sb, NULL);
}

/* Merges kids of the same operator into their parent (A AND (B AND C)). */
static void
lic_flatten(struct lic *l)
{
	struct lic **old;
	size_t i, j, n;

	for (i = 0; i < l->nkids; i++)
		lic_flatten(l->kids[i]);
	if (l->op != LIC_AND && l->op != LIC_OR)
		return;
	old = l->kids;
	n = l->nkids;
	l->kids = NULL;
	l->nkids = l->cap = 0;
	for (i = 0; i < n; i++) {
		if (old[i]->op != l->op) {
			lic_add(l, old[i]);
			continue;
		}
		for (j = 0; j < old[i]->nkids; j++)
			lic_add(l, old[i]->kids[j]);
		old[i]->nkids = 0;
		lic_free(old[i]);
	}
	free(old);
}

char *
norm_license(const char *s)
{
	struct lexer lx = { s, NULL, 0, 0 };
	struct lic *l;
	char *out;

	lex_next(&lx);
	if (lx.tok == NULL || lex_is(&lx, "NOASSERTION") ||
	    lex_is(&lx, "NONE")) {
		free(lx.tok);
		return NULL;
	}
	l = parse_or(&lx);
	if (l == NULL || lx.bad || lx.tok != NULL) {
		/* Not an expression: compare the text as it is. */
		free(lx.tok);
		lic_free(l);
		return xstrdup(s);
	}
	lic_flatten(l);
	lic_render(l);
	out = l->atom;
	l->atom = NULL;
	lic_free(l);
	return out;
}
