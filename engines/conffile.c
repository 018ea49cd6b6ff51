/* conffile.c - see conffile.h. */
#include "conffile.h"

#include <ctype.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "za.h"
static void trim(char **s, char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

static void unquote(char **s, char **e)
{
	if (*e - *s >= 2 && (**s == '"' || **s == '\'') && (*e)[-1] == **s) {
		(*s)++;
		(*e)--;
	}
}

/* Calls line_fn for each logical line (continuations joined for units);
 * returns how many were over ZA_MAX_LINE and handed over cut (all of them
 * when memory ran out: nothing was read). */
static size_t lines(const char *text, size_t len, int continuations,
                    void (*line_fn)(void *ctx, char *s, char *e, long line), void *ctx)
{
	char *buf = malloc(ZA_MAX_LINE + 1);
	size_t pos = 0, bl = 0, cut = 0;
	long lineno = 0, start = 0;

	if (!buf)
		return len ? 1 : 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		int cont;
		lineno++;
		if (!bl)
			start = lineno;
		if (n && text[pos + n - 1] == '\r')
			n--;
		cont = continuations && n && text[pos + n - 1] == '\\';
		if (cont)
			n--;
		if (bl + n > ZA_MAX_LINE) {
			n = ZA_MAX_LINE - bl;
			cut++;
		}
		memcpy(buf + bl, text + pos, n);
		bl += n;
		if (cont && bl < ZA_MAX_LINE) {
			buf[bl++] = ' ';
		} else {
			buf[bl] = '\0';
			line_fn(ctx, buf, buf + bl, start);
			bl = 0;
		}
		pos += (nl ? (size_t)(nl - text - pos) + 1 : len - pos);
	}
	if (bl) {
		buf[bl] = '\0';
		line_fn(ctx, buf, buf + bl, start);
	}
	free(buf);
	return cut;
}

struct st {
	conf_fn fn;
	void *arg;
	char section[256];
	int kind; /* 1 env, 2 unit (INI goes through inih) */
};

static void one(void *ctx, char *s, char *e, long line)
{
	struct st *st = ctx;
	char *eq;

	trim(&s, &e);
	if (s == e || *s == '#' || *s == ';')
		return;
	if (st->kind == 2 && *s == '[') {
		char *rb = memchr(s, ']', (size_t)(e - s));
		if (rb) {
			size_t n = (size_t)(rb - s - 1);
			if (n >= sizeof(st->section))
				n = sizeof(st->section) - 1;
			memcpy(st->section, s + 1, n);
			st->section[n] = '\0';
		}
		return;
	}
	if (st->kind == 1 && e - s > 7 && strncmp(s, "export", 6) == 0 && isspace((unsigned char)s[6]))
		s += 7;
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq)
		return;
	{
		char *ks = s, *ke = eq, *vs = eq + 1, *ve = e;
		trim(&ks, &ke);
		trim(&vs, &ve);
		if (st->kind != 2)
			unquote(&vs, &ve);
		if (ks == ke)
			return;
		*ke = '\0';
		*ve = '\0';
		st->fn(st->arg, st->section, ks, vs, line);
	}
}

/* inih hands over section, key and value with its own comment rules (";"
 * and "#" at the start of a line, " ;" inline); Grafana (go-ini) also strips
 * quotes and " #" comments, so the value is finished here the same way. */
static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct st *st = user;
	size_t n = strlen(value);
	char *v = malloc(n + 1), *vs, *ve;

	if (!v)
		return 0;
	memcpy(v, value, n + 1);
	vs = v;
	ve = v + n;
	for (char *c = vs; c < ve; c++)
		if (*c == '#' && c > vs && isspace((unsigned char)c[-1])) {
			ve = c;
			break;
		}
	trim(&vs, &ve);
	unquote(&vs, &ve);
	*ve = '\0';
	st->fn(st->arg, section, name, vs, 0);
	free(v);
	return 1;
}

void conf_ini(const char *text, size_t len, conf_fn fn, void *arg)
{
	struct st st = {fn, arg, "", 0};
	char *copy;

	if (memchr(text, '\0', len))
		return; /* not a text file */
	copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, text, len);
	copy[len] = '\0';
	(void)ini_parse_string(copy, ini_entry, &st); /* a malformed line is skipped, the rest still read */
	free(copy);
}

size_t conf_env(const char *text, size_t len, conf_fn fn, void *arg)
{
	struct st st = {fn, arg, "", 1};

	return lines(text, len, 0, one, &st);
}

size_t conf_unit(const char *text, size_t len, conf_fn fn, void *arg)
{
	struct st st = {fn, arg, "", 2};

	return lines(text, len, 1, one, &st);
}

void conf_env_words(const char *value, long line, conf_fn fn, void *arg)
{
	const char *p = value;

	while (*p) {
		char word[4096];
		size_t n = 0;
		char q = 0;
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		while (*p && (q || !isspace((unsigned char)*p)) && n + 1 < sizeof(word)) {
			if (!q && (*p == '"' || *p == '\'')) {
				q = *p++;
				continue;
			}
			if (q && *p == q) {
				q = 0;
				p++;
				continue;
			}
			word[n++] = *p++;
		}
		while (*p && !isspace((unsigned char)*p))
			p++; /* an overlong word: skip its rest */
		word[n] = '\0';
		{
			char *eq = strchr(word, '=');
			if (eq && eq != word) {
				*eq = '\0';
				fn(arg, "Environment", word, eq + 1, line);
			}
		}
	}
}
