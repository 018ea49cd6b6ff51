/* checklist.c - see checklist.h. */
#include "checklist.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "htmlw.h"
#include "mdw.h"
#include "report.h"

#define LINKS_MAX 12 /* results linked per clause in the table (the rest counted) */

static const struct {
	const char *status, *words, *cls;
} words[] = {
        {"pass", "holds", "c-pass"},
        {"fail", "FAILS", "c-fail"},
        {"undecided", "could not decide", "c-undecided"},
        {"waived", "fails (waived)", "c-waived"},
        {"not-checked", "not checked by this policy", "c-not-checked"},
};

static size_t word_at(const char *status)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(status, words[i].status) == 0)
			return i;
	return 2; /* a status this version does not know: it decided nothing */
}

const char *checklist_words(const char *status)
{
	return words[word_at(status)].words;
}

void checklist_anchor(const char *fingerprint, char out[CHECKLIST_ANCHOR_LEN])
{
	const char *p = strchr(fingerprint, ':');
	size_t n = 2;

	memcpy(out, "r-", 2);
	for (p = p ? p + 1 : fingerprint; *p && n < CHECKLIST_ANCHOR_LEN - 1; p++)
		if (isxdigit((unsigned char)*p))
			out[n++] = (char)tolower((unsigned char)*p);
	out[n] = '\0';
}

void checklist_result_anchor(const cJSON *result, char out[CHECKLIST_ANCHOR_LEN])
{
	char fp[REPORT_FP_LEN];

	report_fingerprint(report_str(result, "id"), report_str(result, "target"), fp);
	checklist_anchor(fp, out);
}

static const cJSON *clauses_of(const cJSON *doc)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "clauses");
	return cJSON_IsArray(c) && cJSON_GetArraySize(c) > 0 ? c : NULL;
}

static size_t count(const cJSON *cl, const char *status)
{
	size_t n = 0;

	for (const cJSON *c = cl->child; c; c = c->next)
		n += strcmp(report_str(c, "status"), status) == 0;
	return n;
}

void checklist_html(struct buf *b, const cJSON *doc)
{
	const cJSON *cl = clauses_of(doc);
	const char *section = NULL;

	if (!cl)
		return;
	hw_tag(b, "<h2 id=\"checklist\">Contract checklist</h2>\n<p>");
	hw_textf(b,
	         "Clauses: %zu hold, %zu fail, %zu could not be decided, %zu fail but are waived, %zu are not checked "
	         "by "
	         "this policy. ",
	         count(cl, "pass"), count(cl, "fail"), count(cl, "undecided"), count(cl, "waived"),
	         count(cl, "not-checked"));
	hw_tag(b, "Each clause of the monitoring contract (ids as in docs/contract.md) with the results of the "
	          "checks that decide it.</p>\n<table class=\"checklist\"><thead><tr><th>Clause</th><th>Requirement"
	          "</th><th>Status</th><th>Results</th></tr></thead><tbody>\n");
	for (const cJSON *c = cl->child; c; c = c->next) {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(c, "results");
		size_t w = word_at(report_str(c, "status")), shown = 0, more = 0;
		if (!section || strcmp(section, report_str(c, "section")) != 0) {
			section = report_str(c, "section");
			hw_tag(b, "<tr><th colspan=\"4\" scope=\"rowgroup\">");
			hw_text(b, section);
			hw_tag(b, "</th></tr>\n");
		}
		hw_tag(b, "<tr><td class=\"mono\">");
		hw_text(b, report_str(c, "id"));
		hw_tag(b, "</td><td>");
		hw_text(b, report_str(c, "requirement"));
		if (*report_str(c, "note")) {
			hw_tag(b, " <span class=\"muted\">(");
			hw_text(b, report_str(c, "note"));
			hw_tag(b, ")</span>");
		}
		hw_tag(b, "</td><td class=\"");
		hw_tag(b, words[w].cls);
		hw_tag(b, "\">");
		hw_text(b, words[w].words);
		hw_tag(b, "</td><td>");
		for (const cJSON *r = cJSON_IsArray(res) ? res->child : NULL; r; r = r->next) {
			char anchor[CHECKLIST_ANCHOR_LEN];
			if (shown == LINKS_MAX) {
				more++;
				continue;
			}
			checklist_anchor(report_str(r, "fingerprint"), anchor);
			hw_tag(b, shown++ ? "<br>" : "");
			hw_tag(b, "<a href=\"#");
			hw_text(b, anchor);
			hw_tag(b, "\"><code>");
			hw_text(b, report_str(r, "check"));
			hw_tag(b, "</code> on <code>");
			hw_text(b, report_str(r, "target"));
			hw_tag(b, "</code></a> ");
			hw_textf(b, "%s (%s)", report_str(r, "status"), report_str(r, "vantage"));
		}
		more += (size_t)report_long(c, "results_not_listed", 0);
		if (more)
			hw_textf(b, "%sand %zu more", shown ? "; " : "", more);
		if (!shown && !more) {
			const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c, "checks");
			hw_tag(b, "<span class=\"muted\">");
			if (cJSON_GetArraySize(ids) > 0) {
				hw_text(b, "decided by ");
				for (const cJSON *i = ids->child; i; i = i->next)
					hw_textf(b, "%s%s", i == ids->child ? "" : ", ",
					         cJSON_IsString(i) ? i->valuestring : "");
			} else {
				hw_text(b, "no check of this scanner decides it");
			}
			hw_tag(b, "</span>");
		}
		hw_tag(b, "</td></tr>\n");
	}
	hw_tag(b, "</tbody></table>\n");
}

/* The rows of the clauses that were checked (checked 1) or not (0). */
static void md_rows(struct buf *b, const cJSON *cl, int checked)
{
	md_tag(b, "| clause | requirement | status | results |\n|---|---|---|---|\n");
	for (const cJSON *c = cl->child; c; c = c->next) {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(c, "results");
		size_t bad = 0, good = 0;
		if ((strcmp(report_str(c, "status"), "not-checked") != 0) != checked)
			continue;
		md_tag(b, "| ");
		md_text(b, report_str(c, "id"), 0);
		md_tag(b, " | ");
		md_text(b, report_str(c, "requirement"), 120);
		md_tag(b, " | ");
		md_text(b, checklist_words(report_str(c, "status")), 0);
		md_tag(b, " | ");
		/* what decides it against it, by name (the first few); what holds, counted */
		for (const cJSON *r = cJSON_IsArray(res) ? res->child : NULL; r; r = r->next) {
			if (strcmp(report_str(r, "status"), "pass") == 0) {
				good++;
				continue;
			}
			if (bad++ >= 4)
				continue;
			md_text(b, bad > 1 ? "; " : "", 0);
			md_textf(b, "%s on %s: %s", report_str(r, "check"), report_str(r, "target"),
			         report_str(r, "status"));
		}
		bad += (size_t)report_long(c, "results_not_listed", 0);
		if (bad > 4)
			md_textf(b, "; %zu more", bad - 4);
		if (good)
			md_textf(b, "%s%zu passed", bad ? "; " : "", good);
		md_tag(b, " |\n");
	}
}

void checklist_md(struct buf *b, const cJSON *doc)
{
	const cJSON *cl = clauses_of(doc);
	size_t unchecked;

	if (!cl)
		return;
	unchecked = count(cl, "not-checked");
	md_tag(b, "\n### Contract checklist\n\n");
	md_textf(b,
	         "Clauses: %zu hold, %zu fail, %zu could not be decided, %zu fail but are waived, %zu are not checked "
	         "by this policy",
	         count(cl, "pass"), count(cl, "fail"), count(cl, "undecided"), count(cl, "waived"), unchecked);
	md_tag(b, " (ids as in docs/contract.md).\n\n");
	if (unchecked < (size_t)cJSON_GetArraySize(cl))
		md_rows(b, cl, 1);
	if (unchecked) {
		md_tag(b, "\n<details><summary>");
		md_textf(b, "%zu clauses not checked by this policy", unchecked);
		md_tag(b, "</summary>\n\n");
		md_rows(b, cl, 0);
		md_tag(b, "\n</details>\n");
	}
}
