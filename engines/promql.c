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
 * and '...', none in `...`) unescaped into out. 0; -1 malformed (a bad
 * escape, a NUL, a code point that is no character: err says where); -2
 * when it does not fit in outlen (never silently cut: a shorter value could
 * match a policy's). */
static int read_string(struct lex *l, char *out, size_t outlen)
{
	char q = *l->p;
	const char *b = l->p + 1;
	size_t o = 0;

	if (skip_string(l) != 0)
		return -1;
	for (const char *c = b; c < l->p - 1; c++) {
		unsigned long cp = (unsigned char)*c;
		int digits = 0, base = 16, utf8 = 0;
		unsigned char enc[4];
		size_t n;
		if (*c == '\\' && q != '`') {
			static const char keys[] = "abfnrtv\\'\"", vals[] = "\a\b\f\n\r\t\v\\'\"";
			const char *e = strchr(keys, *++c);
			if (*c == 'x' || *c == 'u' || *c == 'U') {
				digits = *c == 'x' ? 2 : *c == 'u' ? 4 : 8;
				utf8 = *c != 'x';
			} else if (*c >= '0' && *c <= '7') {
				digits = 3;
				base = 8;
				c--;
			} else if (*c && e && (*c != '\'' || q == '\'') && (*c != '"' || q == '"')) {
				cp = (unsigned char)vals[e - keys];
			} else {
				za_seterr(l->err, l->errlen, "column %ld: an unknown escape in a string",
				          (long)(c - l->s) + 1);
				return -1;
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
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (base == 8 && cp > 255)) {
			za_seterr(l->err, l->errlen,
			          "column %ld: a NUL or a code point that is no character in a string",
			          (long)(c - l->s) + 1);
			return -1;
		}
		/* UTF-8 for \u and \U; a byte as it is otherwise */
		if (!utf8 || cp < 0x80) {
			enc[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			enc[0] = (unsigned char)(0xC0 | (cp >> 6));
			enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			enc[0] = (unsigned char)(0xE0 | (cp >> 12));
			enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			enc[0] = (unsigned char)(0xF0 | (cp >> 18));
			enc[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
			enc[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		if (o + n >= outlen) {
			za_seterr(l->err, l->errlen, "column %ld: a string over %zu bytes", (long)(b - l->s),
			          outlen - 1);
			return -2;
		}
		memcpy(out + o, enc, n);
		o += n;
	}
	if (outlen)
		out[o] = '\0';
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
			int rc = read_string(l, name, sizeof(name));
			if (rc != 0)
				return rc;
			skip_space(l);
			if (*l->p == ',' || *l->p == '}') { /* a quoted metric name */
				if (*s->metric) {
					za_seterr(l->err, l->errlen, "column %ld: a second metric name",
					          (long)(l->p - l->s) + 1);
					return -1;
				}
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
		{
			int rc = read_string(l, m->value, sizeof(m->value));
			if (rc != 0)
				return rc;
		}
		skip_space(l);
		if (*l->p == ',')
			l->p++;
	}
}

/* ---- which labels an expression's result carries ----
 *
 * A small recursive-descent parser of PromQL that tracks, for one label,
 * whether the value each subexpression yields still has it: selectors do;
 * aggregations keep only what by lists (or what without does not); a
 * one-to-one vector match keeps only on's labels (or drops ignoring's);
 * group_left/right keep the "many" side's and add the listed ones; and/unless
 * keep the left side's, or needs both; absent(), vector(), scalars have none;
 * label_replace/label_join write theirs. */

enum pv_type { PV_SCALAR, PV_VECTOR, PV_STRING };

struct pv {
	enum pv_type type;
	int carries;                 /* a vector's series have the label */
	char str[256];               /* a string literal's value (label_replace's destination) */
	char lost[ZA_MAX_NAME + 64]; /* the operator that dropped it, for the reader */
};

struct pp {
	struct lex l;
	const char *label;
	int depth;
};

static int pp_fail(struct pp *p, const char *what)
{
	za_seterr(p->l.err, p->l.errlen, "column %ld: %s", (long)(p->l.p - p->l.s) + 1, what);
	return -1;
}

static int pp_word(struct pp *p, const char *w)
{
	const char *save = p->l.p;
	char got[ZA_MAX_NAME];

	skip_space(&p->l);
	if (!ident_start((unsigned char)*p->l.p))
		return 0;
	read_ident(&p->l, got, sizeof(got));
	if (strcasecmp(got, w) == 0)
		return 1;
	p->l.p = save;
	return 0;
}

static int pp_char(struct pp *p, char c)
{
	skip_space(&p->l);
	if (*p->l.p != c)
		return 0;
	p->l.p++;
	return 1;
}

/* ( name, "name", ... ): *has when it names the label; 0 or -1. */
static int pp_list(struct pp *p, int *has)
{
	*has = 0;
	if (!pp_char(p, '('))
		return pp_fail(p, "a label list was expected");
	for (;;) {
		char name[ZA_MAX_NAME];
		if (pp_char(p, ')'))
			return 0;
		skip_space(&p->l);
		if (*p->l.p == '"' || *p->l.p == '\'' || *p->l.p == '`') {
			if (read_string(&p->l, name, sizeof(name)) != 0)
				return -1;
		} else if (ident_start((unsigned char)*p->l.p)) {
			read_ident(&p->l, name, sizeof(name));
		} else {
			return pp_fail(p, "a label name was expected");
		}
		*has |= strcmp(name, p->label) == 0;
		if (!pp_char(p, ',') && (skip_space(&p->l), *p->l.p != ')'))
			return pp_fail(p, "',' or ')' was expected");
	}
}

static int pp_expr(struct pp *p, int min_prec, struct pv *out);

static void pv_vector(struct pv *v, int carries)
{
	memset(v, 0, sizeof(*v));
	v->type = PV_VECTOR;
	v->carries = carries;
}

static void pv_lost(struct pv *v, const char *op)
{
	if (v->carries || !*v->lost)
		snprintf(v->lost, sizeof(v->lost), "%s", op);
	v->carries = 0;
}

/* [range], [range:step], offset d, @ t after a value */
static int pp_postfix(struct pp *p)
{
	for (;;) {
		skip_space(&p->l);
		if (*p->l.p == '[') {
			if (skip_group(&p->l, '[', ']') != 0)
				return -1;
		} else if (pp_word(p, "offset")) {
			skip_space(&p->l);
			if (*p->l.p == '-' || *p->l.p == '+')
				p->l.p++;
			skip_space(&p->l);
			while (isalnum((unsigned char)*p->l.p) || *p->l.p == '.' || *p->l.p == '_')
				p->l.p++;
		} else if (pp_char(p, '@')) {
			skip_space(&p->l);
			if (ident_start((unsigned char)*p->l.p)) { /* start() / end() */
				char w[16];
				read_ident(&p->l, w, sizeof(w));
				if (!pp_char(p, '(') || !pp_char(p, ')'))
					return pp_fail(p, "start() or end() was expected after @");
			} else {
				while (isalnum((unsigned char)*p->l.p) || (*p->l.p && strchr(".+-_", *p->l.p)))
					p->l.p++;
			}
		} else {
			return 0;
		}
	}
}

/* An aggregation's body, after its name: [by|without (...)] ( [param,] expr ) [by|without (...)] */
static int pp_aggregation(struct pp *p, const char *op, struct pv *out)
{
	static const char *const whole[] = {"topk", "bottomk", "limitk", "limit_ratio", NULL};
	static const char *const param[] = {"topk",     "bottomk",      "limitk", "limit_ratio",
	                                    "quantile", "count_values", NULL};
	int grouped = 0, without = 0, has = 0, adds = 0;
	struct pv arg, first;

	if (pp_word(p, "by") || (without = pp_word(p, "without"))) {
		grouped = 1;
		if (pp_list(p, &has) != 0)
			return -1;
	}
	if (!pp_char(p, '('))
		return pp_fail(p, "'(' was expected after an aggregation");
	if (is_word(op, param)) {
		if (pp_expr(p, 0, &first) != 0)
			return -1;
		if (!pp_char(p, ','))
			return pp_fail(p, "',' was expected after the aggregation's parameter");
		adds = strcasecmp(op, "count_values") == 0 && first.type == PV_STRING &&
		       strcmp(first.str, p->label) == 0;
	}
	if (pp_expr(p, 0, &arg) != 0)
		return -1;
	if (!pp_char(p, ')'))
		return pp_fail(p, "')' was expected after the aggregation's argument");
	if (!grouped && (pp_word(p, "by") || (without = pp_word(p, "without")))) {
		grouped = 1;
		if (pp_list(p, &has) != 0)
			return -1;
	}
	pv_vector(out, arg.carries);
	snprintf(out->lost, sizeof(out->lost), "%s", arg.lost);
	if (is_word(op, whole) || adds) {
		out->carries = arg.carries || adds;
	} else if (!grouped || without == has) {
		char how[ZA_MAX_NAME + 64];
		snprintf(how, sizeof(how), "%s%s", op,
		         !grouped  ? " without by"
		         : without ? " without (..., it)"
		                   : " by (...) without it");
		pv_lost(out, how);
	}
	return 0;
}

/* A function call's arguments, after its name and '(' */
static int pp_call(struct pp *p, const char *fn, struct pv *out)
{
	static const char *const none[] = {"absent", "absent_over_time", "vector", NULL};
	static const char *const scalar[] = {"scalar", "time", "pi", NULL};
	struct pv args[8];
	size_t n = 0;
	int vec = -1;

	if (!pp_char(p, ')')) {
		for (;;) {
			struct pv a;
			if (pp_expr(p, 0, &a) != 0)
				return -1;
			if (n < sizeof(args) / sizeof(args[0]))
				args[n++] = a;
			if (vec < 0 && a.type == PV_VECTOR)
				vec = (int)n - 1;
			if (pp_char(p, ')'))
				break;
			if (!pp_char(p, ','))
				return pp_fail(p, "',' or ')' was expected in a function's arguments");
		}
	}
	if (is_word(fn, scalar)) {
		memset(out, 0, sizeof(*out));
		out->type = PV_SCALAR;
		return 0;
	}
	if (is_word(fn, none)) {
		pv_vector(out, 0);
		snprintf(out->lost, sizeof(out->lost), "%s()", fn);
		return 0;
	}
	if (vec < 0) { /* minute(), hour(), ... of now: labelless */
		pv_vector(out, 0);
		snprintf(out->lost, sizeof(out->lost), "%s()", fn);
		return 0;
	}
	*out = args[vec];
	if ((strcasecmp(fn, "label_replace") == 0 || strcasecmp(fn, "label_join") == 0) && n > 1 &&
	    args[1].type == PV_STRING && strcmp(args[1].str, p->label) == 0)
		out->carries = 1; /* it writes the label (perhaps empty: the series decide) */
	if (strcasecmp(fn, "histogram_quantile") == 0 && strcmp(p->label, "le") == 0)
		pv_lost(out, "histogram_quantile()");
	return 0;
}

/* A matcher list {...} at the cursor: a vector whose series carry every label. */
static int pp_selector(struct pp *p, struct pv *out)
{
	struct promql_selector s;

	memset(&s, 0, sizeof(s));
	if (matchers(&p->l, &s) != 0)
		return -1;
	pv_vector(out, 1);
	return 0;
}

static int pp_primary(struct pp *p, struct pv *out)
{
	static const char *const aggs[] = {"sum",    "min",     "max",    "avg",          "group",
	                                   "stddev", "stdvar",  "count",  "count_values", "quantile",
	                                   "topk",   "bottomk", "limitk", "limit_ratio",  NULL};
	char word[ZA_MAX_NAME];

	skip_space(&p->l);
	memset(out, 0, sizeof(*out));
	if (pp_char(p, '(')) {
		if (pp_expr(p, 0, out) != 0)
			return -1;
		return pp_char(p, ')') ? 0 : pp_fail(p, "')' was expected");
	}
	if (*p->l.p == '"' || *p->l.p == '\'' || *p->l.p == '`') {
		out->type = PV_STRING;
		return read_string(&p->l, out->str, sizeof(out->str)) == 0 ? 0 : -1;
	}
	if (isdigit((unsigned char)*p->l.p) || (*p->l.p == '.' && isdigit((unsigned char)p->l.p[1]))) {
		while (isalnum((unsigned char)*p->l.p) || *p->l.p == '.' || *p->l.p == '_' ||
		       ((*p->l.p == '+' || *p->l.p == '-') && (p->l.p[-1] == 'e' || p->l.p[-1] == 'E')))
			p->l.p++;
		out->type = PV_SCALAR;
		return 0;
	}
	if (*p->l.p == '{')
		return pp_selector(p, out);
	if (!ident_start((unsigned char)*p->l.p))
		return pp_fail(p, "a value was expected");
	read_ident(&p->l, word, sizeof(word));
	if (strcasecmp(word, "inf") == 0 || strcasecmp(word, "nan") == 0) {
		out->type = PV_SCALAR;
		return 0;
	}
	skip_space(&p->l);
	if (is_word(word, aggs)) {
		const char *save = p->l.p;
		int grouping = pp_word(p, "by") || pp_word(p, "without");
		p->l.p = save;
		if (*p->l.p == '(' || grouping)
			return pp_aggregation(p, word, out);
	}
	if (pp_char(p, '('))
		return pp_call(p, word, out);
	if (*p->l.p == '{') /* metric{...} */
		return pp_selector(p, out);
	pv_vector(out, 1);
	return 0;
}

/* Binary operators by precedence (Prometheus's): 1 or; 2 and unless;
 * 3 comparisons; 4 + -; 5 * / % atan2; 6 ^ (right-associative). */
static int pp_binop(struct pp *p, char *op, size_t oplen)
{
	static const struct {
		const char *s;
		int prec;
	} ops[] = {{"==", 3}, {"!=", 3}, {"<=", 3}, {">=", 3}, {"<", 3}, {">", 3},
	           {"+", 4},  {"-", 4},  {"*", 5},  {"/", 5},  {"%", 5}, {"^", 6}};
	static const char *const words[] = {"or", "and", "unless", "atan2", NULL};
	static const int wprec[] = {1, 2, 2, 5};
	const char *save;

	skip_space(&p->l);
	save = p->l.p;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strncmp(p->l.p, ops[i].s, strlen(ops[i].s)) == 0) {
			snprintf(op, oplen, "%s", ops[i].s);
			return ops[i].prec;
		}
	if (ident_start((unsigned char)*p->l.p)) {
		char w[ZA_MAX_NAME];
		read_ident(&p->l, w, sizeof(w));
		p->l.p = save;
		for (size_t i = 0; words[i]; i++)
			if (strcasecmp(w, words[i]) == 0) {
				snprintf(op, oplen, "%s", words[i]);
				return wprec[i];
			}
	}
	return 0;
}

static int pp_unary(struct pp *p, struct pv *out)
{
	skip_space(&p->l);
	if (*p->l.p == '-' || *p->l.p == '+') {
		p->l.p++;
		return pp_unary(p, out);
	}
	if (pp_primary(p, out) != 0)
		return -1;
	return pp_postfix(p);
}

static int pp_expr(struct pp *p, int min_prec, struct pv *out)
{
	struct pv lhs;
	char op[8];
	int prec;

	if (++p->depth > ZA_MAX_DEPTH)
		return pp_fail(p, "nested too deep");
	if (pp_unary(p, &lhs) != 0)
		return -1;
	while ((prec = pp_binop(p, op, sizeof(op))) && prec >= min_prec) {
		int on = 0, ignoring = 0, in_on = 0, left = 0, right = 0, in_extra = 0;
		struct pv rhs;
		p->l.p += isalpha((unsigned char)*op) ? 0 : strlen(op);
		if (isalpha((unsigned char)*op))
			(void)pp_word(p, op);
		(void)pp_word(p, "bool");
		if ((on = pp_word(p, "on")) || (ignoring = pp_word(p, "ignoring")))
			if (pp_list(p, &in_on) != 0)
				return -1;
		if ((left = pp_word(p, "group_left")) || (right = pp_word(p, "group_right"))) {
			skip_space(&p->l);
			if (*p->l.p == '(' && pp_list(p, &in_extra) != 0)
				return -1;
		}
		if (pp_expr(p, strcmp(op, "^") == 0 ? prec : prec + 1, &rhs) != 0)
			return -1;
		if (lhs.type != PV_VECTOR || rhs.type != PV_VECTOR) {
			if (rhs.type == PV_VECTOR)
				lhs = rhs; /* scalar op vector: the vector's series */
			continue;
		}
		if (strcmp(op, "and") == 0 || strcmp(op, "unless") == 0) {
			/* the left side's series */
		} else if (strcmp(op, "or") == 0) {
			if (!rhs.carries)
				pv_lost(&lhs, "or (its right side)");
		} else if (left) {
			lhs.carries = lhs.carries || (in_extra && rhs.carries);
		} else if (right) {
			int c = rhs.carries || (in_extra && lhs.carries);
			lhs = rhs;
			lhs.carries = c;
		} else if ((on && !in_on) || (ignoring && in_on)) {
			pv_lost(&lhs, on ? "on (...) without it" : "ignoring (..., it)");
		}
	}
	*out = lhs;
	p->depth--;
	return 0;
}

int promql_result_keeps(const char *expr, const char *label, char *why, size_t whylen)
{
	struct pp p = {{expr, expr, why, whylen}, label, 0};
	struct pv v;

	if (pp_expr(&p, 0, &v) != 0)
		return -1;
	skip_space(&p.l);
	if (*p.l.p)
		return pp_fail(&p, "an operator was expected");
	if (v.type != PV_VECTOR) {
		snprintf(why, whylen, "the expression is not a vector");
		return 0;
	}
	if (!v.carries)
		snprintf(why, whylen, "%s", *v.lost ? v.lost : "the expression");
	return v.carries;
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
