/* leakscan.c - see leakscan.h. */
#define _GNU_SOURCE
#include "leakscan.h"
#include "placeholder.h"

#include <ctype.h>
#include <string.h>
int leakscan_placeholder(const char *v, size_t n)
{
	return ph_match(ph_builtin(), v, n);
}

static int ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* A value after "key:" or "key=": trimmed, unquoted. */
static void value_at(const char *p, size_t n, size_t *off, size_t *len)
{
	size_t i = 0, e;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '"' || p[i] == '\'')) {
		char q = p[i++];
		e = i;
		while (e < n && p[e] != q)
			e++;
	} else {
		e = i;
		while (e < n && p[e] != ' ' && p[e] != '\t' && p[e] != '#' && p[e] != ',' && p[e] != '}')
			e++;
	}
	*off = i;
	*len = e - i;
}

static size_t scan_urls(const char *line, size_t n, long lineno, leakscan_fn fn, void *arg)
{
	static const char *const qkeys[] = {"access_token=", "auth_token=", "api_key=", "apikey=", "token=",
	                                    "password=",     "passwd=",     "secret=",  NULL};
	size_t found = 0;

	for (size_t i = 0; i + 3 < n; i++) {
		size_t s, colon = 0, at = 0;
		if (memcmp(line + i, "://", 3) != 0)
			continue;
		for (s = i + 3; s < n; s++) {
			char c = line[s];
			if (c == '@') {
				at = s;
				break;
			}
			if (c == '/' || c == ' ' || c == '"' || c == '\'' || c == '?' || c == '#')
				break;
			if (c == ':' && !colon)
				colon = s;
		}
		if (at && colon && !leakscan_placeholder(line + colon + 1, at - colon - 1)) {
			fn(arg, "url-userinfo", lineno, (long)(colon + 2), line + colon + 1, at - colon - 1);
			found++;
		}
		/* the query of this URL */
		for (s = i + 3; s < n && line[s] != ' ' && line[s] != '"' && line[s] != '\''; s++) {
			if (line[s] != '?' && line[s] != '&')
				continue;
			for (size_t k = 0; qkeys[k]; k++) {
				size_t kl = strlen(qkeys[k]), v, e;
				if (s + 1 + kl > n || !ieq(line + s + 1, qkeys[k], kl))
					continue;
				v = s + 1 + kl;
				for (e = v; e < n && line[e] != '&' && line[e] != ' ' && line[e] != '"' &&
				            line[e] != '\'' && line[e] != '#';
				     e++)
					;
				if (e > v && !leakscan_placeholder(line + v, e - v)) {
					fn(arg, "url-query-token", lineno, (long)(v + 1), line + v, e - v);
					found++;
				}
				break;
			}
		}
		i += 2;
	}
	return found;
}

static size_t scan_keys(const char *line, size_t n, long lineno, leakscan_fn fn, void *arg)
{
	static const char *const inline_keys[] = {"password", "credentials", "bearer_token", "client_secret", NULL};
	static const char *const label_words[] = {"token", "secret", "password", "passwd", "api_key", "apikey", NULL};
	size_t i = 0, ks, ke, off, len;

	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '-'))
		i++;
	ks = i;
	while (i < n && (isalnum((unsigned char)line[i]) || line[i] == '_' || line[i] == '.' || line[i] == '-'))
		i++;
	ke = i;
	if (ke == ks || i >= n || (line[i] != ':' && line[i] != '='))
		return 0;
	value_at(line + i + 1, n - i - 1, &off, &len);
	off += i + 1;
	if (len == 0 || leakscan_placeholder(line + off, len))
		return 0;
	/* URLs are judged by scan_urls */
	if (memmem(line + off, len, "://", 3))
		return 0;
	for (size_t k = 0; inline_keys[k]; k++)
		if (ke - ks == strlen(inline_keys[k]) && ieq(line + ks, inline_keys[k], ke - ks)) {
			fn(arg, "config-inline-secret", lineno, (long)(off + 1), line + off, len);
			return 1;
		}
	if (ke - ks >= 5 && memmem(line + ks, ke - ks, "_file", 5) == line + ke - 5)
		return 0; /* password_file, credentials_file: a path */
	for (size_t k = 0; label_words[k]; k++) {
		size_t wl = strlen(label_words[k]);
		for (size_t p = ks; p + wl <= ke; p++)
			if (ieq(line + p, label_words[k], wl)) {
				fn(arg, "secret-label", lineno, (long)(off + 1), line + off, len);
				return 1;
			}
	}
	return 0;
}

static size_t run_of(const char *p, size_t n, const char *set_extra)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)p[i]) || (set_extra && strchr(set_extra, p[i]) && p[i])))
		i++;
	return i;
}

/* Token shapes (a small built-in set until the secret rules land):
 * Grafana service-account tokens, Grafana Cloud tokens, legacy Grafana API
 * keys, JWTs and Proxmox API tokens. */
static size_t scan_shapes(const char *line, size_t n, long lineno, leakscan_fn fn, void *arg)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = line + i;
		size_t rest = n - i, len = 0;
		if (i > 0 && (isalnum((unsigned char)line[i - 1]) || line[i - 1] == '_'))
			continue;
		if (rest >= 46 && memcmp(p, "glsa_", 5) == 0 && run_of(p + 5, 32, NULL) == 32 && p[37] == '_' &&
		    run_of(p + 38, 8, NULL) == 8)
			len = 46;
		else if (rest > 36 && memcmp(p, "glc_", 4) == 0 && run_of(p + 4, rest - 4, "+/=") >= 32)
			len = 4 + run_of(p + 4, rest - 4, "+/=");
		else if (rest > 48 && memcmp(p, "eyJrIjoi", 8) == 0 && run_of(p + 8, rest - 8, "+/=") >= 40)
			len = 8 + run_of(p + 8, rest - 8, "+/=");
		else if (rest > 40 && memcmp(p, "eyJ", 3) == 0) {
			size_t a = run_of(p, rest, "-_"), b, c;
			if (a >= 13 && a < rest && p[a] == '.' && rest - a - 1 > 3 &&
			    memcmp(p + a + 1, "eyJ", 3) == 0) {
				b = run_of(p + a + 1, rest - a - 1, "-_");
				if (b >= 13 && a + 1 + b < rest && p[a + 1 + b] == '.') {
					c = run_of(p + a + 2 + b, rest - a - 2 - b, "-_");
					if (c >= 16)
						len = a + 2 + b + c;
				}
			}
		} else if (rest > 12 && memcmp(p, "PVEAPIToken", 11) == 0 && (p[11] == '=' || p[11] == ' ')) {
			const char *eq = memchr(p + 12, '=', rest - 12);
			if (eq && memchr(p + 12, '!', (size_t)(eq - p - 12)) && (size_t)(eq - p) + 37 <= rest &&
			    eq[9] == '-' && eq[14] == '-')
				len = (size_t)(eq - p) + 37;
		}
		if (len && !leakscan_placeholder(p, len)) {
			fn(arg, "token-shaped", lineno, (long)(i + 1), p, len);
			found++;
			i += len - 1;
		}
	}
	return found;
}

/* A line over ZA_MAX_LINE is scanned in windows of that size that overlap
 * by LEAK_OVERLAP bytes. A finding belongs to the window in which it stands
 * before the middle of the overlap: each window reports the findings
 * between the middles of its two overlaps, so one whose context starts up to
 * LEAK_OVERLAP/2 bytes before it, or whose value is up to that long, is
 * found whole and once. */
#define LEAK_OVERLAP 4096u

struct window {
	leakscan_fn fn;
	void *arg;
	long offset;    /* of the window in its line */
	long first_col; /* findings at or before this column belong to the previous window */
	long last_col;  /* findings past this column belong to the next window; 0: none */
	size_t found;
};

static void in_window(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	struct window *w = arg;

	if (column <= w->first_col || (w->last_col && column > w->last_col))
		return;
	w->fn(w->arg, rule, line, column + w->offset, value, len);
	w->found++;
}

static size_t scan_line(const char *s, size_t n, long lineno, leakscan_fn fn, void *arg)
{
	const size_t step = ZA_MAX_LINE - LEAK_OVERLAP;
	struct window w = {fn, arg, 0, 0, 0, 0};

	if (n <= ZA_MAX_LINE)
		return scan_urls(s, n, lineno, fn, arg) + scan_keys(s, n, lineno, fn, arg) +
		       scan_shapes(s, n, lineno, fn, arg);
	for (size_t off = 0; off < n; off += step) {
		size_t wn = n - off < ZA_MAX_LINE ? n - off : ZA_MAX_LINE;
		w.offset = (long)off;
		w.first_col = off ? (long)(LEAK_OVERLAP / 2) : 0;
		w.last_col = off + wn >= n ? 0 : (long)(step + LEAK_OVERLAP / 2);
		scan_urls(s + off, wn, lineno, in_window, &w);
		scan_keys(s + off, wn, lineno, in_window, &w);
		scan_shapes(s + off, wn, lineno, in_window, &w);
		if (off + wn >= n)
			break;
	}
	return w.found;
}

size_t leakscan_text(const char *text, size_t len, leakscan_fn fn, void *arg)
{
	size_t found = 0, pos = 0;
	long lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		lineno++;
		found += scan_line(text + pos, n, lineno, fn, arg);
		pos += n + 1;
	}
	return found;
}
