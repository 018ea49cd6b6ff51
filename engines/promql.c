/* promql.c - see promql.h. */
#include "promql.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct lex {
	const char *s, *p;
	char *err;
	size_t errlen;
};

static int ident_start(int c)
{
	return isalpha(c) || c == '_' || c == ':';
}

static int ident_char(int c)
{
	return isalnum(c) || c == '_' || c == ':';
}

static void skip_space(struct lex *l)
{
	for (;;) {
		while (*l->p && isspace((unsigned char)*l->p))
			l->p++;
		if (*l->p != '#')
			return;
		while (*l->p && *l->p != '\n') /* a comment runs to the end of the line */
			l->p++;
	}
}

/* Past a quoted string starting at *l->p; 0, or -1 when it never ends. */
static int skip_string(struct lex *l)
{
	char q = *l->p++;

	while (*l->p && *l->p != q) {
		if (*l->p == '\\' && q != '`' && l->p[1])
			l->p++;
		l->p++;
	}
	if (!*l->p) {
		za_seterr(l->err, l->errlen, "column %ld: a string that never ends", (long)(l->p - l->s) + 1);
		return -1;
	}
	l->p++;
	return 0;
}

/* Past a bracketed group ( ... ) or [ ... ] (strings inside skipped). */
static int skip_group(struct lex *l, char open, char close)
{
	int depth = 0;

	while (*l->p) {
		if (*l->p == '"' || *l->p == '\'' || *l->p == '`') {
			if (skip_string(l) != 0)
				return -1;
			continue;
		}
		if (*l->p == open)
			depth++;
		else if (*l->p == close && --depth == 0) {
			l->p++;
			return 0;
		}
		l->p++;
	}
	za_seterr(l->err, l->errlen, "a '%c' that is never closed", open);
	return -1;
}

static size_t read_ident(struct lex *l, char *out, size_t outlen)
{
	const char *b = l->p;
	size_t n;

	while (ident_char((unsigned char)*l->p))
		l->p++;
	n = (size_t)(l->p - b);
	snprintf(out, outlen, "%.*s", (int)n, b);
	return n;
}

static int is_word(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcasecmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* The quoted string at *l->p (a PromQL string literal: Go's escapes in "..."
 * and '...', none in `...`) unescaped into out, truncated to outlen; 0 or -1. */
static int read_string(struct lex *l, char *out, size_t outlen)
{
	char q = *l->p;
	const char *b = l->p + 1;
	size_t o = 0;

	if (skip_string(l) != 0)
		return -1;
	for (const char *c = b; c < l->p - 1; c++) {
		unsigned long cp = (unsigned char)*c;
		int digits = 0, base = 16;
		if (*c == '\\' && q != '`') {
			switch (*++c) {
			case 'a': cp = '\a'; break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'n': cp = '\n'; break;
			case 'r': cp = '\r'; break;
			case 't': cp = '\t'; break;
			case 'v': cp = '\v'; break;
			case 'x': digits = 2; break;
			case 'u': digits = 4; break;
			case 'U': digits = 8; break;
			default:
				if (*c >= '0' && *c <= '7') {
					digits = 3;
					base = 8;
					c--;
				} else {
					cp = (unsigned char)*c; /* \\ \" \' */
				}
			}
			if (digits) {
				cp = 0;
				for (int k = 0; k < digits; k++) {
					int v = hexval((unsigned char)c[1]);
					if (v < 0 || v >= base) {
						za_seterr(l->err, l->errlen, "column %ld: a bad escape in a string",
						          (long)(c - l->s) + 1);
						return -1;
					}
					cp = cp * (unsigned long)base + (unsigned long)v;
					c++;
				}
			}
		}
		/* UTF-8 for \u and \U; bytes as they are otherwise */
		if (cp < 0x80 || (digits != 4 && digits != 8)) {
			if (o + 1 < outlen)
				out[o++] = (char)cp;
		} else if (cp < 0x800) {
			if (o + 2 < outlen) {
				out[o++] = (char)(0xC0 | (cp >> 6));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			}
		} else if (cp < 0x10000) {
			if (o + 3 < outlen) {
				out[o++] = (char)(0xE0 | (cp >> 12));
				out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			}
		} else if (cp < 0x110000 && o + 4 < outlen) {
			out[o++] = (char)(0xF0 | (cp >> 18));
			out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	if (outlen)
		out[o < outlen ? o : outlen - 1] = '\0';
	return 0;
}

/* {name op "value", ...} at *l->p into s; 0, -1 (ZA_ERR_INPUT) or -2 (cap).
 * Prometheus 3's quoted names count: {"metric.name", "label.name"="v"}. */
static int matchers(struct lex *l, struct promql_selector *s)
{
	l->p++; /* { */
	for (;;) {
		char name[ZA_MAX_NAME], op[3] = "";
		struct promql_matcher *m;
		skip_space(l);
		if (*l->p == '}') {
			l->p++;
			return 0;
		}
		if (*l->p == '"' || *l->p == '\'' || *l->p == '`') {
			if (read_string(l, name, sizeof(name)) != 0)
				return -1;
			skip_space(l);
			if (*l->p == ',' || *l->p == '}') { /* a quoted metric name */
				snprintf(s->metric, sizeof(s->metric), "%s", name);
				if (*l->p == ',')
					l->p++;
				continue;
			}
		} else if (ident_start((unsigned char)*l->p)) {
			read_ident(l, name, sizeof(name));
		} else {
			za_seterr(l->err, l->errlen, "column %ld: a label name was expected", (long)(l->p - l->s) + 1);
			return -1;
		}
		skip_space(l);
		if ((l->p[0] == '=' || l->p[0] == '!') && (l->p[1] == '~' || (l->p[0] == '!' && l->p[1] == '='))) {
			op[0] = l->p[0];
			op[1] = l->p[1];
			l->p += 2;
		} else if (l->p[0] == '=') {
			op[0] = '=';
			l->p++;
		} else {
			za_seterr(l->err, l->errlen, "column %ld: a matcher (=, !=, =~, !~) was expected",
			          (long)(l->p - l->s) + 1);
			return -1;
		}
		skip_space(l);
		if (*l->p != '"' && *l->p != '\'' && *l->p != '`') {
			za_seterr(l->err, l->errlen, "column %ld: a quoted label value was expected",
			          (long)(l->p - l->s) + 1);
			return -1;
		}
		if (s->nm == ZA_MAX_PROMQL_MATCHERS) {
			za_seterr(l->err, l->errlen, "more than %u label matchers in one selector",
			          ZA_MAX_PROMQL_MATCHERS);
			return -2;
		}
		m = &s->m[s->nm++];
		snprintf(m->name, sizeof(m->name), "%s", name);
		snprintf(m->op, sizeof(m->op), "%s", op);
		if (read_string(l, m->value, sizeof(m->value)) != 0)
			return -1;
		skip_space(l);
		if (*l->p == ',')
			l->p++;
	}
}

/* A by/without list "( a, "b", c )" at *l->p: 1 when it names label; -1 when malformed. */
static int list_has(struct lex *l, const char *label)
{
	int has = 0;

	if (*l->p != '(')
		return -1;
	l->p++;
	for (;;) {
		char name[ZA_MAX_NAME];
		skip_space(l);
		if (*l->p == ')') {
			l->p++;
			return has;
		}
		if (*l->p == '"' || *l->p == '\'' || *l->p == '`') { /* Prometheus 3: a quoted label name */
			const char *b = l->p + 1;
			if (skip_string(l) != 0)
				return -1;
			snprintf(name, sizeof(name), "%.*s", (int)(l->p - 1 - b), b);
		} else if (ident_start((unsigned char)*l->p)) {
			read_ident(l, name, sizeof(name));
		} else {
			return -1;
		}
		has |= strcmp(name, label) == 0;
		skip_space(l);
		if (*l->p == ',')
			l->p++;
		else if (*l->p != ')')
			return -1;
	}
}

/* by/without with its list at *l->p (after an aggregation's name or argument):
 * 1 read (grouping set), 0 none there, -1 malformed. */
static int grouping(struct lex *l, const char *label, int *without, int *has)
{
	const char *save = l->p;
	char w[ZA_MAX_NAME];

	skip_space(l);
	if (!ident_start((unsigned char)*l->p)) {
		l->p = save;
		return 0;
	}
	read_ident(l, w, sizeof(w));
	if (strcasecmp(w, "by") != 0 && strcasecmp(w, "without") != 0) {
		l->p = save;
		return 0;
	}
	*without = strcasecmp(w, "without") == 0;
	skip_space(l);
	*has = list_has(l, label);
	return *has < 0 ? -1 : 1;
}

int promql_keeps_label(const char *expr, size_t pos, const char *label, char *why, size_t whylen)
{
	static const char *const aggs[] = {"sum",    "min",     "max",    "avg",          "group",
	                                   "stddev", "stdvar",  "count",  "count_values", "quantile",
	                                   "topk",   "bottomk", "limitk", "limit_ratio",  NULL};
	static const char *const whole[] = {"topk", "bottomk", "limitk", "limit_ratio", NULL};
	char err[8];
	struct lex l = {expr, expr, err, sizeof(err)};

	while (*l.p) {
		char op[ZA_MAX_NAME];
		const char *arg;
		int without = 0, has = 0, g;
		skip_space(&l);
		if (*l.p == '"' || *l.p == '\'' || *l.p == '`') {
			if (skip_string(&l) != 0)
				return 1; /* promql_selectors() reports a malformed expression */
			continue;
		}
		if (*l.p == '{' || *l.p == '[') {
			if (skip_group(&l, *l.p, *l.p == '{' ? '}' : ']') != 0)
				return 1;
			continue;
		}
		if (!ident_start((unsigned char)*l.p)) {
			if (*l.p)
				l.p++;
			continue;
		}
		read_ident(&l, op, sizeof(op));
		if (!is_word(op, aggs))
			continue;
		if ((g = grouping(&l, label, &without, &has)) < 0)
			return 1;
		skip_space(&l);
		if (*l.p != '(')
			continue; /* a metric that happens to be called sum */
		arg = l.p;
		if (skip_group(&l, '(', ')') != 0)
			return 1;
		if (!g && (g = grouping(&l, label, &without, &has)) < 0)
			return 1;
		if (pos > (size_t)(arg - expr) && pos < (size_t)(l.p - expr) && !is_word(op, whole) &&
		    (!g || without == has)) {
			snprintf(why, whylen, "%s%s drops %s", op,
			         !g        ? " without by"
			         : without ? " without (..., it)"
			                   : " by (...) without it",
			         label);
			return 0;
		}
		l.p = arg + 1; /* aggregations inside the argument count too */
	}
	return 1;
}

enum za_err promql_require_labels(const char *sel, const char *const *labels, size_t n, char *out, size_t outlen)
{
	size_t len = strlen(sel), body = len, o;
	int comma;

	while (body && isspace((unsigned char)sel[body - 1]))
		body--;
	if (body && sel[body - 1] == '}') { /* insert before the closing brace */
		size_t b = body - 1;
		while (b && isspace((unsigned char)sel[b - 1]))
			b--;
		comma = !(b && (sel[b - 1] == '{' || sel[b - 1] == ','));
		body--;
	} else { /* a bare metric name: add a matcher list */
		comma = -1;
	}
	o = (size_t)snprintf(out, outlen, "%.*s%s", (int)body, sel, comma < 0 ? "{" : "");
	for (size_t i = 0; i < n && o < outlen; i++) {
		o += (size_t)snprintf(out + o, outlen - o, "%s%s!=\"\"", (i || comma > 0) ? "," : "", labels[i]);
	}
	if (o < outlen)
		o += (size_t)snprintf(out + o, outlen - o, "}");
	return o < outlen ? ZA_OK : ZA_ERR_CAP;
}

enum za_err promql_selectors(const char *expr, struct promql_selector *out, size_t max, size_t *n, char *err,
                             size_t errlen)
{
	/* words that are never a metric where they stand */
	static const char *const keywords[] = {"and",         "or",      "unless", "bool",     "offset",
	                                       "by",          "without", "on",     "ignoring", "group_left",
	                                       "group_right", "inf",     "nan",    NULL};
	static const char *const label_lists[] = {"by", "without", "on", "ignoring", "group_left", "group_right", NULL};
	struct lex l = {expr, expr, err, errlen};

	*n = 0;
	while (*l.p) {
		const char *start;
		char word[ZA_MAX_NAME];
		struct promql_selector *s;
		int rc;
		skip_space(&l);
		if (!*l.p)
			break;
		start = l.p;
		if (*l.p == '"' || *l.p == '\'' || *l.p == '`') {
			if (skip_string(&l) != 0)
				return ZA_ERR_INPUT;
			continue;
		}
		if (*l.p == '[') { /* a range or subquery: durations only */
			if (skip_group(&l, '[', ']') != 0)
				return ZA_ERR_INPUT;
			continue;
		}
		if (isdigit((unsigned char)*l.p) || (*l.p == '.' && isdigit((unsigned char)l.p[1]))) {
			while (isalnum((unsigned char)*l.p) || *l.p == '.' || *l.p == '_' ||
			       ((*l.p == '+' || *l.p == '-') && (l.p[-1] == 'e' || l.p[-1] == 'E')))
				l.p++; /* a number or a duration */
			continue;
		}
		if (ident_start((unsigned char)*l.p)) {
			read_ident(&l, word, sizeof(word));
			if (is_word(word, label_lists)) {
				skip_space(&l);
				if (*l.p == '(' && skip_group(&l, '(', ')') != 0)
					return ZA_ERR_INPUT;
				continue;
			}
			if (is_word(word, keywords)) {
				if (strcasecmp(word, "offset") == 0) {
					skip_space(&l);
					if (*l.p == '-')
						l.p++;
					while (isalnum((unsigned char)*l.p))
						l.p++;
				}
				continue;
			}
			skip_space(&l);
			if (*l.p == '(') /* a function or an aggregation */
				continue;
			if (ident_start((unsigned char)*l.p)) {
				const char *save = l.p;
				char next[ZA_MAX_NAME];
				read_ident(&l, next, sizeof(next));
				l.p = save;
				if (strcasecmp(next, "by") == 0 || strcasecmp(next, "without") == 0)
					continue; /* sum by (...) (...): an aggregation */
			}
		} else if (*l.p != '{') {
			l.p++; /* an operator or punctuation */
			continue;
		}
		/* a selector: metric, metric{...} or {...} */
		if (*n == max) {
			za_seterr(err, errlen, "more than %zu vector selectors", max);
			return ZA_ERR_CAP;
		}
		s = &out[(*n)++];
		memset(s, 0, sizeof(*s));
		s->pos = (size_t)(start - expr);
		if (start != l.p || *start != '{')
			snprintf(s->metric, sizeof(s->metric), "%s", word);
		skip_space(&l);
		if (*l.p == '{') {
			if ((rc = matchers(&l, s)) != 0)
				return rc == -2 ? ZA_ERR_CAP : ZA_ERR_INPUT;
		}
		if ((size_t)(l.p - start) >= sizeof(s->text)) {
			za_seterr(err, errlen, "a selector over %zu bytes", sizeof(s->text) - 1);
			return ZA_ERR_CAP;
		}
		snprintf(s->text, sizeof(s->text), "%.*s", (int)(l.p - start), start);
		for (size_t i = 0; !*s->metric && i < s->nm; i++)
			if (strcmp(s->m[i].name, "__name__") == 0 && strcmp(s->m[i].op, "=") == 0)
				snprintf(s->metric, sizeof(s->metric), "%.*s", (int)sizeof(s->metric) - 1,
				         s->m[i].value);
	}
	return ZA_OK;
}
