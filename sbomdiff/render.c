#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "sbomdiff.h"
#include "xalloc.h"

int
render_shown(const struct report *r, const struct change *c)
{
	return change_visible(c, r->flags);
}

void
render_summary(const struct report *r, struct summary *s)
{
	const struct change *c;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < r->cl->n; i++) {
		c = &r->cl->v[i];
		if (!render_shown(r, c))
			continue;
		if (c->suppressed) {
			s->suppressed++;
			continue;
		}
		s->kinds[c->kind]++;
		s->shown++;
		if (c->direction == DIR_DOWNGRADE)
			s->downgrades++;
		if (c->integrity)
			s->integrity++;
	}
}

const char *
render_severity(const struct change *c)
{
	if (c->action == ACTION_FAIL)
		return "fail";
	if (c->action == ACTION_WARN || c->direction == DIR_DOWNGRADE ||
	    c->kind == CHANGE_HASH || c->kind == CHANGE_SUPPLIER)
		return "warn";
	return "info";
}

const char *
render_method(enum match_tier t)
{
	switch (t) {
	case TIER_PURL:
		return "purl";
	case TIER_CPE:
		return "cpe";
	case TIER_COORD:
		return "coordinates";
	case TIER_NAME:
		return "name";
	case TIER_NONE:
		break;
	}
	return NULL;
}

const char *
render_verdict(const struct report *r)
{
	switch (r->verdict) {
	case VERDICT_SAME:
		return r->cl->have_policy ? "pass" : "same";
	case VERDICT_DIFFERENT:
		return r->cl->have_policy ? "fail" : "different";
	case VERDICT_INCONCLUSIVE:
		return "inconclusive";
	case VERDICT_TROUBLE:
		break;
	}
	return "trouble";
}

char *
render_docdesc(const struct doc *d)
{
	return xasprintf("%s%s %s",
	    d->format == DOC_SPDX ? "" : "CycloneDX ",
	    d->spec_version != NULL ? d->spec_version : "?",
	    d->encoding == DOC_XML ? "xml" : "json");
}

size_t
render_utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* A C1 control (U+0080..U+009F) written as UTF-8. */
static int
is_c1(const unsigned char *s)
{
	return s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f;
}

void
render_safe(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL) {
		fputc('-', fp);
		return;
	}
	while (*p != '\0') {
		n = render_utf8_len(p);
		if (n == 0 || *p < 0x20 || *p == 0x7f || is_c1(p)) {
			fprintf(fp, "\\x%02x", *p++);
			continue;
		}
		if (*p == '\\')
			fputc('\\', fp);
		fwrite(p, 1, n, fp);
		p += n;
	}
}

void
render_md(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL)
		return;
	while (*p != '\0') {
		n = render_utf8_len(p);
		if (n == 0 || *p < 0x20 || *p == 0x7f || is_c1(p)) {
			fprintf(fp, "\\x%02x", *p++);
			continue;
		}
		if (strchr("\\`*_[]<>|#!~&", *p) != NULL)
			fputc('\\', fp);
		fwrite(p, 1, n, fp);
		p += n;
	}
}

void
render_json_str(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (*p != '\0') {
		n = render_utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", fp);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(fp, "\\%c", *p++);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(fp, "\\u%04x", *p++);
		} else {
			fwrite(p, 1, n, fp);
			p += n;
		}
	}
	fputc('"', fp);
}

int
report_write(const struct report *r, enum report_format fmt, FILE *fp,
    struct diag *d)
{
	int rc = 0;

	switch (fmt) {
	case REPORT_TEXT:
		rc = render_text(r, fp, d);
		break;
	case REPORT_MARKDOWN:
		rc = render_markdown(r, fp, d);
		break;
	case REPORT_JSON:
		rc = render_json(r, fp, d);
		break;
	case REPORT_NDJSON:
		rc = render_ndjson(r, fp, d);
		break;
	}
	if (rc == 0 && (fflush(fp) != 0 || ferror(fp)))
		rc = diag_error(d, "cannot write the report");
	return rc;
}
