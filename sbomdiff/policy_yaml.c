/*
 * policy_yaml.c: reads a policy file into a tree of struct ynode with
 * libyaml's event API. Nesting, node count and scalar size are capped
 * while reading, and aliases are refused before anything could expand
 * them, so a hostile file costs at most POLICY_MAX_NODES small nodes.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "diag.h"
#include "policy.h"
#include "xalloc.h"

struct yreader {
	yaml_parser_t		 parser;
	const struct ysrc	*src;
	size_t			 nodes;
};

int
py_err(const struct ysrc *src, unsigned line, unsigned col,
    const char *fmt, ...)
{
	char msg[DIAG_MSGMAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_error(src->d, "%s:%u:%u: %s", src->label, line, col,
	    msg);
}

/* An error at the start of event ev. */
#define yerr(r, ev, ...)	py_err((r)->src,			\
	(unsigned)(ev)->start_mark.line + 1,				\
	(unsigned)(ev)->start_mark.column + 1, __VA_ARGS__)

static int
ysyntax(struct yreader *r)
{
	const yaml_parser_t *p = &r->parser;
	const yaml_mark_t *m = &p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR) {
		fputs("sbomdiff: out of memory\n", stderr);
		exit(1);
	}
	return py_err(r->src, (unsigned)m->line + 1, (unsigned)m->column + 1,
	    "malformed YAML: %s%s%s", p->problem ? p->problem : "error",
	    p->context ? " " : "", p->context ? p->context : "");
}

void
py_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		py_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

static struct ynode *
ynode_new(struct yreader *r, enum ynode_type t, const yaml_event_t *ev)
{
	struct ynode *n;

	if (++r->nodes > POLICY_MAX_NODES) {
		yerr(r, ev, "policy has more than %d YAML nodes",
		    POLICY_MAX_NODES);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->type = t;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	return n;
}

static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	xgrow(&parent->kids, &parent->cap, parent->n + 1,
	    sizeof(*parent->kids));
	parent->kids[parent->n++] = kid;
}

static struct ynode *
yscalar(struct yreader *r, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct ynode *n;

	if (len > POLICY_MAX_SCALAR) {
		yerr(r, ev, "scalar longer than %d bytes", POLICY_MAX_SCALAR);
		return NULL;
	}
	if (memchr(s, '\0', len) != NULL) {
		yerr(r, ev, "NUL byte in scalar");
		return NULL;
	}
	if ((n = ynode_new(r, YN_SCALAR, ev)) == NULL)
		return NULL;
	n->str = xstrndup(s, len);
	if (ev->data.scalar.plain_implicit && (len == 0 ||
	    strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	    strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0))
		n->null = 1;
	return n;
}

static struct ynode *yparse(struct yreader *, yaml_event_t *, int);

/* Reads the items of a collection up to its end event. */
static struct ynode *
ycollection(struct yreader *r, yaml_event_t *start, int depth)
{
	enum ynode_type t = start->type == YAML_SEQUENCE_START_EVENT ?
	    YN_SEQ : YN_MAP;
	yaml_event_type_t end = t == YN_SEQ ? YAML_SEQUENCE_END_EVENT :
	    YAML_MAPPING_END_EVENT;
	struct ynode *n, *kid;
	yaml_event_t ev;

	if (depth >= POLICY_MAX_DEPTH) {
		yerr(r, start, "policy nested deeper than %d levels",
		    POLICY_MAX_DEPTH);
		return NULL;
	}
	if ((n = ynode_new(r, t, start)) == NULL)
		return NULL;
	for (;;) {
		if (!yaml_parser_parse(&r->parser, &ev)) {
			ysyntax(r);
			goto fail;
		}
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return n;
		}
		if (t == YN_MAP && n->n % 2 == 0 &&
		    ev.type != YAML_SCALAR_EVENT &&
		    ev.type != YAML_ALIAS_EVENT) {
			yerr(r, &ev, "mapping key is not a string");
			yaml_event_delete(&ev);
			goto fail;
		}
		kid = yparse(r, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (kid == NULL)
			goto fail;
		ynode_add(n, kid);
	}
fail:
	py_free(n);
	return NULL;
}

/* Builds the node that starts with ev (which the caller deletes). */
static struct ynode *
yparse(struct yreader *r, yaml_event_t *ev, int depth)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return yscalar(r, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return ycollection(r, ev, depth);
	case YAML_ALIAS_EVENT:
		yerr(r, ev, "YAML aliases are not allowed in a policy");
		return NULL;
	default:
		yerr(r, ev, "unexpected YAML event");
		return NULL;
	}
}

/* Expects ev to be of type t; returns 0, or -1 with the error set. */
static int
yexpect(struct yreader *r, yaml_event_t *ev, yaml_event_type_t t,
    const char *what)
{
	if (!yaml_parser_parse(&r->parser, ev))
		return ysyntax(r);
	if (ev->type == t)
		return 0;
	yerr(r, ev, "%s", what);
	yaml_event_delete(ev);
	return -1;
}

/* Reads the single document of the stream into a tree. */
static struct ynode *
yload(struct yreader *r)
{
	struct ynode *root = NULL;
	yaml_event_t ev;

	if (yexpect(r, &ev, YAML_STREAM_START_EVENT, "no YAML stream") == -1)
		return NULL;
	yaml_event_delete(&ev);
	if (!yaml_parser_parse(&r->parser, &ev)) {
		ysyntax(r);
		return NULL;
	}
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		py_err(r->src, 1, 1, "policy is empty");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);
	if (!yaml_parser_parse(&r->parser, &ev)) {
		ysyntax(r);
		return NULL;
	}
	root = yparse(r, &ev, 0);
	yaml_event_delete(&ev);
	if (root == NULL)
		return NULL;
	if (yexpect(r, &ev, YAML_DOCUMENT_END_EVENT, "junk after the policy")
	    == -1)
		goto fail;
	yaml_event_delete(&ev);
	if (yexpect(r, &ev, YAML_STREAM_END_EVENT,
	    "policy has more than one YAML document") == -1)
		goto fail;
	yaml_event_delete(&ev);
	return root;
fail:
	py_free(root);
	return NULL;
}

struct ynode *
py_load(const struct ysrc *src, const char *buf, size_t len)
{
	struct yreader r;
	struct ynode *root;

	memset(&r, 0, sizeof(r));
	r.src = src;
	if (!yaml_parser_initialize(&r.parser)) {
		fputs("sbomdiff: out of memory\n", stderr);
		exit(1);
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)buf,
	    len);
	root = yload(&r);
	yaml_parser_delete(&r.parser);
	return root;
}
