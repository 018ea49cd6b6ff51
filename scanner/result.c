/* result.c - see result.h. */
#define _GNU_SOURCE
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void results_init(struct result_set *rs, const char *vantage)
{
	memset(rs, 0, sizeof(*rs));
	rs->vantage = strdup(vantage ? vantage : "");
	if (!rs->vantage)
		rs->oom = 1;
}

static void result_free(struct za_result *r)
{
	if (!r)
		return;
	free(r->target);
	free(r->vantage);
	free(r->message);
	free(r->remediation);
	for (size_t i = 0; i < r->nev; i++) {
		free(r->ev[i].kind);
		free(r->ev[i].detail);
		free(r->ev[i].location);
	}
	free(r);
}

void results_free(struct result_set *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		result_free(rs->v[i]);
	free(rs->v);
	for (size_t i = 0; i < rs->nf; i++) {
		free(rs->f[i].check);
		free(rs->f[i].rule);
		free(rs->f[i].path);
		free(rs->f[i].preview);
		free(rs->f[i].note);
	}
	free(rs->f);
	free(rs->vantage);
	memset(rs, 0, sizeof(*rs));
}

/* Redact + sanitize a formatted string into a new allocation. */
static char *clean_vformat(struct result_set *rs, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static char *clean_vformat(struct result_set *rs, const char *fmt, va_list ap)
{
	char *raw = NULL;
	struct buf out;
	int n = vasprintf(&raw, fmt, ap);

	if (n < 0) {
		rs->oom = 1;
		return NULL;
	}
	buf_init(&out, ZA_MAX_EVIDENCE);
	redact_text(&rs->rd, raw, (size_t)n, &out);
	explicit_bzero(raw, (size_t)n);
	free(raw);
	if (out.truncated) {
		/* keep the cap, say so */
		out.max += 16;
		buf_puts(&out, " [truncated]");
	}
	if (out.oom) {
		rs->oom = 1;
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static char *clean_format(struct result_set *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *clean_format(struct result_set *rs, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = clean_vformat(rs, fmt, ap);
	va_end(ap);
	return s;
}

struct za_result *results_new(struct result_set *rs, const struct check_def *check, const char *target)
{
	struct za_result *r;

	if (rs->n == rs->cap) {
		size_t nc = rs->cap ? rs->cap * 2 : 16;
		struct za_result **nv = realloc(rs->v, nc * sizeof(*nv));
		if (!nv) {
			rs->oom = 1;
			return NULL;
		}
		rs->v = nv;
		rs->cap = nc;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		rs->oom = 1;
		return NULL;
	}
	r->check = check;
	r->target = clean_format(rs, "%s", target ? target : "");
	r->vantage = strdup(rs->vantage ? rs->vantage : "");
	r->remediation = strdup(check->remediation ? check->remediation : "");
	r->message = strdup("the probe did not finish");
	r->status = ZA_ERROR;
	r->severity = check->severity;
	r->required = 1;
	if (!r->target || !r->vantage || !r->remediation || !r->message) {
		result_free(r);
		rs->oom = 1;
		return NULL;
	}
	rs->v[rs->n++] = r;
	return r;
}

static void set_status(struct result_set *rs, struct za_result *r, enum za_status st, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));
static void set_status(struct result_set *rs, struct za_result *r, enum za_status st, const char *fmt, va_list ap)
{
	char *m = clean_vformat(rs, fmt, ap);

	r->status = st;
	if (m) {
		free(r->message);
		r->message = m;
	}
}

void result_status(struct result_set *rs, struct za_result *r, enum za_status st, const char *fmt, ...)
{
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	set_status(rs, r, st, fmt, ap);
	va_end(ap);
}

void result_skip(struct result_set *rs, struct za_result *r, const char *fmt, ...)
{
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	set_status(rs, r, ZA_SKIPPED, fmt, ap);
	va_end(ap);
}

void result_evidence(struct result_set *rs, struct za_result *r, const char *kind, const char *location,
                     const char *fmt, ...)
{
	va_list ap;
	struct za_evidence *e;

	if (!r)
		return;
	if (r->nev >= ZA_MAX_EVIDENCE_ITEMS) {
		r->ev_dropped++;
		return;
	}
	e = &r->ev[r->nev];
	va_start(ap, fmt);
	e->detail = clean_vformat(rs, fmt, ap);
	va_end(ap);
	e->kind = strdup(kind);
	e->location = location ? clean_format(rs, "%s", location) : NULL;
	if (!e->detail || !e->kind || (location && !e->location)) {
		free(e->detail);
		free(e->kind);
		free(e->location);
		memset(e, 0, sizeof(*e));
		rs->oom = 1;
		return;
	}
	r->nev++;
}

void result_finding_fp(struct result_set *rs, const struct za_result *r, const char *rule, const char *path, long line,
                       long column, const char *fingerprint, const char *preview, int known, const char *note,
                       int severity)
{
	struct za_finding *f;

	if (rs->nf == rs->fcap) {
		size_t nc = rs->fcap ? rs->fcap * 2 : 16;
		struct za_finding *nf = realloc(rs->f, nc * sizeof(*nf));
		if (!nf) {
			rs->oom = 1;
			return;
		}
		rs->f = nf;
		rs->fcap = nc;
	}
	f = &rs->f[rs->nf];
	memset(f, 0, sizeof(*f));
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", fingerprint);
	f->known_secret = known;
	f->severity = severity;
	f->check = strdup(r->check->id);
	f->rule = strdup(rule);
	f->path = clean_format(rs, "%s", path);
	f->preview = clean_format(rs, "%s", preview);
	f->note = note && *note ? clean_format(rs, "%s", note) : NULL;
	f->line = line;
	f->column = column;
	if (!f->check || !f->rule || !f->path || !f->preview || (note && *note && !f->note)) {
		free(f->check);
		free(f->rule);
		free(f->path);
		free(f->preview);
		free(f->note);
		rs->oom = 1;
		return;
	}
	rs->nf++;
}

void result_finding(struct result_set *rs, const struct za_result *r, const char *rule, const char *path, long line,
                    long column, const char *value, size_t len)
{
	char fp[SECRET_FINGERPRINT_LEN], preview[16];
	size_t keep = len >= 12 ? 4 : 0; /* short values show nothing */
	int known = 0;

	secret_fingerprint_bytes(value, len, fp);
	for (size_t i = 0; i < keep; i++)
		preview[i] = (value[i] >= 0x21 && value[i] < 0x7f) ? value[i] : '?';
	memcpy(preview + keep, "****", 5);
	for (size_t i = 0; i < rs->rd.nknown; i++)
		if (rs->rd.known[i] && secret_equal(rs->rd.known[i], value, len))
			known = 1;
	result_finding_fp(rs, r, rule, path, line, column, fp, preview, known, NULL, -1);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct za_finding *x = a, *y = b;
	int c = strcmp(x->check, y->check);

	if (!c)
		c = strcmp(x->path, y->path);
	if (!c)
		c = x->line < y->line ? -1 : x->line > y->line;
	if (!c)
		c = x->column < y->column ? -1 : x->column > y->column;
	return c;
}

static int cmp_result(const void *a, const void *b)
{
	const struct za_result *x = *(const struct za_result *const *)a;
	const struct za_result *y = *(const struct za_result *const *)b;
	int c = strcmp(x->check->id, y->check->id);

	if (c)
		return c;
	c = strcmp(x->target, y->target);
	if (c)
		return c;
	return strcmp(x->vantage, y->vantage);
}

void results_sort(struct result_set *rs)
{
	if (rs->n > 1)
		qsort(rs->v, rs->n, sizeof(rs->v[0]), cmp_result);
	if (rs->nf > 1)
		qsort(rs->f, rs->nf, sizeof(rs->f[0]), cmp_finding);
}
