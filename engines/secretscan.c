/* secretscan.c - see secretscan.h. */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include "secretscan.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "fileio.h"
#include "jsonv.h"
#include "placeholder.h"

#define CHUNK      (1u << 20)
#define WINDOW     (256u << 10) /* mapped files: small windows keep the newline count in cache */
#define BACK       512u         /* context a regex may need before its literal */
#define KNOWN_FLAG 0x80000000u

enum validator { V_NONE, V_GLSA, V_GLC, V_LEGACY, V_JWT, V_PVE, V_AUTH, V_USERINFO, V_PEM, V_CONFIG };
static const char *const validator_names[] = {
        "",    "glsa-crc32",   "glc-json", "grafana-legacy-json", "jwt", "pve-token", "authorization", "userinfo",
        "pem", "config-value", NULL};

struct ss_rule {
	char *id;
	char *description;
	enum za_severity severity;
	char **literals;
	size_t nliterals;
	int caseless, multiline;
	int generic; /* a broad rule: the specific ones win where both match */
	char *regex;
	int group;
	enum validator validator;
	char **match, **no_match, **malformed;
	size_t nmatch, nno_match, nmalformed;
	pcre2_code *re;
};

struct ss_known {
	const struct za_secret *s;
	char *name;
};

struct ss_home {
	dev_t dev;
	ino_t ino;
};

struct ss_engine {
	struct ss_rule *rules;
	size_t nrules;
	struct ss_known *known;
	size_t nknown;
	hs_database_t *db;
	hs_scratch_t *scratch; /* prototype, cloned per scan */
	unsigned *ids;         /* pattern index -> rule index, or KNOWN_FLAG | known index */
	size_t *lens;          /* pattern index -> literal length */
	unsigned *order;       /* the ids Vectorscan reports: the pattern index itself */
	size_t npat, maxlit;
	char *path;
	struct ph_model *ph;   /* the file's placeholders section; NULL: the built-in one */
	struct ss_home *homes; /* files secrets live in besides the known secrets' own */
	size_t nhomes;
};

/* ---- loading ---- */

static void rule_free(struct ss_rule *r)
{
	free(r->id);
	free(r->description);
	jv_free_strings(r->literals);
	free(r->regex);
	jv_free_strings(r->match);
	jv_free_strings(r->no_match);
	jv_free_strings(r->malformed);
	if (r->re)
		pcre2_code_free(r->re);
}

void ss_free(struct ss_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nrules; i++)
		rule_free(&e->rules[i]);
	free(e->rules);
	for (size_t i = 0; i < e->nknown; i++)
		free(e->known[i].name);
	free(e->known);
	if (e->db)
		hs_free_database(e->db);
	if (e->scratch)
		hs_free_scratch(e->scratch);
	free(e->ids);
	free(e->lens);
	free(e->order);
	free(e->path);
	ph_free(e->ph);
	free(e->homes);
	free(e);
}

enum za_err ss_add_home(struct ss_engine *e, dev_t dev, ino_t ino)
{
	struct ss_home *nh = realloc(e->homes, (e->nhomes + 1) * sizeof(*nh));

	if (!nh)
		return ZA_ERR_NOMEM;
	e->homes = nh;
	e->homes[e->nhomes].dev = dev;
	e->homes[e->nhomes].ino = ino;
	e->nhomes++;
	return ZA_OK;
}

int ss_is_home(const struct ss_engine *e, int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	for (size_t i = 0; i < e->nknown; i++)
		if (secret_home_is(e->known[i].s, st.st_dev, st.st_ino))
			return 1;
	for (size_t i = 0; i < e->nhomes; i++)
		if (e->homes[i].dev == st.st_dev && e->homes[i].ino == st.st_ino)
			return 1;
	return 0;
}

const struct ph_model *ss_placeholders(const struct ss_engine *e)
{
	return e->ph ? e->ph : ph_builtin();
}

size_t ss_known_count(const struct ss_engine *e)
{
	return e ? e->nknown : 0;
}

size_t ss_rule_count(const struct ss_engine *e)
{
	return e->nrules;
}

const char *ss_rule_id(const struct ss_engine *e, size_t i)
{
	return i < e->nrules ? e->rules[i].id : NULL;
}

static int parse_rule(struct jv *v, const cJSON *o, const char *path, struct ss_rule *r)
{
	static const char *const keys[] = {"id",           "description", "severity", "literals",
	                                   "caseless",     "multiline",   "generic",  "regex",
	                                   "secret_group", "validator",   "examples", NULL};
	static const char *const ekeys[] = {"match", "no_match", "malformed", NULL};
	static const char *const sev[] = {"info", "low", "medium", "high", "critical", NULL};
	char t[ZA_MAX_ERR];
	const cJSON *ex;
	int errcode = 0;
	PCRE2_SIZE erroff = 0;

	if (!jv_only_keys(v, o, path, keys))
		return 0;
	jv_string(v, o, path, "id", 1, ZA_MAX_NAME, &r->id);
	jv_string(v, o, path, "description", 1, 1024, &r->description);
	r->severity = (enum za_severity)jv_enum(v, o, path, "severity", 1, sev, ZA_SEV_HIGH);
	v->allow_ws = 1;
	jv_string_array(v, o, path, "literals", 1, 64, &r->literals, &r->nliterals);
	v->allow_ws = 0;
	r->caseless = jv_bool(v, o, path, "caseless", 0);
	r->multiline = jv_bool(v, o, path, "multiline", 0);
	r->generic = jv_bool(v, o, path, "generic", 0);
	jv_string(v, o, path, "regex", 1, 4096, &r->regex);
	r->group = (int)jv_int(v, o, path, "secret_group", 0, 0, 9, 0);
	r->validator = (enum validator)jv_enum(v, o, path, "validator", 0, validator_names, V_NONE);
	if (v->failed)
		return 0;
	if (!r->nliterals)
		return jv_fail(v, jv_key_path(t, path, "literals"), "every rule needs at least one literal");
	for (size_t i = 0; i < r->nliterals; i++)
		if (strlen(r->literals[i]) < 3)
			return jv_fail(v, jv_key_path(t, path, "literals"), "literal '%s' is shorter than 3 bytes",
			               r->literals[i]);
	r->re = pcre2_compile((PCRE2_SPTR)r->regex, PCRE2_ZERO_TERMINATED, r->multiline ? PCRE2_DOTALL : 0, &errcode,
	                      &erroff, NULL);
	if (!r->re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return jv_fail(v, jv_key_path(t, path, "regex"), "offset %zu: %s", (size_t)erroff, (const char *)msg);
	}
	(void)pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	{
		uint32_t groups = 0;
		pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &groups);
		if ((uint32_t)r->group > groups)
			return jv_fail(v, jv_key_path(t, path, "secret_group"), "the regex has only %u groups", groups);
	}
	ex = jv_object(v, o, path, "examples", 1);
	if (!ex || !jv_only_keys(v, ex, jv_key_path(t, path, "examples"), ekeys))
		return 0;
	v->allow_ws = 1;
	jv_string_array(v, ex, t, "match", 1, 8192, &r->match, &r->nmatch);
	jv_string_array(v, ex, t, "no_match", 1, 8192, &r->no_match, &r->nno_match);
	jv_string_array(v, ex, t, "malformed", 0, 8192, &r->malformed, &r->nmalformed);
	v->allow_ws = 0;
	if (!v->failed && (!r->nmatch || !r->nno_match))
		return jv_fail(v, t, "every rule needs examples that match and examples that do not");
	return !v->failed;
}

enum za_err ss_parse(const char *file, const char *text, size_t len, struct ss_engine **out, char *err, size_t errlen)
{
	static const char *const keys[] = {"schema", "placeholders", "rules", NULL};
	struct ss_engine *e = calloc(1, sizeof(*e));
	cJSON *root = NULL;
	struct jv v;
	const cJSON *rules;
	char *schema = NULL, p[ZA_MAX_ERR];
	enum za_err r = ZA_ERR_INPUT;
	size_t i = 0;

	*out = NULL;
	if (!e || !(e->path = strdup(file))) {
		ss_free(e);
		return ZA_ERR_NOMEM;
	}
	jv_init(&v, file, err, errlen);
	root = jsonv_parse(file, text, len, err, errlen);
	if (!root || !jv_only_keys(&v, root, "", keys))
		goto out;
	jv_string(&v, root, "", "schema", 1, 64, &schema);
	if (schema && strcmp(schema, "zlh-audit/secrets/v1") != 0)
		jv_fail(&v, "schema", "expected \"zlh-audit/secrets/v1\"");
	free(schema);
	{
		const cJSON *ph = jv_object(&v, root, "", "placeholders", 0);
		if (ph && !ph_parse(&v, ph, "placeholders", &e->ph))
			goto out;
	}
	rules = jv_array(&v, root, "", "rules", 1);
	if (!rules)
		goto out;
	e->rules = calloc((size_t)cJSON_GetArraySize(rules) + 1, sizeof(*e->rules));
	if (!e->rules) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	for (const cJSON *o = rules->child; o; o = o->next, i++) {
		e->nrules++;
		if (!parse_rule(&v, o, jv_idx_path(p, "rules", (int)i), &e->rules[i]))
			goto out;
		for (size_t k = 0; k < i; k++)
			if (strcmp(e->rules[k].id, e->rules[i].id) == 0) {
				jv_fail(&v, p, "rule id '%s' is used twice", e->rules[i].id);
				goto out;
			}
	}
	*out = e;
	e = NULL; /* caller owns */
	r = ZA_OK;
out:
	cJSON_Delete(root);
	ss_free(e);
	return r;
}

enum za_err ss_load(const char *path, struct ss_engine **out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	enum za_err r = fileio_read(path, ZA_MAX_POLICY_BYTES, FILEIO_TEXT, &text, &len, err, errlen);

	*out = NULL;
	if (r != ZA_OK)
		return r;
	r = ss_parse(path, text, len, out, err, errlen);
	free(text);
	return r;
}

enum za_err ss_add_known(struct ss_engine *e, const struct za_secret *s, const char *name)
{
	struct ss_known *nk;

	if (!s || secret_len(s) < 8)
		return ZA_OK;
	nk = realloc(e->known, (e->nknown + 1) * sizeof(*nk));
	if (!nk)
		return ZA_ERR_NOMEM;
	e->known = nk;
	e->known[e->nknown].s = s;
	e->known[e->nknown].name = strdup(name ? name : "");
	if (!e->known[e->nknown].name)
		return ZA_ERR_NOMEM;
	e->nknown++;
	return ZA_OK;
}

enum za_err ss_compile(struct ss_engine *e, char *err, size_t errlen)
{
	size_t cap = 0, n = 0;
	char **exprs = NULL;
	unsigned *flags = NULL;
	enum za_err r = ZA_ERR_NOMEM;
	hs_compile_error_t *ce = NULL;

	for (size_t i = 0; i < e->nrules; i++)
		cap += e->rules[i].nliterals;
	cap += e->nknown * SECRET_ENCODING_COUNT;
	exprs = calloc(cap + 1, sizeof(*exprs));
	flags = calloc(cap + 1, sizeof(*flags));
	e->ids = calloc(cap + 1, sizeof(*e->ids));
	e->lens = calloc(cap + 1, sizeof(*e->lens));
	e->order = calloc(cap + 1, sizeof(*e->order));
	if (!exprs || !flags || !e->ids || !e->lens || !e->order)
		goto out;
	for (size_t i = 0; i <= cap; i++)
		e->order[i] = (unsigned)i;
	for (size_t i = 0; i < e->nrules; i++)
		for (size_t k = 0; k < e->rules[i].nliterals; k++) {
			exprs[n] = strdup(e->rules[i].literals[k]);
			if (!exprs[n])
				goto out;
			e->lens[n] = strlen(exprs[n]);
			flags[n] = e->rules[i].caseless ? HS_FLAG_CASELESS : 0;
			e->ids[n] = (unsigned)i;
			n++;
		}
	for (size_t i = 0; i < e->nknown; i++)
		for (int enc = 0; enc < SECRET_ENCODING_COUNT; enc++) {
			size_t len = 0;
			char *x = secret_encode(e->known[i].s, (enum secret_encoding)enc, &len);
			if (!x)
				continue;
			exprs[n] = x; /* wiped below */
			e->lens[n] = len;
			e->ids[n] = KNOWN_FLAG | (unsigned)i;
			n++;
		}
	for (size_t i = 0; i < n; i++)
		if (e->lens[i] > e->maxlit)
			e->maxlit = e->lens[i];
	if (hs_compile_lit_multi((const char *const *)exprs, flags, e->order, e->lens, (unsigned)n, HS_MODE_BLOCK, NULL,
	                         &e->db, &ce) != HS_SUCCESS) {
		za_seterr(err, errlen, "%s: the literal prefilter does not compile: %s", e->path,
		          ce && ce->message ? ce->message : "unknown error");
		r = ZA_ERR_INPUT;
		goto out;
	}
	if (hs_alloc_scratch(e->db, &e->scratch) != HS_SUCCESS)
		goto out;
	e->npat = n;
	r = ZA_OK;
out:
	if (ce)
		hs_free_compile_error(ce);
	for (size_t i = 0; exprs && i < n; i++)
		secret_wipe_buf(exprs[i], e->lens[i]); /* known-secret encodings lived here */
	free(exprs);
	free(flags);
	if (r == ZA_ERR_NOMEM)
		za_seterr(err, errlen, "out of memory compiling the secret rules");
	return r;
}

/* ---- validators ---- */

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* base64 or base64url, padding optional; out gets a NUL-terminated copy. */
static size_t b64dec(const char *in, size_t n, char *out, size_t outcap)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int v;
		if (in[i] == '=')
			break;
		v = b64val((unsigned char)in[i]);
		if (v < 0)
			return (size_t)-1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 >= outcap)
				return (size_t)-1;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	return o;
}

static int json_has(const char *text, size_t n, const char *k1, const char *k2, char *alg, size_t alglen)
{
	cJSON *j = cJSON_ParseWithLength(text, n);
	int ok = cJSON_IsObject(j) && (!k1 || cJSON_GetObjectItemCaseSensitive(j, k1)) &&
	         (!k2 || cJSON_GetObjectItemCaseSensitive(j, k2));

	if (ok && alg) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "alg");
		ok = cJSON_IsString(a);
		if (ok)
			snprintf(alg, alglen, "%s", a->valuestring);
	}
	cJSON_Delete(j);
	return ok;
}

static void printable(const char *in, size_t n, char *out, size_t outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outlen; i++)
		out[o++] = (in[i] > 0x20 && in[i] < 0x7f) ? in[i] : '?';
	out[o] = '\0';
}

static void pct_decode(const char *in, size_t n, char *out, size_t outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outlen; i++) {
		if (in[i] == '%' && i + 2 < n && isxdigit((unsigned char)in[i + 1]) &&
		    isxdigit((unsigned char)in[i + 2])) {
			char h[3] = {in[i + 1], in[i + 2], 0};
			out[o++] = (char)strtol(h, NULL, 16);
			i += 2;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
}

enum verdict { REJECT, VALID, MALFORMED };

struct span {
	const char *p;
	size_t n;
};

/* g[k]: the regex's groups (g[0] the whole match). */
static enum verdict validate(const struct ss_engine *e, const struct ss_rule *r, const struct span *g, size_t ng,
                             struct span sec, char *note, size_t notelen)
{
	char dec[8192];

	note[0] = '\0';
	if (ph_match(ss_placeholders(e), sec.p, sec.n))
		return REJECT;
	switch (r->validator) {
	case V_NONE: return VALID;
	case V_GLSA: {
		/* glsa_ + 32 + _ + 8 hex: crc32("glsa_" + secret), little-endian */
		const char *s = sec.p + 5;
		unsigned long crc;
		char want[9];
		int same = 1;
		for (size_t i = 1; i < 32; i++)
			same &= s[i] == s[0];
		if (same)
			return REJECT;
		crc = crc32(0L, (const Bytef *)sec.p, 37);
		snprintf(want, sizeof(want), "%02lx%02lx%02lx%02lx", crc & 0xff, (crc >> 8) & 0xff, (crc >> 16) & 0xff,
		         (crc >> 24) & 0xff);
		if (strncasecmp(want, sec.p + 38, 8) != 0) {
			snprintf(note, notelen, "bad checksum: malformed or altered");
			return MALFORMED;
		}
		return VALID;
	}
	case V_GLC: {
		size_t n = b64dec(sec.p + 4, sec.n - 4, dec, sizeof(dec));
		return n != (size_t)-1 && json_has(dec, n, "o", "k", NULL, 0) ? VALID : REJECT;
	}
	case V_LEGACY: {
		size_t n = b64dec(sec.p, sec.n, dec, sizeof(dec));
		return n != (size_t)-1 && json_has(dec, n, "k", "n", NULL, 0) ? VALID : REJECT;
	}
	case V_JWT: {
		const char *d1 = memchr(sec.p, '.', sec.n), *d2;
		char alg[32] = "";
		size_t n;
		if (!d1 || !(d2 = memchr(d1 + 1, '.', sec.n - (size_t)(d1 + 1 - sec.p))))
			return REJECT;
		n = b64dec(sec.p, (size_t)(d1 - sec.p), dec, sizeof(dec));
		if (n == (size_t)-1 || !json_has(dec, n, NULL, NULL, alg, sizeof(alg)))
			return REJECT;
		n = b64dec(d1 + 1, (size_t)(d2 - d1 - 1), dec, sizeof(dec));
		if (n == (size_t)-1 || !json_has(dec, n, NULL, NULL, NULL, 0))
			return REJECT;
		if (strcasecmp(alg, "none") == 0) {
			snprintf(note, notelen, "alg none: an unsigned token");
			return VALID;
		}
		if ((size_t)(sec.p + sec.n - d2 - 1) == 0)
			return REJECT; /* signed algorithms need a signature */
		snprintf(note, notelen, "alg %s", alg);
		return VALID;
	}
	case V_PVE: {
		char user[128], id[128], n2[300];
		if (ng < 3)
			return REJECT;
		pct_decode(g[1].p, g[1].n, user, sizeof(user));
		pct_decode(g[2].p, g[2].n, id, sizeof(id));
		printable(user, strlen(user), n2, 130);
		snprintf(note, notelen, "token %.80s!%.64s", n2, id);
		return VALID;
	}
	case V_AUTH: {
		if (ng < 3)
			return REJECT;
		if (g[1].n == 5 && strncasecmp(g[1].p, "basic", 5) == 0) {
			size_t n = b64dec(g[2].p, g[2].n, dec, sizeof(dec));
			char *colon = n != (size_t)-1 ? memchr(dec, ':', n) : NULL;
			char user[80];
			if (!colon)
				return REJECT;
			printable(dec, (size_t)(colon - dec), user, sizeof(user));
			snprintf(note, notelen, "Basic, user %s", user);
			explicit_bzero(dec, sizeof(dec));
			return VALID;
		}
		snprintf(note, notelen, "%.*s", (int)g[1].n, g[1].p);
		return VALID;
	}
	case V_USERINFO: {
		char user[80];
		if (ng < 2)
			return REJECT;
		printable(g[1].p, g[1].n, user, sizeof(user));
		snprintf(note, notelen, "user %s", user);
		return VALID;
	}
	case V_PEM: {
		size_t b64 = 0;
		if (memmem(sec.p, sec.n, "...", 3))
			return REJECT;
		for (size_t i = 0; i < sec.n; i++)
			b64 += isalnum((unsigned char)sec.p[i]) || sec.p[i] == '+' || sec.p[i] == '/';
		return b64 >= 64 + 20 ? VALID : REJECT; /* the BEGIN/END words count ~20 */
	}
	case V_CONFIG: {
		static const char *const refs[] = {"sys.env", "env(", "local.file", "{{", NULL};
		for (size_t i = 0; refs[i]; i++)
			if (sec.n >= strlen(refs[i]) && strncmp(sec.p, refs[i], strlen(refs[i])) == 0)
				return REJECT;
		return VALID;
	}
	}
	return REJECT;
}

/* ---- the streaming scanner ---- */

struct hit {
	unsigned long long start; /* absolute offset of the literal */
	unsigned id;              /* pattern's rule or known index */
	size_t len;
};

struct recent {
	unsigned long long start, end;
};

struct stream {
	const struct ss_engine *e;
	const char *path;
	ss_finding_fn fn;
	void *arg;
	struct ss_stats *st;
	hs_scratch_t *scratch;
	pcre2_match_data *md;
	char *buf;
	size_t len, cap;
	unsigned long long base;      /* absolute offset of buf[0] */
	unsigned long long processed; /* hits before this are done */
	unsigned long long counted;   /* newlines counted up to here */
	unsigned long long last_nl;   /* absolute offset + 1 of the last newline seen (0 = none) */
	long line;
	struct hit *hits;
	size_t nhits, hcap;
	unsigned long long scan_from; /* hits must end after this */
	struct recent *spans;         /* recent findings' spans, to keep one finding per value */
	size_t nspans, scap;
	unsigned long long *rule_end; /* per rule: end of its last finding */
	size_t findings, dropped;
	int oom;
	int mapped;                  /* buf is a read-only mapping of the whole file */
	unsigned long long released; /* mapped: pages before this were given back */
	int home;                    /* the file a known secret was read from: known secrets are not leaks here */
	unsigned long long own_from, own_to; /* a chunk of a file: findings outside are the neighbours' (to 0: none) */
};

static int on_hit(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
	struct stream *s = ctx;
	unsigned long long end = s->scan_from + to;

	(void)from;
	(void)flags;
	if (s->nhits == s->hcap) {
		size_t nc = s->hcap ? s->hcap * 2 : 256;
		struct hit *nh = realloc(s->hits, nc * sizeof(*nh));
		if (!nh) {
			s->oom = 1;
			return 1; /* stop */
		}
		s->hits = nh;
		s->hcap = nc;
	}
	/* id is the pattern's index: its length and its rule (or known secret) */
	if (id < s->e->npat && end >= s->e->lens[id]) {
		s->hits[s->nhits].start = end - s->e->lens[id];
		s->hits[s->nhits].id = s->e->ids[id];
		s->hits[s->nhits].len = s->e->lens[id];
		s->nhits++;
	}
	return 0;
}

#if defined(__x86_64__)
/* AVX2 where the processor has it: 32 bytes a step, two accumulators. */
__attribute__((target("avx2"))) static size_t count_nl_avx2(const char *p, size_t n)
{
	const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
	size_t c = 0, i = 0;

	while (i + 64 <= n) {
		__m256i a = _mm256_setzero_si256(), b = _mm256_setzero_si256(), sa, sb;
		size_t blocks = (n - i) / 64;
		if (blocks > 255)
			blocks = 255;
		for (size_t k = 0; k < blocks; k++, i += 64) {
			a = _mm256_sub_epi8(
			        a, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i)), nl));
			b = _mm256_sub_epi8(
			        b,
			        _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32)), nl));
		}
		sa = _mm256_sad_epu8(a, zero);
		sb = _mm256_sad_epu8(b, zero);
		sa = _mm256_add_epi64(sa, sb);
		c += (size_t)_mm256_extract_epi64(sa, 0) + (size_t)_mm256_extract_epi64(sa, 1) +
		     (size_t)_mm256_extract_epi64(sa, 2) + (size_t)_mm256_extract_epi64(sa, 3);
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}
#endif

/* Newlines in [p, p + n). SSE2 (the x86-64 baseline): 16 bytes compared at
 * a time, per-lane counters summed with SAD before they can overflow. */
static size_t count_nl(const char *p, size_t n)
{
	size_t c = 0, i = 0;
#if defined(__x86_64__)
	static int avx2 = -1;
	if (avx2 < 0)
		avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
	if (avx2)
		return count_nl_avx2(p, n);
#endif
#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		__m128i acc = _mm_setzero_si128();
		size_t blocks = (n - i) / 16;
		if (blocks > 255)
			blocks = 255;
		for (size_t k = 0; k < blocks; k++, i += 16)
			acc = _mm_sub_epi8(acc,
			                   _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), nl));
		acc = _mm_sad_epu8(acc, zero);
		c += (size_t)_mm_cvtsi128_si64(acc) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc));
	}
#endif
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* line and column (1-based) of absolute offset p, which is in the buffer */
static void locate(struct stream *s, unsigned long long p, long *line, long *col)
{
	if (p >= s->counted) {
		const char *q = s->buf + (s->counted - s->base), *end = s->buf + (p - s->base);
		size_t k = count_nl(q, (size_t)(end - q));
		if (k) {
			const char *last = memrchr(q, '\n', (size_t)(end - q));
			s->line += (long)k;
			s->last_nl = s->base + (unsigned long long)(last - s->buf) + 1;
		}
		s->counted = p;
		*line = s->line;
		*col = (long)(p - s->last_nl) + 1;
		return;
	}
	/* behind the counter (rare): count back */
	{
		long l = s->line;
		const char *q = s->buf + (p - s->base), *end = s->buf + (s->counted - s->base), *lastnl = NULL;
		for (const char *x = q; x < end && (x = memchr(x, '\n', (size_t)(end - x))); x++)
			l--;
		for (const char *x = q; x > s->buf; x--)
			if (x[-1] == '\n') {
				lastnl = x;
				break;
			}
		*line = l;
		/* no newline before it in the buffer: the buffer starts the file, or
		 * (a line longer than the buffer) the column counts from the buffer */
		*col = lastnl ? (long)(q - lastnl) + 1 : (long)(p - s->base) + 1;
	}
}

static int overlaps_recent(const struct stream *s, unsigned long long a, unsigned long long b)
{
	for (size_t i = 0; i < s->nspans; i++)
		if (a < s->spans[i].end && s->spans[i].start < b)
			return 1;
	return 0;
}

static void remember(struct stream *s, unsigned long long a, unsigned long long b)
{
	if (s->nspans == s->scap) {
		size_t nc = s->scap ? s->scap * 2 : 64;
		struct recent *n = realloc(s->spans, nc * sizeof(*n));
		if (!n) {
			s->oom = 1;
			return;
		}
		s->spans = n;
		s->scap = nc;
	}
	s->spans[s->nspans].start = a;
	s->spans[s->nspans].end = b;
	s->nspans++;
}

static void emit(struct stream *s, const char *rule, enum za_severity sev, unsigned long long at, const char *value,
                 size_t vlen, const struct za_secret *known, int malformed, const char *note)
{
	struct ss_finding f;

	if (s->own_to && (at < s->own_from || at >= s->own_to))
		return; /* in the overlap: the chunk that owns the offset reports it */
	if (s->findings >= ZA_MAX_FINDINGS_PER_FILE && !malformed) {
		s->dropped++;
		return;
	}
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.severity = sev;
	f.path = s->path;
	locate(s, at, &f.line, &f.column);
	if (known) {
		secret_fingerprint(known, f.fingerprint);
		snprintf(f.preview, sizeof(f.preview), "****"); /* a known secret shows nothing */
		f.known_secret = 1;
	} else {
		size_t keep = vlen >= 12 ? 4 : 0;
		secret_fingerprint_bytes(value, vlen, f.fingerprint);
		printable(value, keep, f.preview, sizeof(f.preview));
		strcat(f.preview, "****");
		for (size_t k = 0; k < s->e->nknown; k++)
			if (secret_equal(s->e->known[k].s, value, vlen))
				f.known_secret = 1;
		if (f.known_secret && s->home)
			return; /* the secret in its own home */
	}
	f.malformed = malformed;
	snprintf(f.note, sizeof(f.note), "%s", note ? note : "");
	s->findings += !malformed; /* a checksum-failing shape is a note, not a finding: no cap */
	s->fn(s->arg, &f);
}

static void confirm(struct stream *s, const struct hit *h)
{
	const struct ss_engine *e = s->e;
	size_t rel = (size_t)(h->start - s->base), ws, we, off = 0;

	if (h->id & KNOWN_FLAG) {
		const struct ss_known *k = &e->known[h->id & ~KNOWN_FLAG];
		if (s->home)
			return; /* a secret's own home is judged by its mode, not as a leak */
		if (overlaps_recent(s, h->start, h->start + h->len))
			return; /* a rule already reported this value */
		emit(s, "known-secret", ZA_SEV_CRITICAL, h->start, NULL, 0, k->s, 0, k->name);
		remember(s, h->start, h->start + h->len);
		return;
	}
	{
		const struct ss_rule *r = &e->rules[h->id];
		if (h->start < s->rule_end[h->id])
			return; /* inside this rule's last finding */
		/* the window: the literal's line (or BACK bytes before it), up to the longest token after it */
		ws = rel > BACK ? rel - BACK : 0;
		if (!r->multiline) {
			const char *nl = rel > ws ? memrchr(s->buf + ws, '\n', rel - ws) : NULL;
			if (nl)
				ws = (size_t)(nl - s->buf) + 1;
		}
		we = rel + ZA_MAX_SECRET_MATCH < s->len ? rel + ZA_MAX_SECRET_MATCH : s->len;
		if (!r->multiline) {
			const char *nl = memchr(s->buf + rel, '\n', we - rel);
			if (nl)
				we = (size_t)(nl - s->buf);
		}
		while (off <= we - ws) {
			int rc = pcre2_jit_match(r->re, (PCRE2_SPTR)(s->buf + ws), we - ws, off, 0, s->md, NULL);
			PCRE2_SIZE *ov;
			struct span g[10];
			size_t ng;
			char note[160];
			enum verdict v;

			if (rc == PCRE2_ERROR_JIT_BADOPTION)
				rc = pcre2_match(r->re, (PCRE2_SPTR)(s->buf + ws), we - ws, off, 0, s->md, NULL);
			if (rc <= 0)
				break;
			ov = pcre2_get_ovector_pointer(s->md);
			if (ov[0] > rel - ws + h->len)
				break; /* the matches are past this literal */
			ng = (size_t)rc;
			for (size_t k = 0; k < ng && k < 10; k++) {
				g[k].p = ov[2 * k] == PCRE2_UNSET ? "" : s->buf + ws + ov[2 * k];
				g[k].n = ov[2 * k] == PCRE2_UNSET ? 0 : ov[2 * k + 1] - ov[2 * k];
			}
			if (ov[1] > rel - ws && (size_t)r->group < ng && g[r->group].n) {
				struct span sec = g[r->group];
				unsigned long long a = s->base + (unsigned long long)(sec.p - s->buf);
				unsigned long long b = a + sec.n;
				v = validate(e, r, g, ng, sec, note, sizeof(note));
				s->rule_end[h->id] = s->base + ws + ov[1];
				if (v != REJECT && !overlaps_recent(s, a, b)) {
					emit(s, r->id, v == MALFORMED ? ZA_SEV_LOW : r->severity, a, sec.p, sec.n, NULL,
					     v == MALFORMED, note);
					if (v != MALFORMED) /* a note must not hide a known secret in the same span */
						remember(s, a, b);
				}
				explicit_bzero(note, sizeof(note));
				break;
			}
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
	}
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int generic_hit(const struct stream *s, const struct hit *h)
{
	return !(h->id & KNOWN_FLAG) && s->e->rules[h->id].generic;
}

/* Process the hits that start before limit (absolute): the specific rules
 * and known secrets first, then the generic rules where nothing specific
 * matched the same value. */
static void process(struct stream *s, unsigned long long limit)
{
	size_t keep = 0;

	if (s->nhits > 1)
		qsort(s->hits, s->nhits, sizeof(*s->hits), cmp_hit);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->nhits; i++)
			if (s->hits[i].start < limit && s->hits[i].start >= s->processed &&
			    generic_hit(s, &s->hits[i]) == pass)
				confirm(s, &s->hits[i]);
	for (size_t i = 0; i < s->nhits; i++)
		if (s->hits[i].start >= limit)
			s->hits[keep++] = s->hits[i];
	s->nhits = keep;
	if (limit > s->processed)
		s->processed = limit;
	/* spans well behind the limit can no longer overlap anything */
	{
		size_t k = 0;
		for (size_t i = 0; i < s->nspans; i++)
			if (s->spans[i].end + ZA_MAX_SECRET_MATCH + BACK > s->processed)
				s->spans[k++] = s->spans[i];
		s->nspans = k;
	}
}

static enum za_err stream_init(struct stream *s, const struct ss_engine *e, const char *path, ss_finding_fn fn,
                               void *arg, struct ss_stats *st)
{
	memset(s, 0, sizeof(*s));
	s->e = e;
	s->path = path;
	s->fn = fn;
	s->arg = arg;
	s->st = st;
	s->line = 1;
	s->cap = CHUNK + ZA_MAX_SECRET_MATCH + BACK + 64;
	s->buf = malloc(s->cap);
	s->rule_end = calloc(e->nrules + 1, sizeof(*s->rule_end));
	s->md = pcre2_match_data_create(10, NULL);
	if (!s->buf || !s->rule_end || !s->md || hs_clone_scratch(e->scratch, &s->scratch) != HS_SUCCESS)
		return ZA_ERR_NOMEM;
	return ZA_OK;
}

static void stream_fini(struct stream *s)
{
	if (s->buf && !s->mapped)
		explicit_bzero(s->buf, s->cap);
	if (!s->mapped)
		free(s->buf);
	free(s->hits);
	free(s->spans);
	free(s->rule_end);
	if (s->md)
		pcre2_match_data_free(s->md);
	if (s->scratch)
		hs_free_scratch(s->scratch);
}

/* Feed n new bytes (already appended at buf + len - n); eof flushes. */
static enum za_err feed(struct stream *s, size_t n, int eof)
{
	size_t old = s->len - n, from = old > s->e->maxlit ? old - s->e->maxlit + 1 : 0, before = s->nhits;
	unsigned long long limit;

	s->scan_from = s->base + from;
	if (s->len > from &&
	    hs_scan(s->e->db, s->buf + from, (unsigned)(s->len - from), 0, s->scratch, on_hit, s) != HS_SUCCESS &&
	    !s->oom)
		return ZA_ERR_INTERNAL;
	if (s->oom)
		return ZA_ERR_NOMEM;
	/* new hits wholly inside the re-scanned overlap were found last time */
	{
		size_t keep = before;
		for (size_t i = before; i < s->nhits; i++)
			if (s->hits[i].start + s->hits[i].len > s->base + old)
				s->hits[keep++] = s->hits[i];
		s->nhits = keep;
	}
	limit = eof ? s->base + s->len
	            : (s->len > ZA_MAX_SECRET_MATCH ? s->base + s->len - ZA_MAX_SECRET_MATCH : s->base);
	process(s, limit);
	/* keep what later hits may need: BACK bytes before the limit, and after */
	if (!eof && s->mapped) {
		/* a mapping is not moved: give the pages behind back (bounded RSS) */
		unsigned long long keep_from = limit > BACK ? limit - BACK : 0;
		unsigned long long page = 1ULL << 16, upto = keep_from & ~(page - 1);
		if (s->counted < keep_from) {
			long l, c;
			locate(s, keep_from, &l, &c);
		}
		if (upto > s->released + (16u << 20)) { /* in 16 MiB steps: fewer unmap calls */
			madvise(s->buf + s->released, (size_t)(upto - s->released), MADV_DONTNEED);
			s->released = upto;
		}
	} else if (!eof) {
		unsigned long long keep_from = limit > s->base + BACK ? limit - BACK : s->base;
		size_t drop;
		if (s->counted < keep_from) {
			long l, c;
			locate(s, keep_from, &l, &c); /* count the lines we are about to drop */
		}
		drop = (size_t)(keep_from - s->base);
		memmove(s->buf, s->buf + drop, s->len - drop);
		s->len -= drop;
		s->base += drop;
	}
	return ZA_OK;
}

enum za_err ss_scan_buffer(const struct ss_engine *e, const char *data, size_t len, const char *path, ss_finding_fn fn,
                           void *arg, struct ss_stats *out, char *err, size_t errlen)
{
	struct stream s;
	struct ss_stats st;
	enum za_err r;
	size_t pos = 0;

	memset(&st, 0, sizeof(st));
	r = stream_init(&s, e, path, fn, arg, &st);
	while (r == ZA_OK) {
		size_t n = len - pos < CHUNK ? len - pos : CHUNK;
		memcpy(s.buf + s.len, data + pos, n);
		s.len += n;
		pos += n;
		r = feed(&s, n, pos == len);
		if (pos == len)
			break;
	}
	if (r != ZA_OK)
		za_seterr(err, errlen, "%s: the scan failed (%s)", path, za_strerr(r));
	stream_fini(&s);
	if (out)
		*out = st;
	return r;
}

/* ---- gzip, read strictly ----
 * zlib's gzread() forgives what a scanner must not: text appended after the
 * last member is skipped silently (a credential there would never be seen).
 * This reader inflates member after member and calls anything else an error. */

struct gzr {
	int fd;
	z_stream z;
	unsigned char in[1u << 16];
	int member;     /* inside a member (its end not seen yet) */
	size_t members; /* members started */
	int eof, done;
	const char *why; /* the error, when there was one */
};

static int gzr_open(struct gzr *g, int fd)
{
	memset(g, 0, sizeof(*g));
	g->fd = fd;
	return inflateInit2(&g->z, 16 + MAX_WBITS) == Z_OK ? 0 : -1;
}

static void gzr_close(struct gzr *g)
{
	inflateEnd(&g->z);
}

/* Refill the input; 0 at end of file, -1 on a read error. */
static int gzr_fill(struct gzr *g)
{
	ssize_t n;

	do
		n = read(g->fd, g->in, sizeof(g->in));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		g->why = "read failed";
		return -1;
	}
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)n;
	return n > 0;
}

/* Up to room decompressed bytes; 0 at the clean end; -1 with g->why. */
static ssize_t gzr_read(struct gzr *g, char *out, size_t room)
{
	g->z.next_out = (Bytef *)out;
	g->z.avail_out = (uInt)room;
	while (!g->done && g->z.avail_out == room) {
		int rc;
		if (g->z.avail_in == 0) {
			int f = gzr_fill(g);
			if (f < 0)
				return -1;
			if (f == 0) {
				if (g->member) {
					g->why = "the gzip stream is truncated (unexpected end of file)";
					return -1;
				}
				g->done = 1;
				break;
			}
		}
		if (!g->member) {
			/* a new member must start here: anything else is not gzip */
			if (g->z.avail_in == 1) {
				unsigned char b0 = g->z.next_in[0];
				ssize_t n;
				do
					n = read(g->fd, g->in + 1, sizeof(g->in) - 1);
				while (n < 0 && errno == EINTR);
				if (n < 0) {
					g->why = "read failed";
					return -1;
				}
				g->in[0] = b0;
				g->z.next_in = g->in;
				g->z.avail_in = (uInt)(1 + n);
			}
			if (g->z.avail_in < 2 || g->z.next_in[0] != 0x1f || g->z.next_in[1] != 0x8b) {
				g->why = g->members ? "data after the gzip stream that is not gzip: not scanned"
				                    : "not gzip data";
				return -1;
			}
			g->members++;
			if (inflateReset(&g->z) != Z_OK) {
				g->why = "zlib reset failed";
				return -1;
			}
			g->member = 1;
		}
		rc = inflate(&g->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			g->member = 0;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			g->why = "the gzip stream is corrupt";
			return -1;
		}
	}
	return (ssize_t)(room - g->z.avail_out);
}

/* The windows of a mapped file (s->buf is the whole mapping) from offset
 * from to to: the file's end, or a chunk's end plus the overlap. */
static enum za_err scan_mapped(struct stream *s, size_t from, size_t to)
{
	enum za_err r = ZA_OK;

	s->len = from;
	s->released = from & ~(size_t)0xFFFF;
	for (size_t pos = from; r == ZA_OK;) {
		size_t n = to - pos < WINDOW ? to - pos : WINDOW;
		s->len = pos + n;
		pos += n;
		r = feed(s, n, 0);
		if (n == 0 || pos == to) {
			if (r == ZA_OK)
				r = feed(s, 0, 1);
			break;
		}
	}
	return r;
}

/* How many chunks a mapped file of size is scanned in: one per thread,
 * each at least o->chunk_min (ZA_SS_CHUNK_MIN) bytes. */
static size_t chunks(const struct ss_opts *o, size_t size)
{
	size_t min = o->chunk_min ? o->chunk_min : ZA_SS_CHUNK_MIN;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = o->threads > 0 ? (size_t)o->threads : cores > 0 ? (size_t)cores : 1, n = size / min;

	if (t > 64)
		t = 64;
	return n < t ? (n ? n : 1) : t;
}

/* One chunk of a file scanned on its own thread: its findings are kept (in
 * file order, the per-file cap applied) until every chunk is done, with
 * line numbers relative to where its stream starts. */
struct chunk {
	struct stream s;
	char *map;
	size_t from, own_from, own_to, to; /* stream start, owned range, stream end */
	struct ss_finding *f;
	size_t nf, capf, kept_notes;
	size_t nl_before, nl_own; /* newlines in [from, own_from) and [own_from, own_to) */
	enum za_err r;
};

static void keep_finding(void *arg, const struct ss_finding *f)
{
	struct chunk *c = arg;

	if (f->malformed && c->kept_notes >= ZA_MAX_FINDINGS_PER_FILE) {
		c->s.dropped++; /* counted, as every finding past a cap */
		return;
	}
	if (c->nf == c->capf) {
		size_t nc = c->capf ? c->capf * 2 : 16;
		struct ss_finding *n = realloc(c->f, nc * sizeof(*n));
		if (!n) {
			c->s.oom = 1;
			return;
		}
		c->f = n;
		c->capf = nc;
	}
	c->f[c->nf++] = *f;
	c->kept_notes += f->malformed != 0;
}

/* The last newline before offset end of a mapping, or NULL: searched back
 * 16 MiB at a time, each step's pages given back (a file of one long line
 * must not become resident). */
static const char *last_nl_before(char *map, size_t end)
{
	const size_t step = 16u << 20;

	while (end > 0) {
		size_t start = end > step ? end - step : 0;
		const char *nl = memrchr(map + start, '\n', end - start);
		if (nl)
			return nl;
		if (end - start == step) {
			size_t a = (start + 0xFFFF) & ~(size_t)0xFFFF;
			if (end > a)
				madvise(map + a, (end - a) & ~(size_t)0xFFFF, MADV_DONTNEED);
		}
		end = start;
	}
	return NULL;
}

static void *chunk_worker(void *arg)
{
	struct chunk *c = arg;
	const char *nl = c->from ? last_nl_before(c->map, c->from) : NULL;

	c->s.buf = c->map;
	c->s.mapped = 1;
	c->s.own_from = c->own_from;
	c->s.own_to = c->own_to;
	c->s.counted = c->from;
	c->s.last_nl = nl ? (unsigned long long)(nl - c->map) + 1 : 0;
	c->s.line = 1;
	c->nl_before = count_nl(c->map + c->from, c->own_from - c->from);
	c->r = scan_mapped(&c->s, c->from, c->to);
	if (c->s.oom && c->r == ZA_OK)
		c->r = ZA_ERR_NOMEM;
	/* the newlines of the chunk as the stream counted them (reading the
	 * chunk again would fault back every page the scan gave back) */
	if (c->r == ZA_OK) {
		long l, col;
		locate(&c->s, c->to, &l, &col);
		c->nl_own = (size_t)(c->s.line - 1) - c->nl_before - count_nl(c->map + c->own_to, c->to - c->own_to);
	}
	return NULL;
}

/* A large mapped file in n chunks on n threads: each stream starts
 * BACK + ZA_MAX_SECRET_MATCH before its chunk and reads as far past its
 * end, so a token across a boundary is whole in one of them, and reports
 * only what starts inside its chunk. Findings go out in file order with
 * exact line numbers; the per-file cap holds across chunks. */
static enum za_err scan_parallel(struct stream *s, char *map, size_t size, size_t n, struct ss_stats *st)
{
	struct chunk *c = calloc(n, sizeof(*c));
	pthread_t *th = calloc(n, sizeof(*th));
	int *started = calloc(n, sizeof(*started));
	const size_t over = BACK + ZA_MAX_SECRET_MATCH + 64;
	enum za_err r = ZA_OK;
	unsigned long long line0 = 0;
	size_t emitted = 0;

	if (!c || !th || !started) {
		free(c);
		free(th);
		free(started);
		return ZA_ERR_NOMEM;
	}
	for (size_t k = 0; k < n && r == ZA_OK; k++) {
		c[k].map = map;
		c[k].own_from = size / n * k;
		c[k].own_to = k + 1 == n ? size : size / n * (k + 1);
		c[k].from = c[k].own_from > over ? c[k].own_from - over : 0;
		c[k].to = size - c[k].own_to > over ? c[k].own_to + over : size;
		r = stream_init(&c[k].s, s->e, s->path, keep_finding, &c[k], NULL);
		free(c[k].s.buf); /* the mapping is the buffer (and a failed init frees it too) */
		c[k].s.buf = NULL;
		c[k].s.home = s->home;
	}
	for (size_t k = 0; k < n && r == ZA_OK; k++) {
		started[k] = pthread_create(&th[k], NULL, chunk_worker, &c[k]) == 0;
		if (!started[k])
			chunk_worker(&c[k]); /* no thread: this one does it */
	}
	for (size_t k = 0; k < n; k++)
		if (started[k])
			pthread_join(th[k], NULL);
	for (size_t k = 0; k < n; k++) {
		if (r == ZA_OK && c[k].r != ZA_OK)
			r = c[k].r;
		for (size_t i = 0; r == ZA_OK && i < c[k].nf; i++) {
			struct ss_finding *f = &c[k].f[i];
			if (!f->malformed && emitted >= ZA_MAX_FINDINGS_PER_FILE) {
				s->dropped++;
				continue;
			}
			/* relative to the stream's start: to the file's */
			f->line = (long)(line0 + (unsigned long long)(f->line - 1) - c[k].nl_before + 1);
			s->fn(s->arg, f);
			emitted += !f->malformed;
		}
		line0 += c[k].nl_own;
		s->dropped += c[k].s.dropped;
		if (c[k].f)
			explicit_bzero(c[k].f, c[k].capf * sizeof(*c[k].f));
		free(c[k].f);
		c[k].s.buf = NULL;
		stream_fini(&c[k].s);
	}
	s->findings += emitted;
	st->bytes += size;
	free(c);
	free(th);
	free(started);
	return r;
}

enum za_err ss_scan_fd(const struct ss_engine *e, int fd, const char *path, int gz, const struct ss_opts *o,
                       ss_finding_fn fn, void *arg, struct ss_stats *st, char *err, size_t errlen)
{
	struct stream s;
	enum za_err r = stream_init(&s, e, path, fn, arg, st);
	struct gzr *g = NULL;
	int first = 1;

	if (r != ZA_OK) {
		stream_fini(&s);
		za_seterr(err, errlen, "out of memory");
		return r;
	}
	s.home = ss_is_home(e, fd);
	{
		/* a regular file is mapped, not copied: no read() copy, and the pages
		 * behind the scan are given back as it goes */
		struct stat fst;
		if (!gz && fstat(fd, &fst) == 0 && S_ISREG(fst.st_mode) && fst.st_size >= (off_t)CHUNK) {
			size_t size = (size_t)fst.st_size;
			char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (map != MAP_FAILED) {
				size_t probe = size < 8192 ? size : 8192;
				madvise(map, size, MADV_SEQUENTIAL);
				free(s.buf);
				s.buf = map;
				s.cap = size;
				s.mapped = 1;
				if (!o->scan_binary && memchr(map, '\0', probe)) {
					st->skipped_binary++;
				} else if (chunks(o, size) > 1) {
					r = scan_parallel(&s, map, size, chunks(o, size), st);
				} else {
					st->bytes += size;
					r = scan_mapped(&s, 0, size);
				}
				if (r != ZA_OK)
					za_seterr(err, errlen, "%s: the scan failed (%s)", path, za_strerr(r));
				st->findings += s.findings;
				st->dropped += s.dropped;
				munmap(map, size);
				s.buf = NULL;
				stream_fini(&s);
				return r;
			}
		}
	}
	if (gz) {
		g = malloc(sizeof(*g));
		if (!g || gzr_open(g, fd) != 0) {
			free(g);
			stream_fini(&s);
			za_seterr(err, errlen, "%s: cannot open as gzip", path);
			return ZA_ERR_IO;
		}
	}
	for (;;) {
		ssize_t n;
		size_t room = s.cap - s.len;
		if (room > CHUNK)
			room = CHUNK;
		n = g ? gzr_read(g, s.buf + s.len, room) : read(fd, s.buf + s.len, room);
		if (n < 0 && !g && errno == EINTR)
			continue;
		if (n < 0) {
			if (g)
				za_seterr(err, errlen, "%s: %s: scanned only up to there", path, g->why);
			else
				za_seterr(err, errlen, "%s: read failed: %s", path, strerror(errno));
			r = ZA_ERR_IO;
			break;
		}
		if (first && n > 0) {
			size_t probe = (size_t)n < 8192 ? (size_t)n : 8192;
			first = 0;
			if (!o->scan_binary && memchr(s.buf + s.len, '\0', probe)) {
				st->skipped_binary++;
				break;
			}
		}
		s.len += (size_t)n;
		st->bytes += (unsigned long long)n;
		r = feed(&s, (size_t)n, n == 0);
		if (r != ZA_OK || n == 0)
			break;
	}
	if (r != ZA_OK && !err[0])
		za_seterr(err, errlen, "%s: the scan failed (%s)", path, za_strerr(r));
	st->findings += s.findings;
	st->dropped += s.dropped;
	if (g) {
		gzr_close(g);
		free(g);
	}
	stream_fini(&s);
	return r;
}

/* ---- files, directories, threads ---- */

struct job_list {
	char **paths;
	size_t n, cap, next;
	pthread_mutex_t lock;
	const struct ss_engine *e;
	const struct ss_opts *o;
	ss_finding_fn fn;
	void *arg;
	struct ss_stats st;
	enum za_err r;
	char err[ZA_MAX_ERR];
};

static int add_job(struct job_list *j, const char *path)
{
	if (j->n == j->cap) {
		size_t nc = j->cap ? j->cap * 2 : 64;
		char **np = realloc(j->paths, nc * sizeof(*np));
		if (!np)
			return -1;
		j->paths = np;
		j->cap = nc;
	}
	if (!(j->paths[j->n] = strdup(path)))
		return -1;
	j->n++;
	return 0;
}

/* Walk without following symbolic links; regular files only. */
static int walk(struct job_list *j, const char *path, int depth)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		j->st.unreadable++;
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		j->st.skipped_links++;
		return 0;
	}
	if (S_ISREG(st.st_mode))
		return add_job(j, path);
	if (S_ISDIR(st.st_mode) && depth >= ZA_MAX_WALK_DEPTH) {
		j->st.unreadable++; /* past the depth cap: not searched, and said so */
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		if (!d) {
			j->st.unreadable++;
			return 0;
		}
		while ((de = readdir(d))) {
			char sub[4096];
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub)) {
				j->st.unreadable++; /* a path too long to open: not searched, and said so */
				continue;
			}
			if (walk(j, sub, depth + 1) != 0) {
				closedir(d);
				return -1;
			}
		}
		closedir(d);
	}
	return 0;
}

static void locked_finding(void *arg, const struct ss_finding *f)
{
	struct job_list *j = arg;

	pthread_mutex_lock(&j->lock);
	j->fn(j->arg, f);
	pthread_mutex_unlock(&j->lock);
}

int ss_is_gz(const char *path, int fd)
{
	unsigned char m[2];
	size_t n = strlen(path);

	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		return 1;
	return pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

static void *worker(void *arg)
{
	struct job_list *j = arg;
	struct ss_stats mine;

	memset(&mine, 0, sizeof(mine));
	for (;;) {
		const char *path;
		char err[ZA_MAX_ERR] = "";
		int fd;

		pthread_mutex_lock(&j->lock);
		path = j->next < j->n ? j->paths[j->next++] : NULL;
		pthread_mutex_unlock(&j->lock);
		if (!path)
			break;
		fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO)
		                            : open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0 && strcmp(path, "-") != 0) {
			/* what the walk saw as a file may have been swapped for a FIFO or a device */
			struct stat fst;
			if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
				close(fd);
				fd = -1;
			}
		}
		if (fd < 0) {
			mine.unreadable++;
			continue;
		}
		mine.files++;
		if (ss_scan_fd(j->e, fd, strcmp(path, "-") == 0 ? "(stdin)" : path,
		               strcmp(path, "-") != 0 && ss_is_gz(path, fd), j->o, locked_finding, j, &mine, err,
		               sizeof(err)) != ZA_OK) {
			pthread_mutex_lock(&j->lock);
			if (j->r == ZA_OK) {
				j->r = ZA_ERR_IO;
				snprintf(j->err, sizeof(j->err), "%s", err);
			}
			pthread_mutex_unlock(&j->lock);
		}
		close(fd);
	}
	pthread_mutex_lock(&j->lock);
	j->st.bytes += mine.bytes;
	j->st.files += mine.files;
	j->st.skipped_binary += mine.skipped_binary;
	j->st.unreadable += mine.unreadable;
	j->st.findings += mine.findings;
	j->st.dropped += mine.dropped;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

enum za_err ss_scan_paths(const struct ss_engine *e, char *const *paths, size_t n, const struct ss_opts *o,
                          ss_finding_fn fn, void *arg, struct ss_stats *st, char *err, size_t errlen)
{
	struct job_list j;
	pthread_t th[64];
	int nth = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	int started = 0;
	enum za_err r = ZA_OK;

	memset(&j, 0, sizeof(j));
	pthread_mutex_init(&j.lock, NULL);
	j.e = e;
	j.o = o;
	j.fn = fn;
	j.arg = arg;
	for (size_t i = 0; i < n; i++)
		if ((strcmp(paths[i], "-") == 0 ? add_job(&j, "-") : walk(&j, paths[i], 0)) != 0) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
	if (nth < 1)
		nth = 1;
	if (nth > 64)
		nth = 64;
	if ((size_t)nth > j.n)
		nth = j.n ? (int)j.n : 1;
	for (int t = 0; t < nth; t++)
		if (pthread_create(&th[t], NULL, worker, &j) == 0)
			started++;
	if (!started)
		worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	r = j.r;
	if (r != ZA_OK)
		za_seterr(err, errlen, "%s", j.err);
out:
	st->bytes += j.st.bytes;
	st->files += j.st.files;
	st->skipped_binary += j.st.skipped_binary;
	st->skipped_links += j.st.skipped_links;
	st->unreadable += j.st.unreadable;
	st->findings += j.st.findings;
	st->dropped += j.st.dropped;
	for (size_t i = 0; i < j.n; i++)
		free(j.paths[i]);
	free(j.paths);
	pthread_mutex_destroy(&j.lock);
	return r;
}

/* ---- examples ---- */

struct example_ctx {
	size_t n, malformed;
	const char *rule;
	size_t of_rule;
};

static void count_finding(void *arg, const struct ss_finding *f)
{
	struct example_ctx *x = arg;

	x->n++;
	if (strcmp(f->rule, x->rule) == 0) {
		x->of_rule++;
		x->malformed += f->malformed;
	}
}

enum za_err ss_selftest(const struct ss_engine *e, char *err, size_t errlen)
{
	if (!ss_placeholders(e)) {
		za_seterr(err, errlen,
		          "%s: no placeholder model (no \"placeholders\" section here or in %s/secrets.json)", e->path,
		          ZA_DATADIR);
		return ZA_ERR_INPUT;
	}
	if (ph_selftest(ss_placeholders(e), e->ph ? e->path : ZA_DATADIR "/secrets.json", err, errlen) != ZA_OK)
		return ZA_ERR_INPUT;
	for (size_t i = 0; i < e->nrules; i++) {
		const struct ss_rule *r = &e->rules[i];
		char *const *lists[] = {r->match, r->no_match, r->malformed};
		size_t counts[] = {r->nmatch, r->nno_match, r->nmalformed};
		for (int l = 0; l < 3; l++)
			for (size_t k = 0; k < counts[l]; k++) {
				struct example_ctx x = {0, 0, r->id, 0};
				if (ss_scan_buffer(e, lists[l][k], strlen(lists[l][k]), "example", count_finding, &x,
				                   NULL, err, errlen) != ZA_OK)
					return ZA_ERR_INTERNAL;
				if ((l == 0 && (x.of_rule != 1 || x.malformed)) || (l == 1 && x.of_rule != 0) ||
				    (l == 2 && (x.of_rule != 1 || !x.malformed))) {
					za_seterr(err, errlen,
					          "%s: rule %s: %s example %zu gave %zu findings of the rule%s",
					          e->path, r->id,
					          l == 0   ? "match"
					          : l == 1 ? "no_match"
					                   : "malformed",
					          k, x.of_rule, x.malformed ? " (malformed)" : "");
					return ZA_ERR_INPUT;
				}
			}
	}
	return ZA_OK;
}
