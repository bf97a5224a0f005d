#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "sbomdiff.h"

/* Markdown reports stop after this many rows (pull request comments). */
#define MD_MAXROWS	500

#define C_RED	"\033[31m"
#define C_GREEN	"\033[32m"
#define C_YEL	"\033[33m"
#define C_BOLD	"\033[1;31m"
#define C_OFF	"\033[0m"

static const char *
colour(const struct report *r, const struct change *c)
{
	if (!r->color)
		return "";
	if (c->direction == DIR_DOWNGRADE || c->integrity ||
	    c->action == ACTION_FAIL)
		return C_BOLD;
	if (c->kind == CHANGE_ADDED || c->kind == CHANGE_EDGE_ADDED)
		return C_GREEN;
	if (c->kind == CHANGE_REMOVED || c->kind == CHANGE_EDGE_REMOVED)
		return C_RED;
	return C_YEL;
}

/* The words after name and ecosystem: what changed, from and to. */
static void
describe(FILE *fp, const struct change *c)
{
	const char *what = NULL;

	if (render_text_version(fp, c, c->direction == DIR_DOWNGRADE ?
	    "DOWNGRADE" : change_dir_name(c->direction)))
		return;
	switch (c->kind) {
	case CHANGE_EDGE_ADDED:
		fputs("dependency added -> ", fp);
		render_safe(fp, c->new_value);
		return;
	case CHANGE_EDGE_REMOVED:
		fputs("dependency removed -> ", fp);
		render_safe(fp, c->old_value);
		return;
	case CHANGE_INSTANCES:
		what = "instances";
		break;
	case CHANGE_HASH:
		render_safe(fp, c->new_version);
		what = "  hash";
		break;
	case CHANGE_LICENSE:
		what = "license";
		break;
	case CHANGE_SUPPLIER:
		what = "supplier";
		break;
	case CHANGE_PURL:
		what = "purl";
		break;
	case CHANGE_TYPE:
		what = "type";
		break;
	case CHANGE_SCOPE:
		what = "scope";
		break;
	default:
		return;
	}
	render_text_values(fp, what, c);
}

static void
text_change(FILE *fp, const struct report *r, const struct change *c)
{
	fprintf(fp, "  %s%c ", colour(r, c), render_mark(c));
	render_safe(fp, c->name);
	fputs("  ", fp);
	render_safe(fp, c->ecosystem);
	fputs("  ", fp);
	describe(fp, c);
	if (c->weak)
		fputs("  (weak match: name only)", fp);
	render_text_action(fp, c);
	fprintf(fp, "%s\n", r->color ? C_OFF : "");
}

static void
text_subject(FILE *fp, const struct doc *d)
{
	render_safe(fp, d->subject_name);
	fputc(' ', fp);
	render_safe(fp, d->subject_version);
	if (d->subject_digest != NULL) {
		fputc(' ', fp);
		render_safe(fp, d->subject_digest);
	}
}

/* "1 added, 2 removed, 1 version change, ..., 5 unchanged" */
static void
summary_line(FILE *fp, const struct report *r, const struct summary *s)
{
	static const char *const one[CHANGE_NKINDS] = {
		"added", "removed", "version change", "respelled",
		"instance count change", "hash change", "license change",
		"supplier change", "purl change", "type change",
		"scope change", "edge added", "edge removed"
	};
	static const char *const many[CHANGE_NKINDS] = {
		"added", "removed", "version changes", "respelled",
		"instance count changes", "hash changes", "license changes",
		"supplier changes", "purl changes", "type changes",
		"scope changes", "edges added", "edges removed"
	};
	int k;

	for (k = 0; k < CHANGE_NKINDS; k++) {
		if (s->kinds[k] == 0)
			continue;
		fprintf(fp, "%zu %s", s->kinds[k],
		    s->kinds[k] == 1 ? one[k] : many[k]);
		if (k == CHANGE_VERSION && s->downgrades > 0)
			fprintf(fp, " (%zu downgrade%s)", s->downgrades,
			    s->downgrades == 1 ? "" : "s");
		if (k == CHANGE_HASH && s->integrity > 0)
			fprintf(fp, " (%zu integrity)", s->integrity);
		fputs(", ", fp);
	}
	fprintf(fp, "%zu unchanged", r->cl->unchanged);
	if (s->suppressed > 0)
		fprintf(fp, ", %zu suppressed", s->suppressed);
	fputc('\n', fp);
}

int
render_text(const struct report *r, FILE *fp, struct diag *d)
{
	struct summary s;
	size_t i;

	fputs("sbomdiff  ", fp);
	render_text_doc(fp, r->old);
	fputs("  ->  ", fp);
	render_text_doc(fp, r->new);
	fputs("\nsubject   ", fp);
	text_subject(fp, r->old);
	fputs("  ->  ", fp);
	text_subject(fp, r->new);
	fputs("\n\n", fp);
	for (i = 0; i < r->cl->n; i++)
		if (render_shown(r, &r->cl->v[i]) && !r->cl->v[i].suppressed)
			text_change(fp, r, &r->cl->v[i]);
	render_summary(r, &s);
	if (s.shown > 0)
		fputc('\n', fp);
	summary_line(fp, r, &s);
	render_text_verdict(fp, render_verdict(r), r->policy_name,
	    r->inconclusive, r->exit_code);
	return 0;
}

static void
md_row(FILE *fp, const struct change *c)
{
	fprintf(fp, "| %c | ", render_mark(c));
	render_md_change(fp, c, NULL);
	fputs(" |\n", fp);
}

int
render_markdown(const struct report *r, FILE *fp, struct diag *d)
{
	struct summary s;
	size_t i, rows = 0;

	render_summary(r, &s);
	fputs("### sbomdiff: ", fp);
	render_md(fp, r->old->path);
	fputs(" \xe2\x86\x92 ", fp);
	render_md(fp, r->new->path);
	fprintf(fp, "\n\n**%s**: ", render_verdict(r));
	summary_line(fp, r, &s);
	if (s.shown == 0)
		return 0;
	fputs("\n<details><summary>changes</summary>\n\n"
	    "| | component | ecosystem | change | from | to |\n"
	    "|---|---|---|---|---|---|\n", fp);
	for (i = 0; i < r->cl->n; i++) {
		if (!render_shown(r, &r->cl->v[i]) || r->cl->v[i].suppressed)
			continue;
		if (rows++ == MD_MAXROWS) {
			fprintf(fp, "\n%zu more changes not shown; "
			    "use -f json for all of them.\n",
			    s.shown - MD_MAXROWS);
			break;
		}
		md_row(fp, &r->cl->v[i]);
	}
	fputs("\n</details>\n", fp);
	return 0;
}
