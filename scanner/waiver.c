/* waiver.c - the waiver file and its effect on results (see waiver.h). */
#define _GNU_SOURCE
#include "waiver.h"

#include <fnmatch.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "jsonv.h"

#include <cjson/cJSON.h>
static int valid_date(const char *s)
{
	struct tm tm;
	const char *end;
	time_t t;
	char back[11];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (!end || *end)
		return 0;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0; /* 2026-02-30 does not come back the same */
}

static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void waivers_free(struct waivers *w)
{
	for (size_t i = 0; w && i < w->n; i++) {
		free(w->v[i].check);
		free(w->v[i].target);
		free(w->v[i].justification);
		free(w->v[i].approved_by);
	}
	if (w) {
		free(w->v);
		w->v = NULL;
		w->n = 0;
	}
}

enum za_err waivers_parse(const char *file, const char *text, size_t len, const char *today, struct waivers *out,
                          char *err, size_t errlen)
{
	static const char *const top[] = {"waivers", "$schema", NULL};
	static const char *const keys[] = {"check", "target", "justification", "approved_by", "expires", NULL};
	cJSON *root;
	const cJSON *arr;
	struct jv v;
	int i = 0;

	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", file);
	if (today && !valid_date(today)) {
		za_seterr(err, errlen, "today's date '%s' is not YYYY-MM-DD", today);
		return ZA_ERR_USAGE;
	}
	if (today)
		snprintf(out->today, sizeof(out->today), "%s", today);
	else
		today_utc(out->today);
	{
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;
		if (EVP_Digest(text, len, md, &mdlen, EVP_sha256(), NULL) == 1)
			for (unsigned k = 0; k < mdlen && k < 32; k++)
				snprintf(out->sha256 + 2 * k, 3, "%02x", md[k]);
	}
	jv_init(&v, file, err, errlen);
	root = jsonv_parse(file, text, len, err, errlen);
	if (!root)
		return ZA_ERR_POLICY;
	if (!cJSON_IsObject(root)) {
		jv_fail(&v, "", "expected an object with a \"waivers\" list");
		goto fail;
	}
	if (!jv_only_keys(&v, root, "", top) || !(arr = jv_array(&v, root, "", "waivers", 1)))
		goto fail;
	if (cJSON_GetArraySize(arr) > ZA_MAX_WAIVERS) {
		jv_fail(&v, "waivers", "more than %d waivers", ZA_MAX_WAIVERS);
		goto fail;
	}
	out->v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*out->v));
	if (!out->v) {
		jv_fail(&v, "waivers", "out of memory");
		goto fail;
	}
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		char path[64];
		struct waiver *w = &out->v[out->n];
		char *expires = NULL;
		jv_idx_path(path, "waivers", i);
		if (!cJSON_IsObject(e)) {
			jv_fail(&v, path, "expected an object");
			goto fail;
		}
		out->n++;
		if (!jv_only_keys(&v, e, path, keys) || !jv_string(&v, e, path, "check", 1, 128, &w->check) ||
		    !jv_string(&v, e, path, "target", 1, 1024, &w->target) ||
		    !jv_string(&v, e, path, "justification", 1, 2048, &w->justification) ||
		    !jv_string(&v, e, path, "approved_by", 1, 256, &w->approved_by) ||
		    !jv_string(&v, e, path, "expires", 1, 32, &expires))
			goto fail;
		if (!valid_date(expires)) {
			jv_fail(&v, path, "expires: '%s' is not a date (YYYY-MM-DD)", expires);
			free(expires);
			goto fail;
		}
		if (!checks_find(w->check)) {
			jv_fail(&v, path, "check: '%s' is not a check of the catalogue (zlh-audit checks)", w->check);
			free(expires);
			goto fail;
		}
		if (!*w->justification || !*w->approved_by || !*w->target) {
			jv_fail(&v, path, "target, justification and approved_by must not be empty");
			free(expires);
			goto fail;
		}
		snprintf(w->expires, sizeof(w->expires), "%s", expires);
		free(expires);
		w->expired = strcmp(out->today, w->expires) >= 0;
	}
	cJSON_Delete(root);
	return ZA_OK;
fail:
	cJSON_Delete(root);
	waivers_free(out);
	return ZA_ERR_POLICY;
}

enum za_err waivers_load(const char *path, const char *today, struct waivers *out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	enum za_err r = fileio_read(path, ZA_MAX_WAIVER_BYTES, 0, &text, &len, err, errlen);

	if (r != ZA_OK) {
		memset(out, 0, sizeof(*out));
		return r;
	}
	r = waivers_parse(path, text, len, today, out, err, errlen);
	free(text);
	return r;
}

/* The valid waiver for (check, target) - counting expired matches - or NULL. */
static struct waiver *match(struct waivers *w, const char *check, const char *target)
{
	for (size_t k = 0; k < w->n; k++) {
		struct waiver *wv = &w->v[k];
		if (strcmp(wv->check, check) != 0 || fnmatch(wv->target, target ? target : "", 0) != 0)
			continue;
		if (wv->expired) {
			wv->would++;
			continue;
		}
		wv->used++;
		return wv;
	}
	return NULL;
}

int waivers_apply_json(struct waivers *w, cJSON *check)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(check, "status");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(check, "id");
	const cJSON *target = cJSON_GetObjectItemCaseSensitive(check, "target");
	struct waiver *wv;
	cJSON *o;

	if (!cJSON_IsString(st) || strcmp(st->valuestring, "fail") != 0 || !cJSON_IsString(id))
		return 0;
	wv = match(w, id->valuestring, cJSON_IsString(target) ? target->valuestring : "");
	if (!wv || !(o = cJSON_CreateObject()))
		return 0;
	cJSON_AddStringToObject(o, "check", wv->check);
	cJSON_AddStringToObject(o, "target", wv->target);
	cJSON_AddStringToObject(o, "justification", wv->justification);
	cJSON_AddStringToObject(o, "approved_by", wv->approved_by);
	cJSON_AddStringToObject(o, "expires", wv->expires);
	cJSON_AddStringToObject(o, "raw_status", "fail");
	cJSON_ReplaceItemInObjectCaseSensitive(check, "waiver", o);
	cJSON_ReplaceItemInObjectCaseSensitive(check, "status", cJSON_CreateString("waived"));
	return 1;
}

cJSON *waivers_json(const struct waivers *w)
{
	cJSON *wo = cJSON_CreateObject(), *used, *expired, *unused;

	if (!wo)
		return NULL;
	cJSON_AddStringToObject(wo, "file", w->path);
	cJSON_AddStringToObject(wo, "sha256", w->sha256);
	cJSON_AddStringToObject(wo, "today", w->today);
	used = cJSON_AddArrayToObject(wo, "used");
	expired = cJSON_AddArrayToObject(wo, "expired");
	unused = cJSON_AddArrayToObject(wo, "unused");
	for (size_t i = 0; i < w->n; i++) {
		const struct waiver *x = &w->v[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddStringToObject(o, "check", x->check);
		cJSON_AddStringToObject(o, "target", x->target);
		cJSON_AddStringToObject(o, "justification", x->justification);
		cJSON_AddStringToObject(o, "approved_by", x->approved_by);
		cJSON_AddStringToObject(o, "expires", x->expires);
		cJSON_AddNumberToObject(o, "results", (double)(x->expired ? x->would : x->used));
		cJSON_AddItemToArray(x->expired ? expired : x->used ? used : unused, o);
	}
	return wo;
}

void waivers_apply(struct waivers *w, struct result_set *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct za_result *r = rs->v[i];
		if (r->status != ZA_FAIL)
			continue;
		for (size_t k = 0; k < w->n; k++) {
			struct waiver *wv = &w->v[k];
			if (strcmp(wv->check, r->check->id) != 0 ||
			    fnmatch(wv->target, r->target ? r->target : "", 0) != 0)
				continue;
			if (wv->expired) {
				wv->would++;
				continue;
			}
			wv->used++;
			r->waiver = wv;
			r->raw_status = r->status;
			r->status = ZA_WAIVED;
			break;
		}
	}
}
