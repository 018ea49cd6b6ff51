/*
 * jsonv.h - strict JSON reading on top of cJSON, for every JSON input that
 * comes from outside (policies, fingerprints, saved reports, API bodies).
 *
 * jsonv_parse() takes a length, rejects NUL bytes, trailing garbage and
 * duplicate object keys (cJSON accepts those silently), and reports errors as
 * "FILE:LINE:COL: ..." or "FILE: PATH: duplicate key ...".
 *
 * The jv_* readers check one object field at a time, case-sensitively, with
 * the field's JSON path in every message: "policy.json: hosts[2].services[0]
 * .port: expected an integer 1-65535". jv_only_keys() makes unknown keys an
 * error (a typo must not silently disable a check). The first error wins: a
 * struct jv remembers it and later calls become no-ops that return defaults.
 */
#ifndef ZA_JSONV_H
#define ZA_JSONV_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "za.h"

cJSON *jsonv_parse(const char *file, const char *text, size_t len, char *err, size_t errlen);
/* Untrusted JSON from the network or a scanned file, parsed leniently (as
 * the services that read it would) but never cut short: cJSON's strings end
 * at a NUL, which would hide what follows it, so a \u0000 escape (and a \u
 * escape without four hex digits, which cJSON reads as 0) becomes U+FFFD and
 * a raw control byte inside a string becomes '?'; t (may be NULL) counts
 * them. NULL when it is not JSON. */
struct jsonv_taint {
	size_t nul_escapes, bad_escapes, raw_controls;
};
cJSON *jsonv_parse_untrusted(const char *text, size_t len, struct jsonv_taint *t);
#define JSONV_NUL_MARK "\xEF\xBF\xBD" /* U+FFFD, where a \u0000 was */

struct jv {
	const char *file;
	char *err;
	size_t errlen;
	int failed;
	int allow_ws; /* strings may hold \t \n \r (body markers), not other controls */
};

void jv_init(struct jv *v, const char *file, char *err, size_t errlen);
/* Record an error at path (printf-style). Returns 0. */
int jv_fail(struct jv *v, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Child path helpers (into a caller's buffer of ZA_MAX_ERR bytes). */
const char *jv_key_path(char *out, const char *parent, const char *key);
const char *jv_idx_path(char *out, const char *parent, int idx);

/* The object at path must have only these keys (NULL-terminated list). */
int jv_only_keys(struct jv *v, const cJSON *obj, const char *path, const char *const *allowed);
/* Required object / array / string fields (NULL when missing or wrong). */
const cJSON *jv_object(struct jv *v, const cJSON *obj, const char *path, const char *key, int required);
const cJSON *jv_array(struct jv *v, const cJSON *obj, const char *path, const char *key, int required);
/* A string of 1..maxlen bytes with no control characters; *out is a
 * malloc'd copy, or NULL when absent and not required. */
int jv_string(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, size_t maxlen,
              char **out);
/* An integer in [lo, hi]; def when absent and not required. */
long jv_int(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, long lo, long hi,
            long def);
/* A boolean; def when absent. */
int jv_bool(struct jv *v, const cJSON *obj, const char *path, const char *key, int def);
/* One of the given spellings; returns its index, def when absent. */
int jv_enum(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, const char *const *names,
            int def);
/* An array of strings (each 1..maxlen); *out NULL-terminated, malloc'd. */
int jv_string_array(struct jv *v, const cJSON *obj, const char *path, const char *key, int required, size_t maxlen,
                    char ***out, size_t *n);
void jv_free_strings(char **s);

#endif
