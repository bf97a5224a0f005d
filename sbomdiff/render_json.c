#include "compat.h"

#include <string.h>

#include "render.h"
#include "sbomdiff.h"
#include "vercmp.h"

/*
 * The JSON report (schemas/sbomdiff-report.schema.json). Every change
 * record is self-contained and has every field, null when it does not
 * apply, so that jq filters need no has(). The records and the input
 * objects are shared with the stages report (stages_render.c).
 */

#define SCHEMA_ID	"sbomdiff.report/1"

void
render_json_kv(FILE *fp, const char *key, const char *val, int last)
{
	fprintf(fp, "\"%s\":", key);
	render_json_str(fp, val);
	if (!last)
		fputc(',', fp);
}

static void
side(FILE *fp, const char *version, const char *purl, const char *value)
{
	fputc('{', fp);
	render_json_kv(fp, "version", version, 0);
	render_json_kv(fp, "purl", purl, 0);
	render_json_kv(fp, "value", value, 1);
	fputc('}', fp);
}

static void
waiver(FILE *fp, const struct change *c)
{
	if (c->waiver_rule == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('{', fp);
	render_json_kv(fp, "rule", c->waiver_rule, 0);
	render_json_kv(fp, "reason", c->waiver_reason, 0);
	render_json_kv(fp, "expires", c->waiver_expires, 0);
	render_json_kv(fp, "ticket", c->waiver_ticket, 0);
	fprintf(fp, "\"expired\":%s}", c->waiver_expired ? "true" : "false");
}

static void
policy(FILE *fp, const struct change *c)
{
	size_t i;

	fputs("{\"action\":", fp);
	render_json_str(fp, change_action_name(c->action));
	fputs(",\"rules\":[", fp);
	for (i = 0; i < c->nrules; i++) {
		if (i > 0)
			fputc(',', fp);
		render_json_str(fp, c->rules[i]);
	}
	fputs("]}", fp);
}

void
render_json_change(FILE *fp, const struct change *c,
    const struct json_record *rec)
{
	fputc('{', fp);
	if (rec->comparison != NULL)
		render_json_kv(fp, "comparison", rec->comparison, 0);
	render_json_kv(fp, "id", rec->id, 0);
	render_json_kv(fp, "kind", rec->kind != NULL ? rec->kind :
	    change_kind_name(c->kind), 0);
	render_json_kv(fp, "key", c->key, 0);
	render_json_kv(fp, "ecosystem", c->ecosystem, 0);
	render_json_kv(fp, "name", c->name, 0);
	fprintf(fp, "\"instance\":%u,\"from\":", c->instance);
	side(fp, c->old_version, c->old_purl, c->old_value);
	fputs(",\"to\":", fp);
	side(fp, c->new_version, c->new_purl, c->new_value);
	fputs(",\"version\":", fp);
	if (c->kind == CHANGE_VERSION || c->kind == CHANGE_RESPELLED) {
		fputc('{', fp);
		render_json_kv(fp, "scheme", vercmp_scheme_name(c->scheme), 0);
		render_json_kv(fp, "direction", change_dir_name(c->direction),
		    1);
		fputc('}', fp);
	} else
		fputs("null", fp);
	fprintf(fp, ",\"integrity\":%s,\"match\":{\"method\":",
	    c->integrity ? "true" : "false");
	render_json_str(fp, render_method(c->tier));
	if (c->tier == TIER_NONE)
		fputs(",\"tier\":null,", fp);
	else
		fprintf(fp, ",\"tier\":%d,", (int)c->tier);
	fprintf(fp, "\"weak\":%s},", c->weak ? "true" : "false");
	render_json_kv(fp, "severity", rec->severity != NULL ?
	    rec->severity : render_severity(c), 0);
	if (rec->observation != NULL)
		render_json_kv(fp, "observation", rec->observation, 0);
	fprintf(fp, "\"suppressed\":%s,\"waiver\":",
	    c->suppressed ? "true" : "false");
	waiver(fp, c);
	fputs(",\"policy\":", fp);
	policy(fp, c);
	fputc('}', fp);
}

/* A pair report's change record; NDJSON names the comparison. */
static void
change_record(FILE *fp, const struct change *c, const char *comparison)
{
	struct json_record rec = { NULL, NULL, NULL, NULL, NULL };
	char id[32];

	snprintf(id, sizeof(id), "old>new#%04u", c->seq);
	rec.comparison = comparison;
	rec.id = id;
	render_json_change(fp, c, &rec);
}

void
render_json_doc(FILE *fp, const char *label, const struct doc *d)
{
	static const char *const compl[] = {
		"unknown", "complete", "incomplete"
	};

	fputc('{', fp);
	render_json_kv(fp, "label", label, 0);
	render_json_kv(fp, "path", d->path, 0);
	render_json_kv(fp, "sha256", d->sha256, 0);
	render_json_kv(fp, "format", d->format == DOC_SPDX ? "spdx" :
	    "cyclonedx", 0);
	render_json_kv(fp, "spec_version", d->spec_version, 0);
	render_json_kv(fp, "encoding", d->encoding == DOC_XML ? "xml" :
	    "json", 0);
	render_json_kv(fp, "lifecycle", d->lifecycle, 0);
	fprintf(fp, "\"components\":%zu,", d->ncomps);
	render_json_kv(fp, "completeness", compl[d->completeness], 0);
	fputs("\"subject\":{", fp);
	render_json_kv(fp, "name", d->subject_name, 0);
	render_json_kv(fp, "version", d->subject_version, 0);
	render_json_kv(fp, "purl", d->subject_purl, 0);
	render_json_kv(fp, "digest", d->subject_digest, 1);
	fputs("},\"generators\":[", fp);
	if (d->tool_name != NULL) {
		fputc('{', fp);
		render_json_kv(fp, "name", d->tool_name, 0);
		render_json_kv(fp, "version", d->tool_version, 1);
		fputc('}', fp);
	}
	fputs("]}", fp);
}

static void
summary(FILE *fp, const struct report *r)
{
	struct summary s;
	int k;

	render_summary(r, &s);
	fputc('{', fp);
	for (k = 0; k < CHANGE_NKINDS; k++)
		fprintf(fp, "\"%s\":%zu,", change_kind_name(k), s.kinds[k]);
	fprintf(fp, "\"downgrades\":%zu,\"integrity\":%zu,"
	    "\"matched\":%zu,\"unchanged\":%zu,\"suppressed\":%zu}",
	    s.downgrades, s.integrity, r->cl->matched, r->cl->unchanged,
	    s.suppressed);
}

int
render_json(const struct report *r, FILE *fp, struct diag *d)
{
	size_t i, n = 0;

	fprintf(fp, "{\"schema\":\"%s\",\"tool\":{\"name\":\"sbomdiff\","
	    "\"version\":\"%s\"},\"mode\":\"pair\",\"inputs\":[",
	    SCHEMA_ID, SBOM_VERSION);
	render_json_doc(fp, "old", r->old);
	fputs(",\n", fp);
	render_json_doc(fp, "new", r->new);
	fputs("],\n\"comparisons\":[{\"from\":\"old\",\"to\":\"new\","
	    "\"summary\":", fp);
	summary(fp, r);
	fputs(",\"changes\":[", fp);
	for (i = 0; i < r->cl->n; i++) {
		if (!render_shown(r, &r->cl->v[i]))
			continue;
		fputs(n++ > 0 ? ",\n" : "\n", fp);
		change_record(fp, &r->cl->v[i], NULL);
	}
	fputs("]}],\n\"verdict\":{", fp);
	render_json_kv(fp, "result", render_verdict(r), 0);
	fprintf(fp, "\"exit_code\":%d,", r->exit_code);
	render_json_kv(fp, "policy", r->policy_name, 0);
	render_json_kv(fp, "reason", r->inconclusive, 0);
	fprintf(fp, "\"failures\":%zu,\"warnings\":%zu}}\n", r->cl->nfail,
	    r->cl->nwarn);
	return 0;
}

int
render_ndjson(const struct report *r, FILE *fp, struct diag *d)
{
	size_t i;

	for (i = 0; i < r->cl->n; i++) {
		if (!render_shown(r, &r->cl->v[i]))
			continue;
		change_record(fp, &r->cl->v[i], "old>new");
		fputc('\n', fp);
	}
	return 0;
}
