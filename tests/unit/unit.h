/*
 * unit.h: the few checks and helpers the unit tests need. Each failed
 * check prints file:line and both values; main() returns the failure
 * count. Every unit test is a program of its own, so the helpers
 * are static inline here rather than in a library of their own.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

static int unit_fail, unit_pass;
static int unit_skip;		/* fixture files that could not be read */

#define CHECK(c) do {							\
	if (c) { unit_pass++; break; }					\
	unit_fail++;							\
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,		\
	    __LINE__, #c);						\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ != NULL && b_ != NULL && strcmp(a_, b_) == 0) {		\
		unit_pass++;						\
		break;							\
	}								\
	if (a_ == NULL && b_ == NULL) { unit_pass++; break; }		\
	unit_fail++;							\
	fprintf(stderr, "%s:%d: '%s' != '%s' (%s)\n", __FILE__,	\
	    __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)", #a);	\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ == b_) { unit_pass++; break; }				\
	unit_fail++;							\
	fprintf(stderr, "%s:%d: %lld != %lld (%s)\n", __FILE__,	\
	    __LINE__, a_, b_, #a);					\
} while (0)

/* Prints the plain closing line and returns the exit status. */
#define UNIT_DONE(name) (printf("%s: %d passed, %d failed\n", name,	\
	unit_pass, unit_fail), unit_fail != 0)

/* Reads a whole file; NULL when it cannot be read. len may be NULL. */
static inline char *
unit_slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

/*
 * The path of $SHARED/fixtures/dir/rel ("../shared" when $SHARED is
 * unset or empty); the caller frees it.
 */
static inline char *
unit_fixture_path(const char *dir, const char *rel)
{
	const char *root = getenv("SHARED");

	if (root == NULL || *root == '\0')
		root = "../shared";
	return xasprintf("%s/fixtures/%s/%s", root, dir, rel);
}

/*
 * Reads the fixture file unit_fixture_path(dir, rel). When it cannot,
 * prints a "skip:" line, counts it in unit_skip and returns NULL.
 */
static inline char *
unit_fixture(const char *dir, const char *rel, size_t *len)
{
	char *path, *data;

	path = unit_fixture_path(dir, rel);
	data = unit_slurp(path, len);
	if (data == NULL) {
		printf("skip: %s not readable\n", path);
		unit_skip++;
	}
	free(path);
	return data;
}

/* Says how many fixture files name skipped, if any. */
static inline void
unit_skipped(const char *name)
{
	if (unit_skip > 0)
		printf("%s: %d fixture files skipped\n", name, unit_skip);
}

/*
 * A diag warning callback (warn_fn) that appends each warning and a
 * newline to the struct strbuf its argument points to.
 */
static inline void
unit_warn_collect(void *arg, const char *msg)
{
	struct strbuf *sb = arg;

	strbuf_addstr(sb, msg);
	strbuf_addch(sb, '\n');
}

#endif /* UNIT_H */
