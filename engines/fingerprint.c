/* fingerprint.c - see fingerprint.h. */
#define _GNU_SOURCE
#include "fingerprint.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "jsonv.h"

/* Paths a fingerprint may never request (state changes, bundles). */
static const char *const forbidden[] = {"/-/reload", "/-/quit",    "/-/support",   "/admin",       "/flush",
                                        "/shutdown", "/log_level", "/api/v1/push", "/metrics/job", NULL};

static void req_free(struct fp_request *r)
{
	free(r->path);
	free(r->status);
	jv_free_strings(r->all);
	jv_free_strings(r->any);
	free(r->vjson);
	free(r->vafter);
	free(r->vuntil);
}

void fp_free(struct fp_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nsvc; i++) {
		struct fp_service *s = &db->svc[i];
		free(s->id);
		free(s->name);
		jv_free_strings(s->processes);
		for (size_t j = 0; j < s->nreq; j++)
			req_free(&s->req[j]);
		free(s->req);
		for (size_t j = 0; j < s->nex; j++) {
			free(s->ex[j].body);
			free(s->ex[j].version);
		}
		free(s->ex);
	}
	free(db->svc);
	free(db->path);
	free(db);
}

const struct fp_service *fp_find(const struct fp_db *db, const char *id)
{
	for (size_t i = 0; db && id && i < db->nsvc; i++)
		if (strcmp(db->svc[i].id, id) == 0)
			return &db->svc[i];
	return NULL;
}

static int parse_request(struct jv *v, const cJSON *o, const char *path, struct fp_request *r)
{
	static const char *const keys[] = {"path", "status", "all", "any", "version", NULL};
	static const char *const vkeys[] = {"json", "after", "until", NULL};
	char t[ZA_MAX_ERR], t2[ZA_MAX_ERR];
	const cJSON *st, *ver;

	if (!jv_only_keys(v, o, path, keys))
		return 0;
	jv_string(v, o, path, "path", 1, 512, &r->path);
	v->allow_ws = 1; /* body markers may span lines */
	jv_string_array(v, o, path, "all", 0, 256, &r->all, &r->nall);
	jv_string_array(v, o, path, "any", 0, 256, &r->any, &r->nany);
	v->allow_ws = 0;
	if (v->failed)
		return 0;
	if (r->path[0] != '/')
		return jv_fail(v, jv_key_path(t, path, "path"), "must start with '/'");
	for (size_t i = 0; forbidden[i]; i++)
		if (strstr(r->path, forbidden[i]))
			return jv_fail(v, jv_key_path(t, path, "path"),
			               "'%s' changes state or hands out data bundles; never requested", r->path);
	if (!r->nall && !r->nany)
		return jv_fail(v, path, "needs markers in 'all' or 'any'");
	st = jv_array(v, o, path, "status", 0);
	if (st) {
		size_t i = 0;
		r->status = calloc((size_t)cJSON_GetArraySize(st) + 1, sizeof(long));
		if (!r->status)
			return jv_fail(v, path, "out of memory");
		for (const cJSON *c = st->child; c; c = c->next, i++) {
			if (!cJSON_IsNumber(c) || c->valuedouble < 100 || c->valuedouble > 599 ||
			    c->valuedouble != (double)(long)c->valuedouble)
				return jv_fail(v, jv_idx_path(t2, jv_key_path(t, path, "status"), (int)i),
				               "expected an HTTP status 100-599");
			r->status[i] = (long)c->valuedouble;
			r->nstatus++;
		}
	}
	ver = jv_object(v, o, path, "version", 0);
	if (ver) {
		jv_key_path(t, path, "version");
		if (!jv_only_keys(v, ver, t, vkeys))
			return 0;
		jv_string(v, ver, t, "json", 0, 128, &r->vjson);
		jv_string(v, ver, t, "after", 0, 128, &r->vafter);
		jv_string(v, ver, t, "until", 0, 16, &r->vuntil);
		if (v->failed)
			return 0;
		if (!!r->vjson == !!r->vafter)
			return jv_fail(v, t, "give exactly one of 'json' or 'after'");
		r->vkind = r->vjson ? FP_VERSION_JSON : FP_VERSION_AFTER;
	}
	return !v->failed;
}

static int parse_examples(struct jv *v, const cJSON *o, const char *path, struct fp_service *s)
{
	static const char *const keys[] = {"match", "no_match", NULL};
	static const char *const ekeys[] = {"request", "status", "body", "version", NULL};
	static const char *const lists[] = {"match", "no_match"};
	char lp[ZA_MAX_ERR], ep[ZA_MAX_ERR];
	size_t total = 0;

	if (!jv_only_keys(v, o, path, keys))
		return 0;
	for (int l = 0; l < 2; l++) {
		const cJSON *a = jv_array(v, o, path, lists[l], 1);
		if (!a)
			return 0;
		if (cJSON_GetArraySize(a) < 1)
			return jv_fail(v, jv_key_path(lp, path, lists[l]), "needs at least one example");
		total += (size_t)cJSON_GetArraySize(a);
	}
	s->ex = calloc(total + 1, sizeof(*s->ex));
	if (!s->ex)
		return jv_fail(v, path, "out of memory");
	for (int l = 0; l < 2; l++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, lists[l]);
		int i = 0;
		jv_key_path(lp, path, lists[l]);
		for (const cJSON *e = a->child; e; e = e->next, i++) {
			struct fp_example *x = &s->ex[s->nex++];
			const cJSON *body;
			jv_idx_path(ep, lp, i);
			if (!jv_only_keys(v, e, ep, ekeys))
				return 0;
			x->must_match = l == 0;
			x->request = (size_t)jv_int(v, e, ep, "request", 1, 0, (long)s->nreq - 1, 0);
			x->status = jv_int(v, e, ep, "status", 1, 100, 599, 200);
			jv_string(v, e, ep, "version", 0, 64, &x->version);
			body = cJSON_GetObjectItemCaseSensitive(e, "body");
			if (!cJSON_IsString(body))
				return jv_fail(v, jv_key_path(lp, ep, "body"), "expected a string");
			if (!(x->body = strdup(body->valuestring)))
				return jv_fail(v, ep, "out of memory");
			if (v->failed)
				return 0;
		}
	}
	return 1;
}

enum za_err fp_parse(const char *file, const char *text, size_t len, struct fp_db **out, char *err, size_t errlen)
{
	static const char *const keys[] = {"schema", "services", NULL};
	static const char *const skeys[] = {"id", "name", "processes", "source", "requests", "examples", NULL};
	cJSON *root = NULL;
	struct fp_db *db = NULL;
	struct jv v;
	const cJSON *svcs;
	char sp[ZA_MAX_ERR], rp[ZA_MAX_ERR], t[ZA_MAX_ERR];
	char *schema = NULL;
	enum za_err r = ZA_ERR_INPUT;
	size_t i = 0;

	*out = NULL;
	jv_init(&v, file, err, errlen);
	root = jsonv_parse(file, text, len, err, errlen);
	if (!root)
		goto out;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(file))) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	if (!jv_only_keys(&v, root, "", keys))
		goto out;
	jv_string(&v, root, "", "schema", 1, 64, &schema);
	if (schema && strcmp(schema, "zlh-audit/fingerprints/v1") != 0)
		jv_fail(&v, "schema", "expected \"zlh-audit/fingerprints/v1\"");
	free(schema);
	svcs = jv_array(&v, root, "", "services", 1);
	if (!svcs)
		goto out;
	db->svc = calloc((size_t)cJSON_GetArraySize(svcs) + 1, sizeof(*db->svc));
	if (!db->svc) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	for (const cJSON *s = svcs->child; s; s = s->next, i++) {
		struct fp_service *fs = &db->svc[db->nsvc++];
		const cJSON *reqs, *ex;
		char *source = NULL;
		size_t j = 0;

		jv_idx_path(sp, "services", (int)i);
		if (!jv_only_keys(&v, s, sp, skeys))
			goto out;
		jv_string(&v, s, sp, "id", 1, ZA_MAX_NAME, &fs->id);
		jv_string(&v, s, sp, "name", 1, ZA_MAX_NAME, &fs->name);
		jv_string(&v, s, sp, "source", 0, 1024, &source);
		jv_string_array(&v, s, sp, "processes", 0, 64, &fs->processes, &fs->nprocesses);
		free(source);
		reqs = jv_array(&v, s, sp, "requests", 1);
		if (!reqs)
			goto out;
		if (cJSON_GetArraySize(reqs) < 1) {
			jv_fail(&v, jv_key_path(t, sp, "requests"), "needs at least one request");
			goto out;
		}
		for (size_t k = 0; k + 1 < db->nsvc; k++)
			if (strcmp(db->svc[k].id, fs->id) == 0) {
				jv_fail(&v, jv_key_path(t, sp, "id"), "service id '%s' is used twice", fs->id);
				goto out;
			}
		fs->req = calloc((size_t)cJSON_GetArraySize(reqs) + 1, sizeof(*fs->req));
		if (!fs->req) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
		jv_key_path(t, sp, "requests");
		for (const cJSON *q = reqs->child; q; q = q->next, j++) {
			fs->nreq++;
			if (!parse_request(&v, q, jv_idx_path(rp, t, (int)j), &fs->req[j]))
				goto out;
		}
		ex = jv_object(&v, s, sp, "examples", 1);
		if (!ex || !parse_examples(&v, ex, jv_key_path(t, sp, "examples"), fs))
			goto out;
	}
	*out = db;
	db = NULL; /* caller owns */
	r = ZA_OK;
out:
	if (r == ZA_ERR_NOMEM)
		za_seterr(err, errlen, "%s: out of memory", file);
	fp_free(db);
	cJSON_Delete(root);
	return r;
}

enum za_err fp_load(const char *path, struct fp_db **out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	enum za_err r = fileio_read(path, ZA_MAX_FINGERPRINT_BYTES, FILEIO_TEXT, &text, &len, err, errlen);

	*out = NULL;
	if (r != ZA_OK)
		return r;
	r = fp_parse(path, text, len, out, err, errlen);
	free(text);
	return r;
}

static void clean_version(const char *s, size_t n, char *out, size_t vlen)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < vlen; i++) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-' || c == '_' || c == '+' || c == '~')
			out[o++] = c;
		else
			break;
	}
	out[o] = '\0';
}

static void version_json(const char *dotpath, const char *body, size_t len, char *out, size_t vlen)
{
	cJSON *root = jsonv_parse_untrusted(body, len, NULL);
	const cJSON *cur = root;
	char seg[129];
	const char *p = dotpath;

	while (cur && *p) {
		size_t n = strcspn(p, ".");
		if (n >= sizeof(seg))
			cur = NULL;
		else {
			memcpy(seg, p, n);
			seg[n] = '\0';
			cur = cJSON_IsObject(cur) ? cJSON_GetObjectItemCaseSensitive(cur, seg) : NULL;
		}
		p += n;
		if (*p == '.')
			p++;
	}
	if (cJSON_IsString(cur))
		clean_version(cur->valuestring, strlen(cur->valuestring), out, vlen);
	cJSON_Delete(root);
}

int fp_match(const struct fp_request *req, long status, const char *body, size_t len, char *version, size_t vlen)
{
	int ok = req->nstatus == 0;

	if (vlen)
		version[0] = '\0';
	for (size_t i = 0; i < req->nstatus; i++)
		ok |= req->status[i] == status;
	if (!ok)
		return 0;
	for (size_t i = 0; i < req->nall; i++)
		if (!memmem(body, len, req->all[i], strlen(req->all[i])))
			return 0;
	if (req->nany) {
		ok = 0;
		for (size_t i = 0; i < req->nany && !ok; i++)
			ok = memmem(body, len, req->any[i], strlen(req->any[i])) != NULL;
		if (!ok)
			return 0;
	}
	if (req->vkind == FP_VERSION_JSON && vlen)
		version_json(req->vjson, body, len, version, vlen);
	else if (req->vkind == FP_VERSION_AFTER && vlen) {
		const char *a = memmem(body, len, req->vafter, strlen(req->vafter));
		if (a) {
			size_t off = (size_t)(a - body) + strlen(req->vafter), n = 0;
			while (off + n < len && n < 64 && !strchr(req->vuntil ? req->vuntil : "\"", body[off + n]))
				n++;
			clean_version(body + off, n, version, vlen);
		}
	}
	return 1;
}

enum za_err fp_selftest(const struct fp_db *db, char *err, size_t errlen)
{
	for (size_t i = 0; i < db->nsvc; i++) {
		const struct fp_service *s = &db->svc[i];
		for (size_t j = 0; j < s->nex; j++) {
			const struct fp_example *x = &s->ex[j];
			char ver[65];
			int m = fp_match(&s->req[x->request], x->status, x->body, strlen(x->body), ver, sizeof(ver));
			if (m != x->must_match) {
				za_seterr(err, errlen, "%s: services[%zu] (%s): example %zu %s but %s", db->path, i,
				          s->id, j, x->must_match ? "must match" : "must not match",
				          m ? "matched" : "did not match");
				return ZA_ERR_INPUT;
			}
			if (m && x->version && strcmp(x->version, ver) != 0) {
				za_seterr(err, errlen,
				          "%s: services[%zu] (%s): example %zu: version read as '%s', expected '%s'",
				          db->path, i, s->id, j, ver, x->version);
				return ZA_ERR_INPUT;
			}
		}
	}
	return ZA_OK;
}
