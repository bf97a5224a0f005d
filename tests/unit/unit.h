/*
 * unit.h: the few checks the unit tests need. Each failed check prints
 * file:line and both values; main() returns the failure count.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_fail, unit_pass;

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

#endif /* UNIT_H */
