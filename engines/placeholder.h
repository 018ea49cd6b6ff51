/*
 * placeholder.h - is this value a placeholder or a redaction, not a secret?
 *
 * The model is data: the "placeholders" section of policies/secrets.json,
 * with words, patterns and examples that the tests run. A value is judged
 * alone, never by its line or by where a URL points:
 *
 *   1. percent-decoding (up to three rounds: %255B -> %5B -> [) and surrounding
 *      whitespace and quotes are removed;
 *   2. nothing left, or a pattern matches (PCRE2, case-sensitive: (?i) where
 *      wanted; anchored with ^ and $ in the data) -> placeholder;
 *   3. split into runs of letters and digits joined only by _ - . space * [ ]
 *      ( ) < >: when every run is one of the words (caseless) or a run of
 *      x's -> placeholder ("[REDACTED]", "*****REDACTED*****", "YOUR_API_TOKEN",
 *      "xxxx-xxxx"); any other character (a symbol, a letter of another
 *      script) makes it a secret ("Password!", "ChangeMe!").
 *   Values longer than ZA_MAX_PLACEHOLDER are never placeholders.
 *
 *   struct ph_model *m;
 *   if (!ph_parse(&jv, obj, "placeholders", &m)) ...   // inside a JSON loader
 *   ph_match(m, value, len);                             // 1 = placeholder
 *   ph_selftest(m, err, sizeof(err));                    // run the examples
 *   ph_free(m);
 *   ph_builtin();  // the model of the shipped secrets.json, loaded once
 *
 * ph_match is thread-safe and allocates nothing but its PCRE2 match data.
 */
#ifndef ZA_PLACEHOLDER_H
#define ZA_PLACEHOLDER_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "jsonv.h"
#include "za.h"

struct ph_model;

/* Parse the placeholders object o found at path; 0 (error in v) on failure. */
int ph_parse(struct jv *v, const cJSON *o, const char *path, struct ph_model **out);
void ph_free(struct ph_model *m);
/* 1 when v[0..n) is a placeholder or a redaction. A NULL model knows none. */
int ph_match(const struct ph_model *m, const char *v, size_t n);
/* Every example: "placeholder" ones must match, "secret" ones must not. */
enum za_err ph_selftest(const struct ph_model *m, const char *file, char *err, size_t errlen);
/* The shipped model (ZA_DATADIR/secrets.json), loaded on first use; NULL when
 * it cannot be read (then nothing is a placeholder: findings are kept). */
const struct ph_model *ph_builtin(void);

#endif
