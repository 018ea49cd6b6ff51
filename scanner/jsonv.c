/* jsonv.c - see jsonv.h. */
#define _GNU_SOURCE
#include "jsonv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void where(const char *text, const char *at, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (const char *p = text; p < at; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int dup_keys(const cJSON *node, char *path, size_t pathcap, char *err, size_t errlen, const char *file)
{
	size_t plen = strlen(path);
	int idx = 0;

	for (const cJSON *c = node ? node->child : NULL; c; c = c->next, idx++) {
		if (cJSON_IsObject(node)) {
			for (const cJSON *d = node->child; d != c; d = d->next) {
				if (c->string && d->string && strcmp(c->string, d->string) == 0) {
					za_seterr(err, errlen, "%s: %s%s%s: duplicate key", file, path, plen ? "." : "",
					          c->string);
					return -1;
				}
			}
			snprintf(path + plen, pathcap - plen, "%s%s", plen ? "." : "", c->string ? c->string : "");
		} else {
			snprintf(path + plen, pathcap - plen, "[%d]", idx);
		}
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && dup_keys(c, path, pathcap, err, errlen, file) != 0)
			return -1;
		path[plen] = '\0';
	}
	return 0;
}

/* What in a JSON text would make cJSON cut a string short or read it as
 * other than it is: a \u0000 escape, a \u escape without four hex digits
 * (cJSON reads those as 0), a raw control byte inside a string (invalid JSON
 * that cJSON accepts; a raw NUL ends the string). fn sees each with its
 * offset and kind. Returns how many. */
enum taint_kind { T_NUL_ESCAPE, T_BAD_ESCAPE, T_RAW_CONTROL };

static int hex4(const char *p)
{
	for (int i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

static size_t taints(const char *text, size_t len, void (*fn)(void *arg, size_t at, enum taint_kind k), void *arg)
{
	size_t n = 0;
	int in = 0;

	for (size_t i = 0; i < len; i++) {
		if (!in) {
			in = text[i] == '"';
			continue;
		}
		if (text[i] == '"') {
			in = 0;
		} else if ((unsigned char)text[i] < 0x20) {
			if (fn)
				fn(arg, i, T_RAW_CONTROL);
			n++;
		} else if (text[i] == '\\' && i + 1 < len) {
			if (text[i + 1] == 'u') {
				int whole = i + 5 < len && hex4(text + i + 2);
				if (!whole || strncmp(text + i + 2, "0000", 4) == 0) {
					if (fn)
						fn(arg, i, whole ? T_NUL_ESCAPE : T_BAD_ESCAPE);
					n++;
				}
			}
			i++; /* the escaped character */
		}
	}
	return n;
}

struct fix {
	char *copy;
	size_t len;
	struct jsonv_taint *t;
	int broken; /* a bad escape that cannot be rewritten in place */
};

static void fix_one(void *arg, size_t at, enum taint_kind k)
{
	struct fix *f = arg;

	if (k == T_RAW_CONTROL) {
		f->copy[at] = '?'; /* never a string end */
		if (f->t)
			f->t->raw_controls++;
		return;
	}
	if (k == T_BAD_ESCAPE) {
		/* rewritable only when four characters follow that belong to the string */
		if (at + 5 >= f->len || memchr(f->copy + at + 2, '"', 4) || memchr(f->copy + at + 2, '\\', 4)) {
			f->broken = 1;
			return;
		}
		if (f->t)
			f->t->bad_escapes++;
	} else if (f->t) {
		f->t->nul_escapes++;
	}
	memcpy(f->copy + at + 2, "FFFD", 4); /* same length: \u0000 (or \uZZZZ) -> \uFFFD */
}

/* cJSON_ParseWithLength, but text after the value (other than whitespace)
 * makes it no JSON document: Prometheus's decoder refuses that too. */
static cJSON *parse_whole(const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);

	while (root && end && end < text + len && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (root && end && end < text + len) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

cJSON *jsonv_parse_untrusted(const char *text, size_t len, struct jsonv_taint *t)
{
	size_t n = taints(text, len, NULL, NULL);
	struct fix f = {NULL, len, t, 0};
	cJSON *root;

	if (t)
		memset(t, 0, sizeof(*t));
	if (!n)
		return parse_whole(text, len);
	f.copy = malloc(len + 1);
	if (!f.copy)
		return NULL;
	memcpy(f.copy, text, len);
	f.copy[len] = '\0';
	taints(f.copy, len, fix_one, &f);
	root = f.broken ? NULL : parse_whole(f.copy, len);
	free(f.copy);
	return root;
}

static void first_at(void *arg, size_t at, enum taint_kind k)
{
	size_t *first = arg;

	(void)k;
	if (*first == (size_t)-1)
		*first = at;
}

cJSON *jsonv_parse(const char *file, const char *text, size_t len, char *err, size_t errlen)
{
	const char *end = NULL;
	cJSON *root;
	char path[ZA_MAX_ERR] = "";
	long line, col;

	if (memchr(text, '\0', len)) {
		za_seterr(err, errlen, "%s: NUL byte in JSON text", file);
		return NULL;
	}
	{
		/* cJSON would cut such a string short: a value must be seen whole */
		size_t first = (size_t)-1;
		if (taints(text, len, first_at, &first)) {
			where(text, text + first, &line, &col);
			za_seterr(err, errlen,
			          "%s:%ld:%ld: a NUL (\\u0000), a \\u escape without four hex digits or a raw control "
			          "character in a string",
			          file, line, col);
			return NULL;
		}
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		if (!at || at < text || at > text + len)
			at = text + len;
		where(text, at, &line, &col);
		za_seterr(err, errlen, "%s:%ld:%ld: invalid JSON", file, line, col);
		return NULL;
	}
	while (end && end < text + len && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (end && end < text + len) {
		where(text, end, &line, &col);
		za_seterr(err, errlen, "%s:%ld:%ld: unexpected text after the JSON value", file, line, col);
		cJSON_Delete(root);
		return NULL;
	}
	if (dup_keys(root, path, sizeof(path), err, errlen, file) != 0) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

void jv_init(struct jv *v, const char *file, char *err, size_t errlen)
{
	v->file = file;
	v->err = err;
	v->errlen = errlen;
	v->failed = 0;
	v->allow_ws = 0;
}

int jv_fail(struct jv *v, const char *path, const char *fmt, ...)
{
	char msg[ZA_MAX_ERR];
	va_list ap;

	if (v->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	za_seterr(v->err, v->errlen, "%s: %s: %s", v->file, path && *path ? path : "(top level)", msg);
	v->failed = 1;
	return 0;
}

/* Paths longer than the buffer end in "..." (they only ever name a field in
 * a message). */
static const char *path_done(char *out, int n)
{
	if (n < 0 || n >= (int)ZA_MAX_ERR)
		memcpy(out + ZA_MAX_ERR - 4, "...", 4);
	return out;
}

const char *jv_key_path(char *out, const char *parent, const char *key)
{
	return path_done(out, snprintf(out, ZA_MAX_ERR, "%s%s%s", parent, *parent ? "." : "", key));
}

const char *jv_idx_path(char *out, const char *parent, int idx)
{
	return path_done(out, snprintf(out, ZA_MAX_ERR, "%s[%d]", parent, idx));
}

int jv_only_keys(struct jv *v, const cJSON *obj, const char *path, const char *const *allowed)
{
	if (v->failed)
		return 0;
	if (!cJSON_IsObject(obj))
		return jv_fail(v, path, "expected an object");
	for (const cJSON *c = obj->child; c; c = c->next) {
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], c->string) == 0)
				ok = 1;
		if (!ok) {
			char p[ZA_MAX_ERR];
			char list[ZA_MAX_ERR] = "";
			size_t l = 0;
			for (size_t i = 0; allowed[i] && l < sizeof(list) - 1; i++)
				l += (size_t)snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "", allowed[i]);
			return jv_fail(v, jv_key_path(p, path, c->string), "unknown key (allowed here: %s)", list);
		}
	}
	return 1;
}

static const cJSON *field(struct jv *v, const cJSON *obj, const char *path, const char *key, int required)
{
	const cJSON *c;
	char p[ZA_MAX_ERR];

	if (v->failed || !obj)
		return NULL;
	c = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!c && required)
		jv_fail(v, jv_key_path(p, path, key), "required key is missing");
	return c;
}

const cJSON *jv_object(struct jv *v, const cJSON *obj, const char *path, const char *key, int required)
{
	const cJSON *c = field(v, obj, path, key, required);
	char p[ZA_MAX_ERR];

	if (c && !cJSON_IsObject(c)) {
		jv_fail(v, jv_key_path(p, path, key), "expected an object");
		return NULL;
	}
	return c;
}

const cJSON *jv_array(struct jv *v, const cJSON *obj, const char *path, const char *key, int required)
{
	const cJSON *c = field(v, obj, path, key, required);
	char p[ZA_MAX_ERR];

	if (c && !cJSON_IsArray(c)) {
		jv_fail(v, jv_key_path(p, path, key), "expected an array");
		return NULL;
	}
	if (c && cJSON_GetArraySize(c) > (int)ZA_MAX_POLICY_ITEMS) {
		jv_fail(v, jv_key_path(p, path, key), "more than %u items", ZA_MAX_POLICY_ITEMS);
		return NULL;
	}
	return c;
}

static int str_ok(struct jv *v, const cJSON *c, const char *path, size_t maxlen)
{
	const char *s;
	size_t n;

	if (!cJSON_IsString(c) || !c->valuestring)
		return jv_fail(v, path, "expected a string");
	s = c->valuestring;
	n = strlen(s);
	if (n == 0)
		return jv_fail(v, path, "must not be empty");
	if (n > maxlen)
		return jv_fail(v, path, "longer than %zu characters", maxlen);
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 || s[i] == 0x7f) &&
		    !(v->allow_ws && (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')))
			return jv_fail(v, path, "control character in string");
	return 1;
}

int jv_string(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, size_t maxlen,
              char **out)
{
	const cJSON *c = field(v, obj, path, key, required);
	char p[ZA_MAX_ERR];

	*out = NULL;
	if (!c)
		return !v->failed;
	if (!str_ok(v, c, jv_key_path(p, path, key), maxlen))
		return 0;
	*out = strdup(c->valuestring);
	if (!*out)
		return jv_fail(v, p, "out of memory");
	return 1;
}

long jv_int(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, long lo, long hi, long def)
{
	const cJSON *c = field(v, obj, path, key, required);
	char p[ZA_MAX_ERR];
	double d;

	if (!c)
		return def;
	d = c->valuedouble;
	if (!cJSON_IsNumber(c) || d != floor(d) || d < (double)lo || d > (double)hi) {
		jv_fail(v, jv_key_path(p, path, key), "expected an integer %ld-%ld", lo, hi);
		return def;
	}
	return (long)d;
}

int jv_bool(struct jv *v, const cJSON *obj, const char *path, const char *key, int def)
{
	const cJSON *c = field(v, obj, path, key, 0);
	char p[ZA_MAX_ERR];

	if (!c)
		return def;
	if (!cJSON_IsBool(c)) {
		jv_fail(v, jv_key_path(p, path, key), "expected true or false");
		return def;
	}
	return cJSON_IsTrue(c);
}

int jv_enum(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, const char *const *names,
            int def)
{
	const cJSON *c = field(v, obj, path, key, required);
	char p[ZA_MAX_ERR], list[ZA_MAX_ERR] = "";
	size_t l = 0;

	if (!c)
		return def;
	if (cJSON_IsString(c)) {
		for (int i = 0; names[i]; i++)
			if (strcmp(names[i], c->valuestring) == 0)
				return i;
	}
	for (int i = 0; names[i] && l < sizeof(list) - 1; i++)
		l += (size_t)snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "", names[i]);
	jv_fail(v, jv_key_path(p, path, key), "expected one of: %s", list);
	return def;
}

void jv_free_strings(char **s)
{
	for (size_t i = 0; s && s[i]; i++)
		free(s[i]);
	free(s);
}

int jv_string_array(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, size_t maxlen,
                    char ***out, size_t *n)
{
	const cJSON *a = jv_array(v, obj, path, key, required);
	char p[ZA_MAX_ERR], q[ZA_MAX_ERR];
	char **list;
	size_t cnt, i = 0;

	*out = NULL;
	*n = 0;
	if (!a)
		return !v->failed;
	cnt = (size_t)cJSON_GetArraySize(a);
	list = calloc(cnt + 1, sizeof(*list));
	if (!list)
		return jv_fail(v, path, "out of memory");
	jv_key_path(p, path, key);
	for (const cJSON *c = a->child; c; c = c->next, i++) {
		if (!str_ok(v, c, jv_idx_path(q, p, (int)i), maxlen) || !(list[i] = strdup(c->valuestring))) {
			jv_free_strings(list);
			return jv_fail(v, q, "out of memory");
		}
	}
	*out = list;
	*n = cnt;
	return 1;
}
