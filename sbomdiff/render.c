#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "sbomdiff.h"
#include "vercmp.h"
#include "xalloc.h"

int
render_shown(const struct report *r, const struct change *c)
{
	return change_visible(c, r->flags);
}

void
render_count(const struct change_list *cl, unsigned flags,
    struct summary *s)
{
	const struct change *c;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < cl->n; i++) {
		c = &cl->v[i];
		if (!change_visible(c, flags))
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

void
render_summary(const struct report *r, struct summary *s)
{
	render_count(r->cl, r->flags, s);
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
render_verdict_name(enum verdict v, int have_policy)
{
	switch (v) {
	case VERDICT_SAME:
		return have_policy ? "pass" : "same";
	case VERDICT_DIFFERENT:
		return have_policy ? "fail" : "different";
	case VERDICT_INCONCLUSIVE:
		return "inconclusive";
	case VERDICT_TROUBLE:
		break;
	}
	return "trouble";
}

const char *
render_verdict(const struct report *r)
{
	return render_verdict_name(r->verdict, r->cl->have_policy);
}

char
render_mark(const struct change *c)
{
	static const char marks[CHANGE_NKINDS] = {
		[CHANGE_ADDED] = '+', [CHANGE_REMOVED] = '-',
		[CHANGE_VERSION] = '~', [CHANGE_RESPELLED] = '=',
		[CHANGE_INSTANCES] = 'n', [CHANGE_HASH] = '#',
		[CHANGE_LICENSE] = 'L', [CHANGE_SUPPLIER] = 'S',
		[CHANGE_PURL] = 'P', [CHANGE_TYPE] = 'T',
		[CHANGE_SCOPE] = 's', [CHANGE_EDGE_ADDED] = '>',
		[CHANGE_EDGE_REMOVED] = '<'
	};

	return c->direction == DIR_DOWNGRADE ? '!' : marks[c->kind];
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

/*
 * Writes s with control characters and invalid UTF-8 as \xNN and a
 * backslash before each byte of special.
 */
static void
write_escaped(FILE *fp, const char *s, const char *special)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		n = render_utf8_len(p);
		if (n == 0 || *p < 0x20 || *p == 0x7f || is_c1(p)) {
			fprintf(fp, "\\x%02x", *p++);
			continue;
		}
		if (strchr(special, *p) != NULL)
			fputc('\\', fp);
		fwrite(p, 1, n, fp);
		p += n;
	}
}

void
render_safe(FILE *fp, const char *s)
{
	if (s == NULL)
		fputc('-', fp);
	else
		write_escaped(fp, s, "\\");
}

void
render_md(FILE *fp, const char *s)
{
	if (s != NULL)
		write_escaped(fp, s, "\\`*_[]<>|#!~&");
}

void
render_text_doc(FILE *fp, const struct doc *d)
{
	char *desc = render_docdesc(d);

	render_safe(fp, d->path);
	fputs(" (", fp);
	render_safe(fp, d->tool_name);
	fputc(' ', fp);
	render_safe(fp, d->tool_version);
	fprintf(fp, ", %s)", desc);
	free(desc);
}

void
render_text_action(FILE *fp, const struct change *c)
{
	if (c->action == ACTION_FAIL)
		fputs("  FAIL", fp);
	else if (c->action == ACTION_WARN)
		fputs("  warn", fp);
}

void
render_text_verdict(FILE *fp, const char *verdict, const char *policy_name,
    const char *inconclusive, int exit_code)
{
	fprintf(fp, "verdict: %s", verdict);
	if (policy_name != NULL) {
		fputs(" (policy ", fp);
		render_safe(fp, policy_name);
		fputc(')', fp);
	}
	if (inconclusive != NULL)
		fprintf(fp, ": %s", inconclusive);
	fprintf(fp, "  exit %d\n", exit_code);
}

int
render_text_version(FILE *fp, const struct change *c, const char *dir)
{
	switch (c->kind) {
	case CHANGE_ADDED:
		render_safe(fp, c->new_version);
		fputs("  added", fp);
		return 1;
	case CHANGE_REMOVED:
		render_safe(fp, c->old_version);
		fputs("  removed", fp);
		return 1;
	case CHANGE_VERSION:
	case CHANGE_RESPELLED:
		render_safe(fp, c->old_version);
		fputs(" -> ", fp);
		render_safe(fp, c->new_version);
		fprintf(fp, "  %s (%s)", dir, vercmp_scheme_name(c->scheme));
		return 1;
	default:
		return 0;
	}
}

void
render_text_values(FILE *fp, const char *what, const struct change *c)
{
	fprintf(fp, "%s ", what);
	render_safe(fp, c->old_value);
	fputs(" -> ", fp);
	render_safe(fp, c->new_value);
	if (c->integrity)
		fputs("  INTEGRITY", fp);
}

void
render_md_change(FILE *fp, const struct change *c, const char *kind)
{
	render_md(fp, c->name);
	fputs(" | ", fp);
	render_md(fp, c->ecosystem);
	fprintf(fp, " | %s", kind != NULL ? kind : change_kind_name(c->kind));
	if (kind == NULL && c->direction != DIR_NONE)
		fprintf(fp, " (%s)", change_dir_name(c->direction));
	if (c->integrity)
		fputs(" **integrity**", fp);
	fputs(" | ", fp);
	render_md(fp, c->old_value != NULL ? c->old_value : c->old_version);
	fputs(" | ", fp);
	render_md(fp, c->new_value != NULL ? c->new_value : c->new_version);
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
