/* placeholder.c - see placeholder.h. */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include "placeholder.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"

struct ph_model {
	char **words;
	size_t nwords;
	char **patterns;
	size_t npatterns;
	pcre2_code **re;
	char **ex_placeholder, **ex_secret;
	size_t nex_placeholder, nex_secret;
};

void ph_free(struct ph_model *m)
{
	if (!m)
		return;
	jv_free_strings(m->words);
	for (size_t i = 0; m->re && i < m->npatterns; i++)
		if (m->re[i])
			pcre2_code_free(m->re[i]);
	free(m->re);
	jv_free_strings(m->patterns);
	jv_free_strings(m->ex_placeholder);
	jv_free_strings(m->ex_secret);
	free(m);
}

static int compile_patterns(struct jv *v, const char *path, struct ph_model *m)
{
	char t[ZA_MAX_ERR];

	m->re = calloc(m->npatterns + 1, sizeof(*m->re));
	if (!m->re)
		return jv_fail(v, path, "out of memory");
	for (size_t i = 0; i < m->npatterns; i++) {
		int code = 0;
		PCRE2_SIZE off = 0;
		m->re[i] = pcre2_compile((PCRE2_SPTR)m->patterns[i], PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
		if (!m->re[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof(msg));
			return jv_fail(v, jv_idx_path(t, jv_key_path(t, path, "patterns"), (int)i), "offset %zu: %s",
			               (size_t)off, (const char *)msg);
		}
		(void)pcre2_jit_compile(m->re[i], PCRE2_JIT_COMPLETE);
	}
	return 1;
}

int ph_parse(struct jv *v, const cJSON *o, const char *path, struct ph_model **out)
{
	static const char *const keys[] = {"description", "words", "patterns", "examples", NULL};
	static const char *const ekeys[] = {"placeholder", "secret", NULL};
	struct ph_model *m = calloc(1, sizeof(*m));
	char t[ZA_MAX_ERR];
	const cJSON *ex;

	*out = NULL;
	if (!m)
		return jv_fail(v, path, "out of memory");
	if (!jv_only_keys(v, o, path, keys))
		goto fail;
	jv_string_array(v, o, path, "words", 1, 64, &m->words, &m->nwords);
	jv_string_array(v, o, path, "patterns", 0, 512, &m->patterns, &m->npatterns);
	if (v->failed || !compile_patterns(v, path, m))
		goto fail;
	for (size_t i = 0; i < m->nwords; i++)
		for (const char *c = m->words[i]; *c; c++)
			if (!isalnum((unsigned char)*c)) {
				jv_fail(v, jv_key_path(t, path, "words"),
				        "'%s': a word is letters and digits only (values are split at everything else)",
				        m->words[i]);
				goto fail;
			}
	ex = jv_object(v, o, path, "examples", 1);
	if (!ex || !jv_only_keys(v, ex, jv_key_path(t, path, "examples"), ekeys))
		goto fail;
	v->allow_ws = 1;
	jv_string_array(v, ex, t, "placeholder", 1, 1024, &m->ex_placeholder, &m->nex_placeholder);
	jv_string_array(v, ex, t, "secret", 1, 1024, &m->ex_secret, &m->nex_secret);
	v->allow_ws = 0;
	if (v->failed)
		goto fail;
	*out = m;
	m = NULL; /* caller owns */
	return 1;
fail:
	ph_free(m);
	return 0;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* One round of percent-decoding in place; 1 when something was decoded. */
static int pct_round(char *s, size_t *n)
{
	size_t o = 0;
	int any = 0;

	for (size_t i = 0; i < *n; i++) {
		if (s[i] == '%' && i + 2 < *n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			s[o++] = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
			i += 2;
			any = 1;
		} else {
			s[o++] = s[i];
		}
	}
	*n = o;
	return any;
}

static int is_quote_or_space(int c)
{
	return c == '"' || c == '\'' || c == '`' || isspace(c);
}

static int is_word(const struct ph_model *m, const char *w, size_t n)
{
	size_t xs = 0;

	for (size_t i = 0; i < n; i++)
		xs += w[i] == 'x' || w[i] == 'X';
	if (xs == n)
		return 1;
	for (size_t i = 0; i < m->nwords; i++)
		if (strlen(m->words[i]) == n && strncasecmp(m->words[i], w, n) == 0)
			return 1;
	return 0;
}

/* The separators a placeholder's words may be joined by: nothing else. */
static int separator(int c)
{
	return c && strchr("_-. *[]()<>", c) != NULL;
}

static int judge(const struct ph_model *m, const char *s, size_t len)
{
	if (len == 0)
		return 1;
	for (size_t k = 0; k < m->npatterns; k++) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(m->re[k], NULL);
		int rc;
		if (!md)
			return 0; /* out of memory: keep the finding */
		rc = pcre2_match(m->re[k], (PCRE2_SPTR)s, len, 0, 0, md, NULL);
		pcre2_match_data_free(md);
		if (rc > 0)
			return 1;
	}
	for (size_t i = 0; i < len;) {
		size_t w;
		if (!isalnum((unsigned char)s[i])) {
			if (!separator((unsigned char)s[i]))
				return 0; /* a symbol, a digit-free mark, another script: a secret can be made of those
				           */
			i++;
			continue;
		}
		for (w = i; w < len && isalnum((unsigned char)s[w]); w++)
			;
		if (!is_word(m, s + i, w - i))
			return 0;
		i = w;
	}
	return 1;
}

int ph_match(const struct ph_model *m, const char *v, size_t n)
{
	char buf[ZA_MAX_PLACEHOLDER + 1];
	const char *s;
	size_t len;
	int placeholder;

	if (n == 0)
		return 1;
	if (!m || n > ZA_MAX_PLACEHOLDER)
		return 0;
	memcpy(buf, v, n);
	len = n;
	for (int round = 0; round < 3 && pct_round(buf, &len); round++)
		;
	s = buf;
	while (len && is_quote_or_space((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len && is_quote_or_space((unsigned char)s[len - 1]))
		len--;
	placeholder = judge(m, s, len);
	explicit_bzero(buf, sizeof(buf)); /* a copy of what may be a secret */
	return placeholder;
}

enum za_err ph_selftest(const struct ph_model *m, const char *file, char *err, size_t errlen)
{
	for (size_t i = 0; i < m->nex_placeholder; i++)
		if (!ph_match(m, m->ex_placeholder[i], strlen(m->ex_placeholder[i]))) {
			za_seterr(err, errlen,
			          "%s: placeholders.examples.placeholder[%zu] ('%s') is not judged a placeholder", file,
			          i, m->ex_placeholder[i]);
			return ZA_ERR_INPUT;
		}
	for (size_t i = 0; i < m->nex_secret; i++)
		if (ph_match(m, m->ex_secret[i], strlen(m->ex_secret[i]))) {
			za_seterr(err, errlen, "%s: placeholders.examples.secret[%zu] is judged a placeholder", file,
			          i);
			return ZA_ERR_INPUT;
		}
	return ZA_OK;
}

static struct ph_model *builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void load_builtin(void)
{
	static const char path[] = ZA_DATADIR "/secrets.json";
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	cJSON *root;
	const cJSON *o;
	struct jv v;

	if (fileio_read(path, ZA_MAX_POLICY_BYTES, FILEIO_TEXT, &text, &len, err, sizeof(err)) != ZA_OK)
		return;
	jv_init(&v, path, err, sizeof(err));
	root = jsonv_parse(path, text, len, err, sizeof(err));
	free(text);
	o = root ? jv_object(&v, root, "", "placeholders", 1) : NULL;
	if (o)
		(void)ph_parse(&v, o, "placeholders", &builtin);
	cJSON_Delete(root);
}

const struct ph_model *ph_builtin(void)
{
	(void)pthread_once(&builtin_once, load_builtin);
	return builtin;
}
