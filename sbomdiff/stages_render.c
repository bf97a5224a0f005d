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
#include "xalloc.h"

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
	return render_verdict_name(r->verdict, r->have_policy);
}

static int
shown(const struct stages_run *r, const struct change *c)
{
	return change_visible(c, r->flags) && !c->suppressed;
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
	if (!render_text_version(fp, c, change_dir_name(c->direction) ?
	    change_dir_name(c->direction) : "changed"))
		render_text_values(fp, change_kind_name(c->kind), c);
}

static void
text_change(FILE *fp, const struct change *c, const struct stage_pair *p,
    int unseen)
{
	fprintf(fp, "  %c ", unseen ? '?' : render_mark(c));
	render_safe(fp, c->name);
	fputs("  ", fp);
	render_safe(fp, c->ecosystem);
	fputs("  ", fp);
	text_what(fp, c, p, unseen);
	render_text_action(fp, c);
	if (c->waiver_expired)
		fputs("  (waiver expired)", fp);
	fputc('\n', fp);
}

static void
text_stage(FILE *fp, const struct stage *s, int width)
{
	fprintf(fp, "  %-*s  ", width, s->label);
	render_text_doc(fp, s->doc);
	fputs("  ", fp);
	render_safe(fp, s->doc->subject_digest);
	if (stages_incomplete(s))
		fputs("  incomplete", fp);
	fputc('\n', fp);
}

static void
text_pair(FILE *fp, const struct stages_run *r, const struct stage_pair *p)
{
	struct summary pc;
	size_t i;

	fputc('\n', fp);
	render_safe(fp, p->name);
	fprintf(fp, ": %s\n", stages_class_text(p->cls));
	for (i = 0; i < p->cl.n; i++)
		if (shown(r, &p->cl.v[i]))
			text_change(fp, &p->cl.v[i], p, 0);
	for (i = 0; i < p->unseen.n; i++)
		text_change(fp, &p->unseen.v[i], p, 1);
	render_count(&p->cl, r->flags, &pc);
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
	fputc('\n', fp);
	render_text_verdict(fp, verdict_name(r), r->policy_name,
	    r->inconclusive, r->exit_code);
	return 0;
}

/*
 * Markdown.
 */

static void
md_change(FILE *fp, const struct change *c, int unseen)
{
	fputs("| ", fp);
	render_md_change(fp, c, unseen ? "not_observed" : NULL);
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
json_change(FILE *fp, const struct stage_pair *p, const struct change *c,
    int unseen, int ndjson)
{
	struct json_record rec = { NULL, NULL, NULL, NULL, NULL };
	char *id;

	id = xasprintf("%s#%s%04u", p->name, unseen ? "u" : "", c->seq);
	rec.comparison = ndjson ? p->name : NULL;
	rec.id = id;
	rec.kind = unseen ? "not_observed" : NULL;
	rec.severity = unseen ? "info" : NULL;
	rec.observation = unseen ? "not_observed" : p->observational ?
	    "observational" : "drift";
	render_json_change(fp, c, &rec);
	free(id);
}

static void
json_summary(FILE *fp, const struct stages_run *r,
    const struct stage_pair *p)
{
	struct summary pc;
	int k;

	render_count(&p->cl, r->flags, &pc);
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
	render_json_kv(fp, "from", p->from->label, 0);
	render_json_kv(fp, "to", p->to->label, 0);
	render_json_kv(fp, "classification", stages_class_name(p->cls), 0);
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
	render_json_kv(fp, "key", row->key, 0);
	render_json_kv(fp, "name", row->name, 0);
	render_json_kv(fp, "ecosystem", row->ecosystem, 0);
	fputs("\"versions\":{", fp);
	for (s = 0; s < r->nstages; s++)
		render_json_kv(fp, r->stages[s].label, row->versions[s],
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
	render_json_kv(fp, "status", stages_status_name(row->status), 0);
	render_json_kv(fp, "stage", row->status == ROW_SKEW || row->status ==
	    ROW_FLAPPING || row->status == ROW_CONSISTENT ? NULL :
	    r->stages[row->at].label, 0);
	render_json_kv(fp, "first_seen", r->stages[row->first].label, 0);
	render_json_kv(fp, "last_seen", r->stages[row->last].label, 1);
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
		render_json_doc(fp, r->stages[i].label, r->stages[i].doc);
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
	render_json_kv(fp, "result", verdict_name(r), 0);
	fprintf(fp, "\"exit_code\":%d,", r->exit_code);
	render_json_kv(fp, "policy", r->policy_name, 0);
	render_json_kv(fp, "reason", r->inconclusive, 1);
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
