#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
diag_clear(struct diag *d)
{
	d->msg[0] = '\0';
	d->failed = 0;
}

int
diag_error(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL || d->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	d->failed = 1;
	return -1;
}

void
diag_warn(struct diag *d, const char *fmt, ...)
{
	char buf[DIAG_MSGMAX];
	va_list ap;

	if (d == NULL)
		return;
	d->nwarn++;
	if (d->warn_fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	d->warn_fn(d->warn_arg, buf);
}
