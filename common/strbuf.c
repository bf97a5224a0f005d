#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

static void
grow(struct strbuf *sb, size_t extra)
{
	if (extra > (size_t)-1 - sb->len - 1)
		extra = (size_t)-1;	/* xgrow reports out of memory */
	xgrow(&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	grow(sb, n);
	if (n > 0)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	strbuf_add(sb, &ch, 1);
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *
strbuf_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

char *
strbuf_detach(struct strbuf *sb, size_t *lenp)
{
	char *p;

	if (sb->buf == NULL)
		strbuf_add(sb, "", 0);
	p = sb->buf;
	if (lenp != NULL)
		*lenp = sb->len;
	strbuf_init(sb);
	return p;
}
