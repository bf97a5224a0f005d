/*
 * compat.h: feature macros and small helpers every file needs.
 * Include it first in every .c file.
 */
#ifndef COMPAT_H
#define COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ATTR_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#define ATTR_NORETURN		__attribute__((noreturn))
#else
#define ATTR_PRINTF(f, a)
#define ATTR_NORETURN
#endif

#endif /* COMPAT_H */
