/*
 * stages_render.c: the stages report as text, Markdown, JSON
 * (schemas/sbomdiff-stages.schema.json) and NDJSON. Change records have
 * the fields of the pair report's records plus "observation".
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "sbomdiff.h"
#include "stages.h"
#include "vercmp.h"

#define STAGES_SCHEMA	"sbomdiff.stages/1"

/* Markdown tables stop after this many rows (pull request comments). */
#define STAGES_MD_MAXROWS	200

static const char *const class_names[] = {
	[PAIR_ARTIFACT] = "artifact_changed",
	[PAIR_OBSERVER] = "observer_changed",
	[PAIR_INCOMPLETE] = "incomplete",
	[PAIR_UNKNOWN] = "subject_unknown",
	[PAIR_CONTAINER] = "container_changed",
	[PAIR_IDENTICAL] = "identical"
};

static const char *const class_texts[] = {
	[PAIR_ARTIFACT] = "artifact changed: the subject digest differs, "
	    "every delta is real",
	[PAIR_OBSERVER] = "observer changed: same digest, another generator; "
	    "deltas are observational, not drift",
	[PAIR_INCOMPLETE] = "incomplete: a stage declares itself incomplete; "
	    "absences are not observed, not removed",
	[PAIR_UNKNOWN] = "subject unknown: a subject digest is missing; "
	    "deltas count as drift",
	[PAIR_CONTAINER] = "running container changed: same digest, same "
	    "generator, different inventory",
	[PAIR_IDENTICAL] = "identical: same digest, same generator, "
	    "no delta"
};

static const char *const status_names[] = {
	[ROW_CONSISTENT] = "consistent",
	[ROW_SKEW] = "version_skew",
	[ROW_APPEARS] = "appears_at",
	[ROW_DISAPPEARS] = "disappears_after",
	[ROW_ONLY] = "only_in",
	[ROW_FLAPPING] = "flapping"
};

const char *
stages_class_name(enum pair_class c)
{
	return class_names[c];
}

const char *
stages_class_text(enum pair_class c)
{
	return class_texts[c];
}

const char *
stages_status_name(enum row_status s)
{
	return status_names[s];
}

static const char *
verdict_name(const struct stages_run *r)
{
	switch (r->verdict) {
	case VERDICT_SAME:
		return r->have_policy ? "pass" : "same";
	case VERDICT_DIFFERENT:
		return r->have_policy ? "fail" : "different";
	case VERDICT_INCONCLUSIVE:
		return "inconclusive";
	case VERDICT_TROUBLE:
		break;
	}
	return "trouble";
}

static int
shown(const struct stages_run *r, const struct change *c)
{
	return change_visible(c, r->flags) && !c->suppressed;
}

struct pair_counts {
	size_t	kinds[CHANGE_NKINDS];
	size_t	shown, suppressed;
};

static void
count_pair(const struct stages_run *r, const struct stage_pair *p,
    struct pair_counts *pc)
{
	const struct change *c;
	size_t i;

	memset(pc, 0, sizeof(*pc));
	for (i = 0; i < p->cl.n; i++) {
		c = &p->cl.v[i];
		if (!change_visible(c, r->flags))
			continue;
		if (c->suppressed) {
			pc->suppressed++;
			continue;
		}
		pc->kinds[c->kind]++;
		pc->shown++;
	}
}

/*
 * Text.
 */

static void
text_what(FILE *fp, const struct change *c, const struct stage_pair *p,
    int unseen)
{
	if (unseen) {
		render_safe(fp, c->old_version);
		fputs("  not observed in ", fp);
		render_safe(fp, p->to->label);
		return;
	}
	switch (c->kind) {
	case CHANGE_ADDED:
		render_safe(fp, c->new_version);
		fputs("  added", fp);
		return;
	case CHANGE_REMOVED:
		render_safe(fp, c->old_version);
		fputs("  removed", fp);
		return;
	case CHANGE_VERSION:
	case CHANGE_RESPELLED:
		render_safe(fp, c->old_version);
		fputs(" -> ", fp);
		render_safe(fp, c->new_version);
		fprintf(fp, "  %s (%s)", change_dir_name(c->direction) ?
		    change_dir_name(c->direction) : "changed",
		    vercmp_scheme_name(c->scheme));
		return;
	default:
		break;
	}
	fprintf(fp, "%s ", change_kind_name(c->kind));
	render_safe(fp, c->old_value);
	fputs(" -> ", fp);
	render_safe(fp, c->new_value);
	if (c->integrity)
		fputs("  INTEGRITY", fp);
}

static void
text_change(FILE *fp, const struct change *c, const struct stage_pair *p,
    int unseen)
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

	fprintf(fp, "  %c ", unseen ? '?' : c->direction == DIR_DOWNGRADE ?
	    '!' : marks[c->kind]);
	render_safe(fp, c->name);
	fputs("  ", fp);
	render_safe(fp, c->ecosystem);
	fputs("  ", fp);
	text_what(fp, c, p, unseen);
	if (c->action == ACTION_FAIL)
		fputs("  FAIL", fp);
	else if (c->action == ACTION_WARN)
		fputs("  warn", fp);
	if (c->waiver_expired)
		fputs("  (waiver expired)", fp);
	fputc('\n', fp);
}

static void
text_stage(FILE *fp, const struct stage *s, int width)
{
	const struct doc *d = s->doc;
	char *desc = render_docdesc(d);

	fprintf(fp, "  %-*s  ", width, s->label);
	render_safe(fp, d->path);
	fputs(" (", fp);
	render_safe(fp, d->tool_name);
	fputc(' ', fp);
	render_safe(fp, d->tool_version);
	fprintf(fp, ", %s)  ", desc);
	render_safe(fp, d->subject_digest);
	if (stages_incomplete(s))
		fputs("  incomplete", fp);
	fputc('\n', fp);
	free(desc);
}

static void
text_pair(FILE *fp, const struct stages_run *r, const struct stage_pair *p)
{
	struct pair_counts pc;
	size_t i;

	fputc('\n', fp);
	render_safe(fp, p->name);
	fprintf(fp, ": %s\n", stages_class_text(p->cls));
	for (i = 0; i < p->cl.n; i++)
		if (shown(r, &p->cl.v[i]))
			text_change(fp, &p->cl.v[i], p, 0);
	for (i = 0; i < p->unseen.n; i++)
		text_change(fp, &p->unseen.v[i], p, 1);
	count_pair(r, p, &pc);
	fprintf(fp, "  %zu changes, %zu not observed, %zu suppressed, "
	    "%zu unchanged%s\n", pc.shown, p->unseen.n, pc.suppressed,
	    p->cl.unchanged, p->observational ? "; not counted" : "");
}

static void
text_matrix(FILE *fp, const struct stages_run *r)
{
	const struct matrix_row *row;
	size_t i, s, same = 0;

	fputs("\nmatrix (", fp);
	for (s = 0; s < r->nstages; s++) {
		fputs(s > 0 ? " | " : "", fp);
		render_safe(fp, r->stages[s].label);
	}
	fputs(")\n", fp);
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		if (row->status == ROW_CONSISTENT) {
			same++;
			continue;
		}
		fputs("  ", fp);
		render_safe(fp, row->name);
		fputs("  ", fp);
		render_safe(fp, row->ecosystem);
		fputs("  ", fp);
		for (s = 0; s < r->nstages; s++) {
			fputs(s > 0 ? " | " : "", fp);
			render_safe(fp, row->versions[s]);
		}
		fprintf(fp, "  %s", stages_status_name(row->status));
		if (row->status != ROW_SKEW && row->status != ROW_FLAPPING) {
			fputc(' ', fp);
			render_safe(fp, r->stages[row->at].label);
		}
		fputc('\n', fp);
	}
	fprintf(fp, "  %zu consistent\n", same);
}

static int
stages_text(const struct stages_run *r, FILE *fp)
{
	size_t i;
	int w = 0;

	for (i = 0; i < r->nstages; i++)
		if ((int)strlen(r->stages[i].label) > w)
			w = (int)strlen(r->stages[i].label);
	fputs("sbomdiff stages\n", fp);
	for (i = 0; i < r->nstages; i++)
		text_stage(fp, &r->stages[i], w);
	for (i = 0; i < r->npairs; i++)
		text_pair(fp, r, &r->pairs[i]);
	text_matrix(fp, r);
	fprintf(fp, "\nverdict: %s", verdict_name(r));
	if (r->policy_name != NULL) {
		fputs(" (policy ", fp);
		render_safe(fp, r->policy_name);
		fputc(')', fp);
	}
	if (r->inconclusive != NULL)
		fprintf(fp, ": %s", r->inconclusive);
	fprintf(fp, "  exit %d\n", r->exit_code);
	return 0;
}

/*
 * Markdown.
 */

static void
md_change(FILE *fp, const struct change *c, int unseen)
{
	fputs("| ", fp);
	render_md(fp, c->name);
	fputs(" | ", fp);
	render_md(fp, c->ecosystem);
	fprintf(fp, " | %s", unseen ? "not_observed" :
	    change_kind_name(c->kind));
	if (!unseen && change_dir_name(c->direction) != NULL)
		fprintf(fp, " (%s)", change_dir_name(c->direction));
	if (c->integrity)
		fputs(" **integrity**", fp);
	fputs(" | ", fp);
	render_md(fp, c->old_value != NULL ? c->old_value : c->old_version);
	fputs(" | ", fp);
	render_md(fp, c->new_value != NULL ? c->new_value : c->new_version);
	fprintf(fp, " | %s |\n", c->action == ACTION_FAIL ? "**fail**" :
	    c->action == ACTION_WARN ? "warn" : "");
}

static void
md_pair(FILE *fp, const struct stages_run *r, const struct stage_pair *p)
{
	size_t i, rows = 0;

	fputs("\n#### ", fp);
	render_md(fp, p->from->label);
	fputs(" \xe2\x86\x92 ", fp);
	render_md(fp, p->to->label);
	fprintf(fp, "\n\n%s\n\n| component | ecosystem | change | from | to "
	    "| policy |\n|---|---|---|---|---|---|\n",
	    stages_class_text(p->cls));
	for (i = 0; i < p->cl.n + p->unseen.n; i++) {
		if (i < p->cl.n && !shown(r, &p->cl.v[i]))
			continue;
		if (rows++ == STAGES_MD_MAXROWS) {
			fputs("\nMore changes not shown; use -f json for "
			    "all of them.\n", fp);
			break;
		}
		if (i < p->cl.n)
			md_change(fp, &p->cl.v[i], 0);
		else
			md_change(fp, &p->unseen.v[i - p->cl.n], 1);
	}
}

static void
md_matrix(FILE *fp, const struct stages_run *r)
{
	const struct matrix_row *row;
	size_t i, s, rows = 0;

	fputs("\n#### matrix\n\n| component | ecosystem |", fp);
	for (s = 0; s < r->nstages; s++) {
		fputc(' ', fp);
		render_md(fp, r->stages[s].label);
		fputs(" |", fp);
	}
	fputs(" status |\n|---|---|", fp);
	for (s = 0; s < r->nstages; s++)
		fputs("---|", fp);
	fputs("---|\n", fp);
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		if (row->status == ROW_CONSISTENT)
			continue;
		if (rows++ == STAGES_MD_MAXROWS) {
			fputs("\nMore rows not shown; use -f json.\n", fp);
			return;
		}
		fputs("| ", fp);
		render_md(fp, row->name);
		fputs(" | ", fp);
		render_md(fp, row->ecosystem);
		for (s = 0; s < r->nstages; s++) {
			fputs(" | ", fp);
			render_md(fp, row->versions[s] ? row->versions[s] :
			    "\xe2\x80\x94");
		}
		fprintf(fp, " | %s |\n", stages_status_name(row->status));
	}
}

static int
stages_markdown(const struct stages_run *r, FILE *fp)
{
	size_t i;

	fputs("### sbomdiff stages: ", fp);
	for (i = 0; i < r->nstages; i++) {
		fputs(i > 0 ? " \xe2\x86\x92 " : "", fp);
		render_md(fp, r->stages[i].label);
	}
	fprintf(fp, "\n\n**%s** (exit %d)", verdict_name(r), r->exit_code);
	if (r->inconclusive != NULL)
		fprintf(fp, ": %s", r->inconclusive);
	fputc('\n', fp);
	for (i = 0; i < r->npairs; i++)
		md_pair(fp, r, &r->pairs[i]);
	md_matrix(fp, r);
	return 0;
}

/*
 * JSON and NDJSON.
 */

static void
kv(FILE *fp, const char *key, const char *val, int last)
{
	fprintf(fp, "\"%s\":", key);
	render_json_str(fp, val);
	if (!last)
		fputc(',', fp);
}

static void
json_side(FILE *fp, const char *version, const char *purl,
    const char *value)
{
	fputc('{', fp);
	kv(fp, "version", version, 0);
	kv(fp, "purl", purl, 0);
	kv(fp, "value", value, 1);
	fputc('}', fp);
}

static void
json_waiver(FILE *fp, const struct change *c)
{
	if (c->waiver_rule == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('{', fp);
	kv(fp, "rule", c->waiver_rule, 0);
	kv(fp, "reason", c->waiver_reason, 0);
	kv(fp, "expires", c->waiver_expires, 0);
	kv(fp, "ticket", c->waiver_ticket, 0);
	fprintf(fp, "\"expired\":%s}", c->waiver_expired ? "true" : "false");
}

static void
json_policy(FILE *fp, const struct change *c)
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

static void
json_change(FILE *fp, const struct stage_pair *p, const struct change *c,
    int unseen, int ndjson)
{
	fputc('{', fp);
	if (ndjson)
		kv(fp, "comparison", p->name, 0);
	fprintf(fp, "\"id\":\"%s#%s%04u\",", p->name, unseen ? "u" : "",
	    c->seq);
	kv(fp, "kind", unseen ? "not_observed" : change_kind_name(c->kind),
	    0);
	kv(fp, "key", c->key, 0);
	kv(fp, "ecosystem", c->ecosystem, 0);
	kv(fp, "name", c->name, 0);
	fprintf(fp, "\"instance\":%u,\"from\":", c->instance);
	json_side(fp, c->old_version, c->old_purl, c->old_value);
	fputs(",\"to\":", fp);
	json_side(fp, c->new_version, c->new_purl, c->new_value);
	fputs(",\"version\":", fp);
	if (c->kind == CHANGE_VERSION || c->kind == CHANGE_RESPELLED) {
		fputc('{', fp);
		kv(fp, "scheme", vercmp_scheme_name(c->scheme), 0);
		kv(fp, "direction", change_dir_name(c->direction), 1);
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
	kv(fp, "severity", unseen ? "info" : render_severity(c), 0);
	kv(fp, "observation", unseen ? "not_observed" : p->observational ?
	    "observational" : "drift", 0);
	fprintf(fp, "\"suppressed\":%s,\"waiver\":",
	    c->suppressed ? "true" : "false");
	json_waiver(fp, c);
	fputs(",\"policy\":", fp);
	json_policy(fp, c);
	fputc('}', fp);
}

static void
json_stage(FILE *fp, const struct stage *s)
{
	static const char *const compl[] = {
		"unknown", "complete", "incomplete"
	};
	const struct doc *d = s->doc;

	fputc('{', fp);
	kv(fp, "label", s->label, 0);
	kv(fp, "path", d->path, 0);
	kv(fp, "sha256", d->sha256, 0);
	kv(fp, "format", d->format == DOC_SPDX ? "spdx" : "cyclonedx", 0);
	kv(fp, "spec_version", d->spec_version, 0);
	kv(fp, "encoding", d->encoding == DOC_XML ? "xml" : "json", 0);
	kv(fp, "lifecycle", d->lifecycle, 0);
	fprintf(fp, "\"components\":%zu,", d->ncomps);
	kv(fp, "completeness", compl[d->completeness], 0);
	fputs("\"subject\":{", fp);
	kv(fp, "name", d->subject_name, 0);
	kv(fp, "version", d->subject_version, 0);
	kv(fp, "purl", d->subject_purl, 0);
	kv(fp, "digest", d->subject_digest, 1);
	fputs("},\"generators\":[", fp);
	if (d->tool_name != NULL) {
		fputc('{', fp);
		kv(fp, "name", d->tool_name, 0);
		kv(fp, "version", d->tool_version, 1);
		fputc('}', fp);
	}
	fputs("]}", fp);
}

static void
json_summary(FILE *fp, const struct stages_run *r,
    const struct stage_pair *p)
{
	struct pair_counts pc;
	int k;

	count_pair(r, p, &pc);
	fputc('{', fp);
	for (k = 0; k < CHANGE_NKINDS; k++)
		fprintf(fp, "\"%s\":%zu,", change_kind_name(k), pc.kinds[k]);
	fprintf(fp, "\"not_observed\":%zu,\"matched\":%zu,\"unchanged\":%zu,"
	    "\"suppressed\":%zu,\"failures\":%zu,\"warnings\":%zu}",
	    p->unseen.n, p->cl.matched, p->cl.unchanged, pc.suppressed,
	    p->cl.nfail, p->cl.nwarn);
}

static void
json_pair(FILE *fp, const struct stages_run *r, const struct stage_pair *p)
{
	static const char *const rel[] = { "different", "same", "unknown" };
	size_t i, n = 0;

	fputc('{', fp);
	kv(fp, "from", p->from->label, 0);
	kv(fp, "to", p->to->label, 0);
	kv(fp, "classification", stages_class_name(p->cls), 0);
	fprintf(fp, "\"counted\":%s,\"context\":{\"subject_digest\":\"%s\","
	    "\"generator\":\"%s\",\"incomplete\":[",
	    p->observational ? "false" : "true",
	    rel[p->same_digest == -1 ? 2 : p->same_digest],
	    p->gen_differs ? "different" : "same");
	if (stages_incomplete(p->from))
		render_json_str(fp, p->from->label);
	if (stages_incomplete(p->to)) {
		fputs(stages_incomplete(p->from) ? "," : "", fp);
		render_json_str(fp, p->to->label);
	}
	fputs("]},\"summary\":", fp);
	json_summary(fp, r, p);
	fputs(",\"changes\":[", fp);
	for (i = 0; i < p->cl.n; i++) {
		if (!change_visible(&p->cl.v[i], r->flags))
			continue;
		fputs(n++ > 0 ? ",\n" : "\n", fp);
		json_change(fp, p, &p->cl.v[i], 0, 0);
	}
	for (i = 0; i < p->unseen.n; i++) {
		fputs(n++ > 0 ? ",\n" : "\n", fp);
		json_change(fp, p, &p->unseen.v[i], 1, 0);
	}
	fputs("]}", fp);
}

static void
json_row(FILE *fp, const struct stages_run *r, const struct matrix_row *row)
{
	size_t s, n = 0;

	fputc('{', fp);
	kv(fp, "key", row->key, 0);
	kv(fp, "name", row->name, 0);
	kv(fp, "ecosystem", row->ecosystem, 0);
	fputs("\"versions\":{", fp);
	for (s = 0; s < r->nstages; s++)
		kv(fp, r->stages[s].label, row->versions[s],
		    s + 1 == r->nstages);
	fputs("},\"not_observed\":[", fp);
	for (s = 0; s < r->nstages; s++) {
		if (row->versions[s] != NULL ||
		    !stages_incomplete(&r->stages[s]))
			continue;
		fputs(n++ > 0 ? "," : "", fp);
		render_json_str(fp, r->stages[s].label);
	}
	fputs("],", fp);
	kv(fp, "status", stages_status_name(row->status), 0);
	kv(fp, "stage", row->status == ROW_SKEW || row->status ==
	    ROW_FLAPPING || row->status == ROW_CONSISTENT ? NULL :
	    r->stages[row->at].label, 0);
	kv(fp, "first_seen", r->stages[row->first].label, 0);
	kv(fp, "last_seen", r->stages[row->last].label, 1);
	fputc('}', fp);
}

static int
stages_json(const struct stages_run *r, FILE *fp)
{
	size_t i;

	fprintf(fp, "{\"schema\":\"%s\",\"tool\":{\"name\":\"sbomdiff\","
	    "\"version\":\"%s\"},\"mode\":\"stages\",\"stages\":[",
	    STAGES_SCHEMA, SBOM_VERSION);
	for (i = 0; i < r->nstages; i++) {
		fputs(i > 0 ? ",\n" : "\n", fp);
		json_stage(fp, &r->stages[i]);
	}
	fputs("],\n\"comparisons\":[", fp);
	for (i = 0; i < r->npairs; i++) {
		fputs(i > 0 ? ",\n" : "", fp);
		json_pair(fp, r, &r->pairs[i]);
	}
	fputs("],\n\"matrix\":[", fp);
	for (i = 0; i < r->nrows; i++) {
		fputs(i > 0 ? ",\n" : "\n", fp);
		json_row(fp, r, &r->rows[i]);
	}
	fputs("],\n\"verdict\":{", fp);
	kv(fp, "result", verdict_name(r), 0);
	fprintf(fp, "\"exit_code\":%d,", r->exit_code);
	kv(fp, "policy", r->policy_name, 0);
	kv(fp, "reason", r->inconclusive, 1);
	fputs("}}\n", fp);
	return 0;
}

static int
stages_ndjson(const struct stages_run *r, FILE *fp)
{
	const struct stage_pair *p;
	size_t i, j;

	for (i = 0; i < r->npairs; i++) {
		p = &r->pairs[i];
		for (j = 0; j < p->cl.n; j++) {
			if (!change_visible(&p->cl.v[j], r->flags))
				continue;
			json_change(fp, p, &p->cl.v[j], 0, 1);
			fputc('\n', fp);
		}
		for (j = 0; j < p->unseen.n; j++) {
			json_change(fp, p, &p->unseen.v[j], 1, 1);
			fputc('\n', fp);
		}
	}
	return 0;
}

int
stages_render(const struct stages_run *r, enum report_format fmt,
    FILE *fp, struct diag *d)
{
	switch (fmt) {
	case REPORT_TEXT:
		return stages_text(r, fp);
	case REPORT_JSON:
		return stages_json(r, fp);
	case REPORT_NDJSON:
		return stages_ndjson(r, fp);
	case REPORT_MARKDOWN:
		return stages_markdown(r, fp);
	}
	return 0;
}
