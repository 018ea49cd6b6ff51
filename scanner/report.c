/* report.c - see report.h. */
#include "report.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fileio.h"
#include "jsonv.h"
#include "text.h"

void report_utc(long long epoch_ms, char out[32])
{
	time_t t = (time_t)(epoch_ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cJSON *result_json(const struct za_result *r)
{
	cJSON *o = cJSON_CreateObject(), *ev;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", r->check->id);
	cJSON_AddStringToObject(o, "title", r->check->title);
	cJSON_AddStringToObject(o, "contract", r->check->contract);
	cJSON_AddStringToObject(o, "severity", severity_name(r->severity));
	cJSON_AddStringToObject(o, "status", status_name(r->status));
	cJSON_AddStringToObject(o, "target", r->target);
	{
		char fp[REPORT_FP_LEN];
		report_fingerprint(r->check->id, r->target ? r->target : "", fp);
		cJSON_AddStringToObject(o, "fingerprint", fp);
	}
	if (r->baseline)
		cJSON_AddStringToObject(o, "baseline", r->baseline == 1 ? "new" : "unchanged");
	cJSON_AddStringToObject(o, "vantage", r->vantage);
	cJSON_AddStringToObject(o, "message", r->message);
	ev = cJSON_AddArrayToObject(o, "evidence");
	for (size_t i = 0; ev && i < r->nev; i++) {
		cJSON *e = cJSON_CreateObject();
		if (!e)
			break;
		cJSON_AddStringToObject(e, "kind", r->ev[i].kind);
		cJSON_AddStringToObject(e, "detail", r->ev[i].detail);
		if (r->ev[i].location)
			cJSON_AddStringToObject(e, "location", r->ev[i].location);
		cJSON_AddItemToArray(ev, e);
	}
	if (r->ev_dropped)
		cJSON_AddNumberToObject(o, "evidence_dropped", (double)r->ev_dropped);
	cJSON_AddStringToObject(o, "remediation", r->remediation);
	cJSON_AddNumberToObject(o, "duration_ms", (double)r->duration_ms);
	cJSON_AddBoolToObject(o, "required", r->required);
	if (r->waiver) {
		cJSON *w = cJSON_AddObjectToObject(o, "waiver");
		cJSON_AddStringToObject(w, "check", r->waiver->check);
		cJSON_AddStringToObject(w, "target", r->waiver->target);
		cJSON_AddStringToObject(w, "justification", r->waiver->justification);
		cJSON_AddStringToObject(w, "approved_by", r->waiver->approved_by);
		cJSON_AddStringToObject(w, "expires", r->waiver->expires);
		cJSON_AddStringToObject(w, "raw_status", status_name(r->raw_status));
	} else {
		cJSON_AddNullToObject(o, "waiver");
	}
	return o;
}

/* One string made safe in place: valid UTF-8, no control characters but
 * tab and line breaks (text.h). */
static int sanitize_string(char **s)
{
	size_t n = strlen(*s);
	struct buf b;
	int ctl = 0;

	for (size_t i = 0; i < n; i++) { /* line breaks and tabs are each writer's to render */
		unsigned char c = (unsigned char)(*s)[i];
		ctl |= (c < 0x20 && !strchr("\t\n\r", c)) || c == 0x7f;
		ctl |= c == 0xc2 && i + 1 < n && (unsigned char)(*s)[i + 1] >= 0x80 &&
		       (unsigned char)(*s)[i + 1] <= 0x9f; /* C1 controls (U+0080..U+009F: CSI, ...) */
	}
	if (!ctl && text_is_utf8(*s, n))
		return 0;
	buf_init(&b, 4 * n + 16);
	text_sanitize(*s, n, &b);
	if (b.oom) {
		buf_free(&b);
		return -1;
	}
	cJSON_free(*s);
	*s = cJSON_malloc(b.len + 1);
	if (!*s) {
		buf_free(&b);
		return -1;
	}
	memcpy(*s, buf_str(&b), b.len + 1);
	buf_free(&b);
	return 0;
}

int report_sanitize(cJSON *node, int depth)
{
	if (!node)
		return 0; /* no depth limit of its own: cJSON refuses documents nested deeper than 1000 */
	for (cJSON *c = node->child; c; c = c->next) {
		if (c->string && !(c->type & cJSON_StringIsConst) && sanitize_string(&c->string) != 0)
			return -1;
		if (cJSON_IsString(c) && c->valuestring && sanitize_string(&c->valuestring) != 0)
			return -1;
		if ((cJSON_IsArray(c) || cJSON_IsObject(c)) && report_sanitize(c, depth + 1) != 0)
			return -1;
	}
	return 0;
}

cJSON *report_build(const struct run_meta *m, const struct result_set *rs, enum za_verdict v,
                    const struct za_summary *sum)
{
	cJSON *doc = cJSON_CreateObject(), *o, *a, *fb;

	if (!doc)
		return NULL;
	cJSON_AddStringToObject(doc, "schema", ZA_REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(doc, "tool");
	cJSON_AddStringToObject(o, "name", ZA_TOOL_NAME);
	cJSON_AddStringToObject(o, "version", ZA_VERSION);
	o = cJSON_AddObjectToObject(doc, "run");
	cJSON_AddStringToObject(o, "id", m->id);
	cJSON_AddStringToObject(o, "started_at", m->started_at);
	cJSON_AddStringToObject(o, "finished_at", m->finished_at);
	cJSON_AddNumberToObject(o, "duration_ms", (double)m->duration_ms);
	cJSON_AddNumberToObject(o, "connect_timeout_ms", (double)m->connect_timeout_ms);
	if (m->connect_floor_ms) {
		cJSON *ct = cJSON_AddObjectToObject(o, "connect_timeouts"), *na;
		cJSON_AddNumberToObject(ct, "floor_ms", (double)m->connect_floor_ms);
		cJSON_AddNumberToObject(ct, "ceiling_ms", (double)m->connect_ceiling_ms);
		na = cJSON_AddArrayToObject(ct, "networks");
		for (size_t i = 0; na && i < m->nnets; i++) {
			cJSON *n = cJSON_CreateObject();
			if (!n || !cJSON_AddItemToArray(na, n)) {
				cJSON_Delete(n);
				break;
			}
			cJSON_AddStringToObject(n, "network", m->nets[i].net);
			cJSON_AddNumberToObject(n, "samples", (double)m->nets[i].samples);
			cJSON_AddNumberToObject(n, "srtt_ms", (double)m->nets[i].srtt_us / 1000.0);
			cJSON_AddNumberToObject(n, "rttvar_ms", (double)m->nets[i].rttvar_us / 1000.0);
			cJSON_AddNumberToObject(n, "timeout_ms", (double)m->nets[i].timeout_ms);
		}
		cJSON_AddNumberToObject(ct, "networks_not_listed", (double)m->nets_more);
		if (m->rtt_untracked)
			cJSON_AddNumberToObject(ct, "samples_untracked", (double)m->rtt_untracked);
	}
	cJSON_AddNumberToObject(o, "endpoints", (double)m->endpoints);
	cJSON_AddNumberToObject(o, "jobs", (double)m->jobs);
	if (m->control && *m->control)
		cJSON_AddStringToObject(o, "control", m->control);
	o = cJSON_AddObjectToObject(doc, "vantage");
	cJSON_AddStringToObject(o, "name", m->vantage_name);
	cJSON_AddStringToObject(o, "role", role_name(m->role));
	cJSON_AddStringToObject(o, "kind", m->vantage_kind);
	cJSON_AddStringToObject(o, "hostname", m->hostname);
	a = cJSON_AddArrayToObject(o, "source_addresses");
	for (size_t i = 0; a && i < m->naddrs; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(m->addrs[i]));
	o = cJSON_AddObjectToObject(doc, "policy");
	cJSON_AddStringToObject(o, "name", m->policy_name);
	cJSON_AddStringToObject(o, "version", m->policy_version);
	cJSON_AddStringToObject(o, "profile", m->policy_profile);
	cJSON_AddStringToObject(o, "sha256", m->policy_sha256);
	cJSON_AddStringToObject(o, "gate_severity", severity_name(m->gate));
	cJSON_AddStringToObject(doc, "verdict", verdict_name(v));
	o = cJSON_AddObjectToObject(doc, "summary");
	cJSON_AddNumberToObject(o, "total", (double)sum->total);
	for (int s = 0; s < ZA_STATUS_COUNT; s++)
		cJSON_AddNumberToObject(o, status_name((enum za_status)s), (double)sum->by_status[s]);
	fb = cJSON_AddObjectToObject(o, "fail_by_severity");
	for (int s = ZA_SEV_COUNT - 1; fb && s >= 0; s--)
		cJSON_AddNumberToObject(fb, severity_name((enum za_severity)s), (double)sum->fail_by_severity[s]);
	a = cJSON_AddArrayToObject(doc, "checks");
	for (size_t i = 0; a && i < rs->n; i++) {
		cJSON *r = result_json(rs->v[i]);
		if (!r || !cJSON_AddItemToArray(a, r)) {
			cJSON_Delete(r);
			cJSON_Delete(doc);
			return NULL;
		}
	}
	if (m->waivers)
		cJSON_AddItemToObject(doc, "waivers", waivers_json(m->waivers));
	a = cJSON_AddArrayToObject(doc, "findings");
	for (size_t i = 0; a && i < rs->nf; i++) {
		const struct za_finding *f = &rs->f[i];
		cJSON *x = cJSON_CreateObject(), *loc;
		if (!x)
			break;
		cJSON_AddStringToObject(x, "check", f->check);
		cJSON_AddStringToObject(x, "rule", f->rule);
		loc = cJSON_AddObjectToObject(x, "location");
		cJSON_AddStringToObject(loc, "path", f->path);
		cJSON_AddNumberToObject(loc, "line", (double)f->line);
		cJSON_AddNumberToObject(loc, "column", (double)f->column);
		cJSON_AddStringToObject(x, "fingerprint", f->fingerprint);
		cJSON_AddStringToObject(x, "preview", f->preview);
		cJSON_AddBoolToObject(x, "known_secret", f->known_secret);
		if (f->note)
			cJSON_AddStringToObject(x, "note", f->note);
		if (f->severity >= 0)
			cJSON_AddStringToObject(x, "severity", severity_name((enum za_severity)f->severity));
		cJSON_AddItemToArray(a, x);
	}
	if (!a) {
		cJSON_Delete(doc);
		return NULL;
	}
	/* every string of the document is valid UTF-8 without control characters,
	 * whatever a policy or a probe put in it: each writer may rely on that */
	if (report_sanitize(doc, 0) != 0) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

enum za_err report_load(const char *path, cJSON **out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	cJSON *doc;
	const cJSON *schema, *checks;
	enum za_err r;

	*out = NULL;
	r = fileio_read(path, ZA_MAX_REPORT_BYTES, FILEIO_TEXT, &text, &len, err, errlen);
	if (r != ZA_OK)
		return r;
	doc = jsonv_parse(path, text, len, err, errlen);
	free(text);
	if (!doc)
		return ZA_ERR_INPUT;
	if (report_sanitize(doc, 0) != 0) { /* a hand-edited or hostile report renders safely too */
		cJSON_Delete(doc);
		za_seterr(err, errlen, "%s: out of memory", path);
		return ZA_ERR_NOMEM;
	}
	schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
	if (!cJSON_IsString(schema) || strcmp(schema->valuestring, ZA_REPORT_SCHEMA) != 0) {
		za_seterr(err, errlen, "%s: schema: expected \"%s\"", path, ZA_REPORT_SCHEMA);
		cJSON_Delete(doc);
		return ZA_ERR_INPUT;
	}
	checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	if (!cJSON_IsArray(checks) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "verdict"))) {
		za_seterr(err, errlen, "%s: not a zlh-audit report (no checks array or verdict)", path);
		cJSON_Delete(doc);
		return ZA_ERR_INPUT;
	}
	*out = doc;
	return ZA_OK;
}

const char *report_str(const cJSON *obj, const char *key)
{
	const cJSON *c = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return cJSON_IsString(c) && c->valuestring ? c->valuestring : "";
}

double report_num(const cJSON *obj, const char *key, double def)
{
	const cJSON *c = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return cJSON_IsNumber(c) ? c->valuedouble : def;
}

long report_long(const cJSON *obj, const char *key, long def)
{
	double d = report_num(obj, key, (double)def);

	/* a loaded report is untrusted: 1e300 (or NaN) must not reach a cast to long */
	return d >= -9.0e18 && d <= 9.0e18 ? (long)d : def;
}

void report_fingerprint(const char *check, const char *target, char out[REPORT_FP_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	snprintf(out, REPORT_FP_LEN, "sha256:");
	if (!c)
		return;
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(c, check, strlen(check) + 1) == 1 &&
	    EVP_DigestUpdate(c, target, strlen(target)) == 1 && EVP_DigestFinal_ex(c, md, &mdlen) == 1)
		for (unsigned i = 0; i < 8 && i < mdlen; i++)
			snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	EVP_MD_CTX_free(c);
}
