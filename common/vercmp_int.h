/*
 * vercmp_int.h: the per-scheme comparators behind vercmp(), private to
 * common/vercmp*.c. Each takes two NUL-terminated strings (never NULL)
 * and returns VERCMP_LT, VERCMP_EQ, VERCMP_GT, or VERCMP_INCOMPARABLE
 * when either string is not a valid version of that scheme. None of
 * them allocates except vercmp_maven(), which frees what it takes.
 */
#ifndef VERCMP_INT_H
#define VERCMP_INT_H

#include <stddef.h>

#include "vercmp.h"

enum vercmp_result vercmp_dpkg(const char *, const char *);
enum vercmp_result vercmp_rpm(const char *, const char *);
enum vercmp_result vercmp_apk(const char *, const char *);
enum vercmp_result vercmp_pep440(const char *, const char *);
enum vercmp_result vercmp_semver(const char *, const char *);
enum vercmp_result vercmp_maven(const char *, const char *);

/*
 * Compares two runs of ASCII digits as unbounded non-negative integers
 * (leading zeros ignored, so no overflow). Either run may be empty,
 * which counts as zero. Returns -1, 0 or 1.
 */
int	vercmp_digits(const char *a, size_t alen, const char *b, size_t blen);

/* Returns -1, 0 or 1 for the sign of x. */
int	vercmp_sign(int x);

/*
 * ASCII classes, the same in every locale (the schemes define their
 * versions in bytes, not in the C library's notion of a letter).
 */
static inline int
vercmp_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
vercmp_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Space, tab, newline, carriage return, form feed, vertical tab. */
static inline int
vercmp_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

#endif /* VERCMP_INT_H */
