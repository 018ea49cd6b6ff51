/*
 * sarif.c - SARIF 2.1.0 for code-scanning tools (GitHub code scanning,
 * GitLab, IDEs): the failing and waived results, and every leaked-secret
 * finding, of a report.
 *
 *   rules      one per check id that appears, with its title, contract, remediation,
 *              a `security-severity` (critical 9.5, high 8.0, medium 5.5, low 3.0,
 *              info 0.0) and the matching level (error, warning, note)
 *   results    a result on a file (a finding's path, a target that is a path) gets a
 *              physical location, with line and column for findings; a network result
 *              a logical location (the endpoint, URL or service); waived results carry
 *              an external suppression with the waiver's justification
 *   fingerprints  partialFingerprints "zlhAuditResult/v1" (the result fingerprint: check
 *              id + target) and, for findings, "zlhAuditSecret/v1" (the value's hash prefix)
 *
 *   waivers    the waiver file's used, expired and unused lists in the run's properties
 *
 * cJSON writes the JSON; every string from the document is first made valid
 * UTF-8 (text_sanitize), since a saved report is untrusted input.
 */
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "formats.h"
#include "report.h"
#include "text.h"

static void add_str(cJSON *o, const char *key, const char *v)
{
	struct buf b;

	buf_init(&b, 1u << 16);
	text_sanitize(v, strlen(v), &b);
	cJSON_AddStringToObject(o, key, buf_str(&b));
	buf_free(&b);
}

static cJSON *text_obj(cJSON *parent, const char *key, const char *text)
{
	cJSON *o = cJSON_AddObjectToObject(parent, key);

	add_str(o, "text", text);
	return o;
}

static const char *level_of(const char *sev)
{
	return strcmp(sev, "critical") == 0 || strcmp(sev, "high") == 0 ? "error"
	       : strcmp(sev, "medium") == 0                             ? "warning"
	                                                                : "note";
}

static const char *score_of(const char *sev)
{
	return strcmp(sev, "critical") == 0 ? "9.5"
	       : strcmp(sev, "high") == 0   ? "8.0"
	       : strcmp(sev, "medium") == 0 ? "5.5"
	       : strcmp(sev, "low") == 0    ? "3.0"
	                                    : "0.0";
}

/* file:// URI of an absolute path, or a relative reference for a relative
 * one, percent-encoding what a URI cannot hold. */
static void file_uri(const char *path, struct buf *out)
{
	if (path[0] == '/')
		buf_puts(out, "file://");
	else
		while (path[0] == '.' && path[1] == '/')
			path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%02X", *p);
	}
}

static void location(cJSON *result, const char *where, int is_file, long line, long column)
{
	cJSON *locs = cJSON_AddArrayToObject(result, "locations"), *loc = cJSON_CreateObject();

	cJSON_AddItemToArray(locs, loc);
	if (is_file) {
		cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
		struct buf u;
		buf_init(&u, 1u << 14);
		file_uri(where, &u);
		cJSON_AddStringToObject(art, "uri", buf_str(&u));
		buf_free(&u);
		if (line > 0) {
			cJSON *reg = cJSON_AddObjectToObject(phys, "region");
			cJSON_AddNumberToObject(reg, "startLine", (double)line);
			if (column > 0)
				cJSON_AddNumberToObject(reg, "startColumn", (double)column);
		}
	} else {
		cJSON *ll = cJSON_AddArrayToObject(loc, "logicalLocations"), *l = cJSON_CreateObject();
		cJSON_AddItemToArray(ll, l);
		add_str(l, "fullyQualifiedName", *where ? where : "(no target)");
		cJSON_AddStringToObject(l, "kind", "resource");
	}
}

/* The rule index of id, adding the rule from the check c when new. */
static int rule_index(cJSON *rules, const cJSON *c, const char *id)
{
	int i = 0;
	cJSON *r, *props, *tags;

	for (const cJSON *x = rules->child; x; x = x->next, i++)
		if (strcmp(report_str(x, "id"), id) == 0)
			return i;
	r = cJSON_CreateObject();
	cJSON_AddItemToArray(rules, r);
	add_str(r, "id", id);
	text_obj(r, "shortDescription", *report_str(c, "title") ? report_str(c, "title") : id);
	text_obj(r, "fullDescription", *report_str(c, "contract") ? report_str(c, "contract") : id);
	text_obj(r, "help", *report_str(c, "remediation") ? report_str(c, "remediation") : "See docs/checks.md.");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "defaultConfiguration"), "level",
	                        level_of(report_str(c, "severity")));
	props = cJSON_AddObjectToObject(r, "properties");
	cJSON_AddStringToObject(props, "security-severity", score_of(report_str(c, "severity")));
	tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
	return i;
}

static const cJSON *check_by_id(const cJSON *checks, const char *id)
{
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next)
		if (strcmp(report_str(c, "id"), id) == 0)
			return c;
	return NULL;
}

enum za_err render_sarif(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(doc, "tool");
	cJSON *s = cJSON_CreateObject(), *runs, *run, *driver, *rules, *results;
	char *text;

	if (!s) {
		za_seterr(err, errlen, "out of memory rendering SARIF");
		return ZA_ERR_NOMEM;
	}
	if (!cJSON_IsArray(checks))
		checks = NULL;
	cJSON_AddStringToObject(s, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(s, "version", "2.1.0");
	runs = cJSON_AddArrayToObject(s, "runs");
	run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "zlh-audit");
	add_str(driver, "version", *report_str(tool, "version") ? report_str(tool, "version") : "0");
	rules = cJSON_AddArrayToObject(driver, "rules");
	results = cJSON_AddArrayToObject(run, "results");
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		const char *st = report_str(c, "status"), *id = report_str(c, "id");
		cJSON *r, *fp, *props;
		char rfp[REPORT_FP_LEN];
		if (strcmp(st, "fail") != 0 && strcmp(st, "waived") != 0)
			continue;
		r = cJSON_CreateObject();
		cJSON_AddItemToArray(results, r);
		add_str(r, "ruleId", id);
		cJSON_AddNumberToObject(r, "ruleIndex", rule_index(rules, c, id));
		cJSON_AddStringToObject(r, "level", level_of(report_str(c, "severity")));
		text_obj(r, "message", report_str(c, "message"));
		location(r, report_str(c, "target"),
		         report_str(c, "target")[0] == '/' || strncmp(report_str(c, "target"), "./", 2) == 0, 0, 0);
		report_fingerprint(id, report_str(c, "target"), rfp);
		fp = cJSON_AddObjectToObject(r, "partialFingerprints");
		cJSON_AddStringToObject(fp, "zlhAuditResult/v1", rfp);
		if (strcmp(st, "waived") == 0) {
			const cJSON *w = cJSON_GetObjectItemCaseSensitive(c, "waiver");
			cJSON *sup = cJSON_CreateObject();
			cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "suppressions"), sup);
			cJSON_AddStringToObject(sup, "kind", "external");
			add_str(sup, "justification", cJSON_IsObject(w) ? report_str(w, "justification") : "waived");
		}
		props = cJSON_AddObjectToObject(r, "properties");
		add_str(props, "target", report_str(c, "target"));
		add_str(props, "vantage", report_str(c, "vantage"));
		add_str(props, "severity", report_str(c, "severity"));
	}
	for (const cJSON *f = cJSON_IsArray(findings) ? findings->child : NULL; f; f = f->next) {
		const cJSON *loc = cJSON_GetObjectItemCaseSensitive(f, "location");
		const char *id = report_str(f, "check");
		const cJSON *c = check_by_id(checks, id);
		cJSON *r = cJSON_CreateObject(), *fp;
		char msg[512];
		cJSON_AddItemToArray(results, r);
		add_str(r, "ruleId", id);
		cJSON_AddNumberToObject(r, "ruleIndex", rule_index(rules, c ? c : f, id));
		cJSON_AddStringToObject(r, "level",
		                        level_of(*report_str(f, "severity") ? report_str(f, "severity")
		                                 : c                        ? report_str(c, "severity")
		                                                            : "critical"));
		snprintf(msg, sizeof(msg), "%s: a secret (%s, preview %s)%s%s", report_str(f, "rule"),
		         report_str(f, "fingerprint"), report_str(f, "preview"), *report_str(f, "note") ? "; " : "",
		         report_str(f, "note"));
		text_obj(r, "message", msg);
		{
			const char *path = report_str(loc, "path");
			int file = *path && strcmp(path, "(stdin)") != 0;
			location(r, file ? path : "(stdin)", file, report_long(loc, "line", 0),
			         report_long(loc, "column", 0));
		}
		fp = cJSON_AddObjectToObject(r, "partialFingerprints");
		add_str(fp, "zlhAuditSecret/v1", report_str(f, "fingerprint"));
	}
	/* the waiver file's lists (used, expired, unused), as the run's properties */
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "waivers"))) {
		const cJSON *wo = cJSON_GetObjectItemCaseSensitive(doc, "waivers");
		static const char *const lists[] = {"used", "expired", "unused"};
		cJSON *pw = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "properties"), "waivers");
		for (size_t l = 0; l < 3; l++) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(wo, lists[l]);
			cJSON *arr = cJSON_AddArrayToObject(pw, lists[l]);
			for (const cJSON *w = cJSON_IsArray(a) ? a->child : NULL; w; w = w->next) {
				cJSON *x = cJSON_CreateObject();
				cJSON_AddItemToArray(arr, x);
				add_str(x, "check", report_str(w, "check"));
				add_str(x, "target", report_str(w, "target"));
				add_str(x, "expires", report_str(w, "expires"));
				add_str(x, "approved_by", report_str(w, "approved_by"));
				add_str(x, "justification", report_str(w, "justification"));
			}
		}
	}
	text = cJSON_Print(s);
	cJSON_Delete(s);
	if (!text) {
		za_seterr(err, errlen, "out of memory rendering SARIF");
		return ZA_ERR_NOMEM;
	}
	buf_puts(out, text);
	buf_putc(out, '\n');
	cJSON_free(text);
	return out->oom ? ZA_ERR_NOMEM : ZA_OK;
}
