/* promconf.c - Prometheus's configuration and web configuration (see promconf.h). */
#include "promconf.h"

#include <stdio.h>
#include <string.h>

#include "yamldoc.h"
struct walk {
	yaml_document_t *d;
	const struct promconf_visit *v;
	size_t visits;
	int too_big;
};

#define scalar yamldoc_scalar
#define get    yamldoc_get

static long line_of(yaml_node_t *n)
{
	return (long)n->start_mark.line + 1;
}

/* An empty or null scalar is "not set". */
static int set(yaml_node_t *n)
{
	const char *s = scalar(n);

	return s && *s && strcmp(s, "~") != 0 && strcmp(s, "null") != 0;
}

static void child_path(char *out, size_t n, const char *parent, const char *key)
{
	snprintf(out, n, "%s%s%s", parent, *parent ? "." : "", key);
}

/* Keys where Prometheus takes a secret inline; the parent key ("" = any) */
static const char *const literal_keys[][2] = {
        {"bearer_token", ""},
        {"credentials", "authorization"},
        {"password", "basic_auth"},
        {"client_secret", "oauth2"},
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void walk(struct walk *w, yaml_node_t *n, const char *path, const char *key, int depth)
{
	char sub[512];

	if (!n || w->too_big)
		return;
	if (++w->visits > ZA_MAX_YAML_NODES || depth > ZA_MAX_DEPTH) {
		w->too_big = 1;
		return;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		size_t i = 0;
		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
			yaml_node_t *c = yaml_document_get_node(w->d, *it);
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			if (key && strcmp(key, "http_sd_configs") == 0 && c && set(get(w->d, c, "url")) &&
			    w->v->sd_url) {
				yaml_node_t *u = get(w->d, c, "url");
				w->v->sd_url(w->v->arg, sub, scalar(u), line_of(u));
			}
			walk(w, c, sub, NULL, depth + 1);
		}
		return;
	}
	if (n->type != YAML_MAPPING_NODE)
		return;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(w->d, p->key));
		yaml_node_t *val = yaml_document_get_node(w->d, p->value);
		if (!k)
			continue;
		child_path(sub, sizeof(sub), path, k);
		for (size_t i = 0; i < sizeof(literal_keys) / sizeof(literal_keys[0]); i++)
			if (strcmp(k, literal_keys[i][0]) == 0 &&
			    (!*literal_keys[i][1] || (key && strcmp(key, literal_keys[i][1]) == 0)) && set(val) &&
			    w->v->literal)
				w->v->literal(w->v->arg, sub, line_of(val));
		if (ends_with(k, "_file") && set(val) && strcmp(k, "rule_file") != 0 &&
		    (strstr(k, "token") || strstr(k, "password") || strstr(k, "credentials") || strstr(k, "secret") ||
		     strcmp(k, "key_file") == 0) &&
		    w->v->file)
			w->v->file(w->v->arg, sub, scalar(val), line_of(val));
		walk(w, val, sub, k, depth + 1);
	}
}

enum za_err promconf_walk(const char *text, size_t len, const struct promconf_visit *v, char *err, size_t errlen)
{
	yaml_document_t d;
	struct walk w;
	enum za_err r = yamldoc_load(&d, text, len, err, errlen);

	if (r != ZA_OK)
		return r;
	memset(&w, 0, sizeof(w));
	w.d = &d;
	w.v = v;
	walk(&w, yaml_document_get_root_node(&d), "", NULL, 0);
	if (w.too_big) {
		za_seterr(err, errlen, "the document nests deeper than %d levels or holds more than %u nodes",
		          ZA_MAX_DEPTH, ZA_MAX_YAML_NODES);
		r = ZA_ERR_INPUT;
	}
	yaml_document_delete(&d);
	return r;
}

static int bcrypt(const char *h)
{
	/* $2a$, $2b$ or $2y$, two-digit cost, $, 53 characters */
	return strlen(h) == 60 && h[0] == '$' && h[1] == '2' && strchr("aby", h[2]) && h[3] == '$' && h[6] == '$';
}

enum za_err webconf_parse(const char *text, size_t len, struct webconf *out, char *err, size_t errlen)
{
	yaml_document_t d;
	yaml_node_t *root, *users, *tls;
	enum za_err r = yamldoc_load(&d, text, len, err, errlen);

	memset(out, 0, sizeof(*out));
	if (r != ZA_OK)
		return r;
	root = yaml_document_get_root_node(&d);
	users = get(&d, root, "basic_auth_users");
	if (users && users->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = users->data.mapping.pairs.start; q < users->data.mapping.pairs.top; q++) {
			const char *h = scalar(yaml_document_get_node(&d, q->value));
			out->users++;
			out->non_bcrypt += !h || !bcrypt(h);
		}
	tls = get(&d, root, "tls_server_config");
	out->tls = set(get(&d, tls, "cert_file")) && set(get(&d, tls, "key_file"));
	out->tls |= set(get(&d, tls, "cert")) && set(get(&d, tls, "key"));
	yaml_document_delete(&d);
	return ZA_OK;
}
