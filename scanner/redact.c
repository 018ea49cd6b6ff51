/* redact.c - see redact.h. */
#define _GNU_SOURCE
#include "redact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define MASK "****"

static int ieq_prefix(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	if (n < l)
		return 0;
	for (size_t i = 0; i < l; i++)
		if (tolower((unsigned char)p[i]) != tolower((unsigned char)lit[i]))
			return 0;
	return 1;
}

static int is_tokch(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=' ||
	       c == '!' || c == '@' || c == '%' || c == ':';
}

/* Length of a credential run starting at p. */
static size_t tok_run(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_tokch((unsigned char)p[i]))
		i++;
	return i;
}

/* Emits the first up-to-4 characters of a credential and a mask. */
static void put_preview(struct buf *w, const char *v, size_t len, size_t keep)
{
	if (keep > 4)
		keep = 4;
	if (keep > len)
		keep = len;
	buf_append(w, v, keep);
	buf_puts(w, MASK);
}

/* Authorization header: returns bytes consumed at p (0 = no match). */
static size_t try_auth(const char *p, size_t n, struct buf *w)
{
	static const char *const names[] = {"proxy-authorization", "authorization"};
	static const char *const schemes[] = {"bearer", "basic", "token", "pveapitoken", "digest"};
	size_t i = 0, nl = 0;

	for (size_t k = 0; k < 2; k++)
		if (ieq_prefix(p, n, names[k])) {
			nl = strlen(names[k]);
			break;
		}
	if (!nl)
		return 0;
	i = nl;
	while (i < n && (p[i] == '"' || p[i] == '\'' || p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= n || (p[i] != ':' && p[i] != '='))
		return 0;
	i++;
	while (i < n && (p[i] == '"' || p[i] == '\'' || p[i] == ' ' || p[i] == '\t'))
		i++;
	for (size_t k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		size_t sl = strlen(schemes[k]);
		if (ieq_prefix(p + i, n - i, schemes[k]) && i + sl < n && (p[i + sl] == ' ' || p[i + sl] == '=')) {
			i += sl + 1;
			break;
		}
	}
	{
		size_t t = tok_run(p + i, n - i);
		if (t == 0)
			return 0;
		buf_append(w, p, i);
		put_preview(w, p + i, t, t >= 16 ? 4 : 0);
		return i + t;
	}
}

/* scheme://user:pass@ -> scheme://user:****@ ; p points at "://". */
static size_t try_userinfo(const char *p, size_t n, struct buf *w)
{
	size_t i = 3, colon = 0;

	if (n < 4 || memcmp(p, "://", 3) != 0)
		return 0;
	for (; i < n && i < 3 + 512; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '@')
			break;
		if (c == '/' || c == ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\n' || c == '?' ||
		    c == '#')
			return 0;
		if (c == ':' && !colon)
			colon = i;
	}
	if (i >= n || p[i] != '@' || !colon)
		return 0;
	buf_append(w, p, colon + 1);
	buf_puts(w, MASK);
	return i; /* the '@' is copied by the caller */
}

/* ?token=... / &password=... ; p points at '?' or '&'. */
static size_t try_query(const char *p, size_t n, struct buf *w)
{
	static const char *const keys[] = {"access_token=", "auth_token=", "api_key=", "apikey=", "token=",
	                                   "password=",     "passwd=",     "secret=",  "key="};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t kl = strlen(keys[k]);
		if (ieq_prefix(p + 1, n - 1, keys[k])) {
			size_t v = 1 + kl, e = v;
			while (e < n && p[e] != '&' && p[e] != ' ' && p[e] != '"' && p[e] != '\'' && p[e] != '#' &&
			       p[e] != '\n' && p[e] != '<')
				e++;
			if (e == v)
				return 0;
			buf_append(w, p, v);
			buf_puts(w, MASK);
			return e;
		}
	}
	return 0;
}

/* Known token shapes: keep the literal prefix only. */
static size_t try_shape(const char *p, size_t n, struct buf *w)
{
	static const char *const pfx[] = {"glsa_", "glc_", "eyJrIjoi", "eyJ"};

	for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		size_t pl = strlen(pfx[k]);
		if (n >= pl && memcmp(p, pfx[k], pl) == 0) {
			size_t t = tok_run(p + pl, n - pl);
			if (t < 8)
				return 0;
			buf_append(w, p, pl > 4 ? 4 : pl);
			if (pl > 4 && pfx[k][4] == '_')
				buf_putc(w, '_');
			buf_puts(w, MASK);
			return pl + t;
		}
	}
	return 0;
}

void redact_text(const struct redactor *rd, const char *in, size_t n, struct buf *out)
{
	struct buf w;
	size_t i = 0;

	buf_init(&w, n * 2 + 64);
	/* pass 1: known secrets, replaced wherever they occur */
	{
		struct buf k;
		const char *cur = in;
		size_t curlen = n;
		char *owned = NULL;

		for (size_t s = 0; rd && s < rd->nknown; s++) {
			long at;
			if (!rd->known[s] || !secret_len(rd->known[s]))
				continue;
			buf_init(&k, curlen * 28 + 64);
			while ((at = secret_find(rd->known[s], cur, curlen)) >= 0) {
				char fp[SECRET_FINGERPRINT_LEN];
				secret_fingerprint(rd->known[s], fp);
				buf_append(&k, cur, (size_t)at);
				buf_printf(&k, "[secret %s]", fp);
				cur += (size_t)at + secret_len(rd->known[s]);
				curlen -= (size_t)at + secret_len(rd->known[s]);
			}
			buf_append(&k, cur, curlen);
			if (owned)
				explicit_bzero(owned, curlen);
			free(owned);
			curlen = k.len;
			owned = buf_detach(&k);
			cur = owned;
		}
		/* pass 2: shapes */
		while (i < curlen) {
			size_t used = 0;
			char c = cur[i];
			int boundary = i == 0 || !isalnum((unsigned char)cur[i - 1]);

			if ((c == 'a' || c == 'A' || c == 'p' || c == 'P') && boundary)
				used = try_auth(cur + i, curlen - i, &w);
			else if (c == ':')
				used = try_userinfo(cur + i, curlen - i, &w);
			else if (c == '?' || c == '&')
				used = try_query(cur + i, curlen - i, &w);
			else if ((c == 'g' || c == 'e') && boundary)
				used = try_shape(cur + i, curlen - i, &w);
			if (used) {
				i += used;
				continue;
			}
			buf_putc(&w, c);
			i++;
		}
		if (owned)
			explicit_bzero(owned, curlen);
		free(owned);
	}
	text_sanitize(buf_str(&w), w.len, out);
	if (w.truncated)
		out->truncated = 1;
	/* w held unmasked bytes only where no rule matched; wipe anyway */
	if (w.p)
		explicit_bzero(w.p, w.alloc);
	buf_free(&w);
}
