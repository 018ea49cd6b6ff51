/* policy_parse.c - loading and validating a policy: every field checked, an
 * error names the file, line:column and field at fault (see policy.h,
 * docs/policy.md; the defaults come from policies/defaults.json). */
#define _GNU_SOURCE
#include "policy.h"

#include <ctype.h>
#include <curl/curl.h>
#include <libgen.h>
#include <regex.h>
#include <sys/socket.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "cidr.h"
#include "fileio.h"
#include "jsonv.h"

static const char *const expect_choices[] = {"unreachable", "reachable", "not-applicable", NULL};
static const char *const role_names[] = {"untrusted", "admin", "host", NULL};
static const char *const sev_names[] = {"info", "low", "medium", "high", "critical", NULL};

static int name_ok(struct jv *v, const char *path, const char *s)
{
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
		      *c == '_' || *c == '-'))
			return jv_fail(v, path, "'%s' is not a valid name (letters, digits, '.', '_', '-')", s);
	return 1;
}

/* A host: a DNS name or an IPv4/IPv6 literal. */
static int address_ok(struct jv *v, const char *path, const char *s)
{
	if (strlen(s) > 253)
		return jv_fail(v, path, "host name longer than 253 characters");
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
		      *c == '-' || *c == ':' || *c == '_'))
			return jv_fail(v, path, "'%s' is not a host name or IP address", s);
	return 1;
}

static int url_ok(struct jv *v, const char *path, const char *s)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok = 0;

	if (!u)
		return jv_fail(v, path, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, s, 0) != CURLUE_OK) {
		jv_fail(v, path, "not a valid URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		jv_fail(v, path, "URL scheme must be http or https");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		jv_fail(v, path, "URL has no host");
		goto out;
	}
	ok = 1;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* A check id, or "prefix.*" where some catalogue id starts with "prefix.". */
static int check_ref_ok(struct jv *v, const char *path, const char *s, int allow_family)
{
	size_t n = strlen(s);

	if (checks_find(s))
		return 1;
	if (allow_family && n > 2 && strcmp(s + n - 2, ".*") == 0) {
		for (size_t i = 0; i < checks_count(); i++)
			if (strncmp(checks_at(i)->id, s, n - 1) == 0) /* the prefix and its dot */
				return 1;
		return jv_fail(v, path, "'%s' names no check family", s);
	}
	return jv_fail(v, path, "unknown check id '%s' (see `zlh-audit checks`)", s);
}

static int parse_kv_object(struct jv *v, const cJSON *obj, const char *path, struct policy_kv **out, size_t *n,
                           int is_check_map, int value_is_severity)
{
	size_t cnt = 0, i = 0;
	char p[ZA_MAX_ERR];

	*out = NULL;
	*n = 0;
	if (!obj)
		return 1;
	for (const cJSON *c = obj->child; c; c = c->next)
		cnt++;
	if (cnt > ZA_MAX_POLICY_ITEMS)
		return jv_fail(v, path, "more than %u entries", ZA_MAX_POLICY_ITEMS);
	*out = calloc(cnt + 1, sizeof(**out));
	if (!*out)
		return jv_fail(v, path, "out of memory");
	for (const cJSON *c = obj->child; c; c = c->next, i++) {
		jv_key_path(p, path, c->string);
		if (is_check_map && !check_ref_ok(v, p, c->string, 0))
			return 0;
		if (!is_check_map && !name_ok(v, p, c->string))
			return 0;
		if (!cJSON_IsString(c) || !*c->valuestring || strlen(c->valuestring) > 4096)
			return jv_fail(v, p, "expected a non-empty string");
		if (value_is_severity && severity_parse(c->valuestring) < 0)
			return jv_fail(v, p, "expected one of: info, low, medium, high, critical");
		(*out)[i].key = strdup(c->string);
		(*out)[i].value = strdup(c->valuestring);
		(*n)++;
		if (!(*out)[i].key || !(*out)[i].value)
			return jv_fail(v, p, "out of memory");
	}
	return 1;
}

/* "port": N or "ports": [N, ...] (exactly one). */
static int parse_ports(struct jv *v, const cJSON *s, const char *sp, struct policy_service *ps)
{
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(s, "port");
	const cJSON *many = jv_array(v, s, sp, "ports", 0);
	char t[ZA_MAX_ERR], t2[ZA_MAX_ERR];
	size_t i = 0;

	if (v->failed)
		return 0;
	if (!!one == !!many)
		return jv_fail(v, sp, "give exactly one of 'port' or 'ports'");
	if (many && cJSON_GetArraySize(many) < 1)
		return jv_fail(v, jv_key_path(t, sp, "ports"), "needs at least one port");
	ps->ports = calloc(many ? (size_t)cJSON_GetArraySize(many) : 1, sizeof(long));
	if (!ps->ports)
		return jv_fail(v, sp, "out of memory");
	if (one) {
		ps->ports[0] = jv_int(v, s, sp, "port", 1, 1, 65535, 0);
		ps->nports = 1;
		return !v->failed;
	}
	jv_key_path(t, sp, "ports");
	for (const cJSON *c = many->child; c; c = c->next, i++) {
		/* the range first: a cast of 1e300 to long is undefined */
		if (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble > 65535 ||
		    c->valuedouble != (double)(long)c->valuedouble)
			return jv_fail(v, jv_idx_path(t2, t, (int)i), "expected an integer 1-65535");
		ps->ports[ps->nports++] = (long)c->valuedouble;
	}
	return 1;
}

static int parse_hosts(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const hkeys[] = {"name", "address", "cidr", "kind", "services", "note", NULL};
	static const char *const skeys[] = {"service", "port", "ports", "scheme", NULL};
	static const char *const schemes[] = {"http", "https", NULL};
	const cJSON *a = jv_array(v, root, "", "hosts", 0);
	char hp[ZA_MAX_ERR], sp[ZA_MAX_ERR], t[ZA_MAX_ERR], t2[ZA_MAX_ERR];
	size_t i = 0;

	if (!a)
		return !v->failed;
	p->hosts = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*p->hosts));
	if (!p->hosts)
		return jv_fail(v, "hosts", "out of memory");
	for (const cJSON *h = a->child; h; h = h->next, i++) {
		struct policy_host *ph = &p->hosts[i];
		const cJSON *sv;
		char *note = NULL;
		size_t j = 0;

		p->nhosts++;
		jv_idx_path(hp, "hosts", (int)i);
		if (!jv_only_keys(v, h, hp, hkeys))
			return 0;
		jv_string(v, h, hp, "name", 1, ZA_MAX_NAME, &ph->name);
		jv_string(v, h, hp, "address", 0, 253, &ph->address);
		jv_string(v, h, hp, "cidr", 0, 64, &ph->cidr);
		jv_string(v, h, hp, "kind", 0, ZA_MAX_NAME, &ph->kind);
		jv_string(v, h, hp, "note", 0, 4096, &note);
		free(note);
		if (v->failed)
			return 0;
		if (!name_ok(v, jv_key_path(t, hp, "name"), ph->name))
			return 0;
		if (!!ph->address == !!ph->cidr)
			return jv_fail(v, hp, "give exactly one of 'address' or 'cidr'");
		if (ph->address && !address_ok(v, jv_key_path(t, hp, "address"), ph->address))
			return 0;
		if (ph->cidr) {
			struct cidr c;
			char why[ZA_MAX_ERR];
			if (cidr_parse(ph->cidr, &c, why, sizeof(why)) != 0)
				return jv_fail(v, jv_key_path(t, hp, "cidr"), "%s", why);
		}
		if (!ph->kind && !(ph->kind = strdup("monitoring")))
			return jv_fail(v, hp, "out of memory");
		if (!name_ok(v, jv_key_path(t, hp, "kind"), ph->kind))
			return 0;
		for (size_t k = 0; k < i; k++)
			if (strcmp(p->hosts[k].name, ph->name) == 0)
				return jv_fail(v, jv_key_path(t, hp, "name"), "host name '%s' is used twice", ph->name);
		sv = jv_array(v, h, hp, "services", 1);
		if (!sv)
			return 0;
		ph->svc = calloc((size_t)cJSON_GetArraySize(sv) + 1, sizeof(*ph->svc));
		if (!ph->svc)
			return jv_fail(v, hp, "out of memory");
		jv_key_path(t2, hp, "services");
		for (const cJSON *s = sv->child; s; s = s->next, j++) {
			struct policy_service *ps = &ph->svc[j];
			ph->nsvc++;
			jv_idx_path(sp, t2, (int)j);
			if (!jv_only_keys(v, s, sp, skeys))
				return 0;
			jv_string(v, s, sp, "service", 1, ZA_MAX_NAME, &ps->service);
			ps->https = jv_enum(v, s, sp, "scheme", 0, schemes, 0);
			if (v->failed || !parse_ports(v, s, sp, ps))
				return 0;
			if (!checks_for_service(ps->service)) {
				char known[ZA_MAX_ERR] = "";
				size_t l = 0;
				for (size_t c = 0; c < checks_count(); c++)
					if (checks_at(c)->service &&
					    checks_for_service(checks_at(c)->service) == checks_at(c))
						l += (size_t)snprintf(known + l, sizeof(known) - l, "%s%s",
						                      l ? ", " : "", checks_at(c)->service);
				return jv_fail(v, jv_key_path(t, sp, "service"), "unknown service '%s' (known: %s)",
				               ps->service, known);
			}
			for (size_t k = 0; k <= j; k++)
				for (size_t x = 0; x < ph->svc[k].nports; x++)
					for (size_t y = 0; y < ps->nports; y++)
						if ((k < j || x < y) && ph->svc[k].ports[x] == ps->ports[y])
							return jv_fail(v, sp, "port %ld is listed twice on host '%s'",
							               ps->ports[y], ph->name);
		}
	}
	return 1;
}

static int parse_expect(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const ekeys[] = {"untrusted", "admin", "host", NULL};
	const cJSON *o = jv_object(v, root, "", "expect", 0);
	char ep[ZA_MAX_ERR];
	size_t i = 0, cnt = 0;

	if (!o)
		return !v->failed;
	for (const cJSON *c = o->child; c; c = c->next)
		cnt++;
	p->expect = calloc(cnt + 1, sizeof(*p->expect));
	if (!p->expect)
		return jv_fail(v, "expect", "out of memory");
	for (const cJSON *c = o->child; c; c = c->next, i++) {
		struct policy_expect *pe = &p->expect[i];
		p->nexpect++;
		jv_key_path(ep, "expect", c->string);
		if (!checks_for_service(c->string))
			return jv_fail(v, ep, "unknown service '%s'", c->string);
		if (!jv_only_keys(v, c, ep, ekeys))
			return 0;
		if (!(pe->service = strdup(c->string)))
			return jv_fail(v, ep, "out of memory");
		for (int r = 0; r < ZA_ROLE_COUNT; r++) {
			int e = jv_enum(v, c, ep, role_names[r], 0, expect_choices, -1);
			pe->by_role[r] = e < 0 ? EXPECT_UNSET : (enum expect)(e + 1);
		}
		if (v->failed)
			return 0;
	}
	return 1;
}

static int parse_discovery(struct jv *v, const cJSON *root, struct policy *p)
{
	char t2[ZA_MAX_ERR];
	static const char *const dkeys[] = {
	        "name", "url", "token_file", "allow_plaintext_token", "debug_params", "historical_param", NULL};
	const cJSON *a = jv_array(v, root, "", "discovery", 0);
	char dp[ZA_MAX_ERR], t[ZA_MAX_ERR];
	size_t i = 0;

	if (!a)
		return !v->failed;
	p->discovery = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*p->discovery));
	if (!p->discovery)
		return jv_fail(v, "discovery", "out of memory");
	for (const cJSON *d = a->child; d; d = d->next, i++) {
		struct policy_discovery *pd = &p->discovery[i];
		p->ndiscovery++;
		jv_idx_path(dp, "discovery", (int)i);
		if (!jv_only_keys(v, d, dp, dkeys))
			return 0;
		jv_string(v, d, dp, "name", 1, ZA_MAX_NAME, &pd->name);
		jv_string(v, d, dp, "url", 1, ZA_MAX_URL, &pd->url);
		jv_string(v, d, dp, "token_file", 0, ZA_MAX_NAME, &pd->token_file);
		pd->allow_plaintext_token = jv_bool(v, d, dp, "allow_plaintext_token", 0);
		jv_string_array(v, d, dp, "debug_params", 0, 256, &pd->debug_params, &pd->ndebug_params);
		jv_string(v, d, dp, "historical_param", 0, 256, &pd->historical_param);
		for (size_t k = 0; !v->failed && k < pd->ndebug_params; k++)
			if (!strchr(pd->debug_params[k], '=') || strpbrk(pd->debug_params[k], "?&# "))
				jv_fail(v, jv_idx_path(t, jv_key_path(t2, dp, "debug_params"), (int)k),
				        "expected NAME=VALUE (one query parameter)");
		if (!v->failed && pd->historical_param &&
		    (!strchr(pd->historical_param, '=') || strpbrk(pd->historical_param, "?&# ")))
			jv_fail(v, jv_key_path(t, dp, "historical_param"), "expected NAME=VALUE (one query parameter)");
		if (v->failed)
			return 0;
		if (!name_ok(v, jv_key_path(t, dp, "name"), pd->name) || !url_ok(v, jv_key_path(t, dp, "url"), pd->url))
			return 0;
		if (pd->token_file && !policy_token_path(p, pd->token_file))
			return jv_fail(v, jv_key_path(t, dp, "token_file"),
			               "'%s' is not a name declared in token_files", pd->token_file);
		for (size_t k = 0; k < i; k++)
			if (strcmp(p->discovery[k].name, pd->name) == 0)
				return jv_fail(v, jv_key_path(t, dp, "name"), "discovery name '%s' is used twice",
				               pd->name);
	}
	return 1;
}

static int parse_exceptions(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const xkeys[] = {"name", "host_kinds", "exempt_from", "reason", NULL};
	const cJSON *a = jv_array(v, root, "", "exceptions", 0);
	char xp[ZA_MAX_ERR], t[ZA_MAX_ERR], t2[ZA_MAX_ERR];
	size_t i = 0;

	if (!a)
		return !v->failed;
	p->exceptions = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*p->exceptions));
	if (!p->exceptions)
		return jv_fail(v, "exceptions", "out of memory");
	for (const cJSON *x = a->child; x; x = x->next, i++) {
		struct policy_exception *pe = &p->exceptions[i];
		p->nexceptions++;
		jv_idx_path(xp, "exceptions", (int)i);
		if (!jv_only_keys(v, x, xp, xkeys))
			return 0;
		jv_string(v, x, xp, "name", 1, ZA_MAX_NAME, &pe->name);
		jv_string(v, x, xp, "reason", 1, 4096, &pe->reason);
		jv_string_array(v, x, xp, "host_kinds", 1, ZA_MAX_NAME, &pe->host_kinds, &pe->nkinds);
		jv_string_array(v, x, xp, "exempt_from", 1, ZA_MAX_NAME, &pe->exempt, &pe->nexempt);
		if (v->failed)
			return 0;
		jv_key_path(t2, xp, "exempt_from");
		for (size_t k = 0; k < pe->nexempt; k++)
			if (!check_ref_ok(v, jv_idx_path(t, t2, (int)k), pe->exempt[k], 1))
				return 0;
	}
	return 1;
}

static int parse_profiles(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const pkeys[] = {"description",   "disable",          "severity",
	                                    "gate_severity", "development_mode", NULL};
	const cJSON *o = jv_object(v, root, "", "profiles", 0);
	char pp[ZA_MAX_ERR], t[ZA_MAX_ERR];
	size_t i = 0, cnt = 0;

	if (!o)
		return !v->failed;
	for (const cJSON *c = o->child; c; c = c->next)
		cnt++;
	p->profiles = calloc(cnt + 1, sizeof(*p->profiles));
	if (!p->profiles)
		return jv_fail(v, "profiles", "out of memory");
	for (const cJSON *c = o->child; c; c = c->next, i++) {
		struct policy_profile *pr = &p->profiles[i];
		p->nprofiles++;
		jv_key_path(pp, "profiles", c->string);
		if (!name_ok(v, pp, c->string) || !jv_only_keys(v, c, pp, pkeys))
			return 0;
		if (!(pr->name = strdup(c->string)))
			return jv_fail(v, pp, "out of memory");
		jv_string(v, c, pp, "description", 0, 4096, &pr->description);
		pr->gate = jv_enum(v, c, pp, "gate_severity", 0, sev_names, -1);
		pr->development_mode = jv_bool(v, c, pp, "development_mode", 0);
		if (!parse_kv_object(v, jv_object(v, c, pp, "disable", 0), jv_key_path(t, pp, "disable"), &pr->disable,
		                     &pr->ndisable, 1, 0))
			return 0;
		if (!parse_kv_object(v, jv_object(v, c, pp, "severity", 0), jv_key_path(t, pp, "severity"),
		                     &pr->severity, &pr->nseverity, 1, 1))
			return 0;
		/* tokenless discovery exists only in a profile that says it is development/test mode */
		for (size_t k = 0; k < pr->ndisable && !pr->development_mode; k++)
			if (strncmp(pr->disable[k].key, "discovery.", 10) == 0 &&
			    strcmp(pr->disable[k].key, check_get(CK_DISCOVERY_TOKEN_ACCEPTED)->id) != 0)
				return jv_fail(
				        v, jv_key_path(t, pp, "disable"),
				        "disabling %s needs \"development_mode\": true (the contract allows tokenless "
				        "discovery only in explicit development/test mode)",
				        pr->disable[k].key);
		if (pr->development_mode && strcmp(pr->name, "production") == 0)
			return jv_fail(v, jv_key_path(t, pp, "development_mode"),
			               "the production profile cannot be a development/test mode");
		if (v->failed)
			return 0;
	}
	return 1;
}

static int parse_vantages(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const vkeys[] = {"name", "role", "description", NULL};
	const cJSON *a = jv_array(v, root, "", "vantages", 0);
	char vp[ZA_MAX_ERR], t[ZA_MAX_ERR];
	size_t i = 0;

	if (!a)
		return !v->failed;
	p->vantages = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*p->vantages));
	if (!p->vantages)
		return jv_fail(v, "vantages", "out of memory");
	for (const cJSON *x = a->child; x; x = x->next, i++) {
		struct policy_vantage *pv = &p->vantages[i];
		p->nvantages++;
		jv_idx_path(vp, "vantages", (int)i);
		if (!jv_only_keys(v, x, vp, vkeys))
			return 0;
		jv_string(v, x, vp, "name", 1, ZA_MAX_NAME, &pv->name);
		pv->role = (enum za_role)jv_enum(v, x, vp, "role", 1, role_names, 0);
		jv_string(v, x, vp, "description", 0, 4096, &pv->description);
		if (v->failed || !name_ok(v, jv_key_path(t, vp, "name"), pv->name))
			return 0;
		for (size_t k = 0; k < i; k++)
			if (strcmp(p->vantages[k].name, pv->name) == 0)
				return jv_fail(v, jv_key_path(t, vp, "name"), "vantage name '%s' is used twice",
				               pv->name);
	}
	return 1;
}

static int parse_labels(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const lkeys[] = {
	        "required",          "optional",           "container_types", "numeric",  "forbidden",
	        "identifying_names", "identifying_values", "lifecycle",       "inactive", NULL};
	static const char *const ikeys[] = {"label", "values", NULL};
	const cJSON *o = jv_object(v, root, "", "labels", 0), *in;
	struct policy_labels *l = &p->labels;
	char t[ZA_MAX_ERR], t2[ZA_MAX_ERR];

	if (!o)
		return !v->failed;
	if (!jv_only_keys(v, o, "labels", lkeys))
		return 0;
	l->present = 1;
	jv_string_array(v, o, "labels", "required", 0, ZA_MAX_NAME, &l->required, &l->nrequired);
	jv_string_array(v, o, "labels", "optional", 0, ZA_MAX_NAME, &l->optional, &l->noptional);
	jv_string_array(v, o, "labels", "container_types", 0, ZA_MAX_NAME, &l->container_types, &l->ncontainer_types);
	jv_string_array(v, o, "labels", "numeric", 0, ZA_MAX_NAME, &l->numeric, &l->nnumeric);
	jv_string_array(v, o, "labels", "identifying_names", 0, ZA_MAX_NAME, &l->identifying_names,
	                &l->nidentifying_names);
	jv_string_array(v, o, "labels", "identifying_values", 0, 512, &l->identifying_values, &l->nidentifying_values);
	if (v->failed)
		return 0;
	if (!parse_kv_object(v, jv_object(v, o, "labels", "forbidden", 0), "labels.forbidden", &l->forbidden,
	                     &l->nforbidden, 0, 0) ||
	    !parse_kv_object(v, jv_object(v, o, "labels", "lifecycle", 0), "labels.lifecycle", &l->lifecycle,
	                     &l->nlifecycle, 0, 0))
		return 0;
	for (size_t i = 0; i < l->nidentifying_values; i++) {
		regex_t re;
		if (regcomp(&re, l->identifying_values[i], REG_EXTENDED | REG_NOSUB) != 0)
			return jv_fail(v, jv_idx_path(t, "labels.identifying_values", (int)i),
			               "not a POSIX extended regular expression");
		regfree(&re);
	}
	in = jv_object(v, o, "labels", "inactive", 0);
	if (in) {
		if (!jv_only_keys(v, in, "labels.inactive", ikeys))
			return 0;
		jv_string(v, in, "labels.inactive", "label", 1, ZA_MAX_NAME, &l->inactive_label);
		jv_string_array(v, in, "labels.inactive", "values", 1, ZA_MAX_NAME, &l->inactive_values,
		                &l->ninactive_values);
	}
	(void)t2;
	return !v->failed;
}

/* A Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]* (it goes into a query). */
static int metric_name_ok(const char *s)
{
	if (!s || !*s || !(isalpha((unsigned char)*s) || *s == '_' || *s == ':'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == ':'))
			return 0;
	return 1;
}

static int sd_label_name_like(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

/* readiness.alerts: {"alerts.target-down": {"metrics": [...], "matchers": {...}, "by": [...]}, ...} */
static int parse_alerts(struct jv *v, const cJSON *o, struct policy_readiness *rd)
{
	static const enum check_id known[] = {CK_ALERTS_DISCOVERY_SYNC_FAILED, CK_ALERTS_FILE_SD_STALE,
	                                      CK_ALERTS_TARGET_DOWN, CK_ALERTS_DISCOVERY_ENDPOINT_DOWN};
	static const char *const akeys[] = {"metrics", "matchers", "by", NULL};
	char t[ZA_MAX_ERR], t2[ZA_MAX_ERR], t3[ZA_MAX_ERR];

	for (const cJSON *a = o ? o->child : NULL; a; a = a->next) {
		struct policy_alert *pa = NULL;
		jv_key_path(t, "readiness.alerts", a->string);
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]) && !pa; k++)
			if (strcmp(a->string, check_get(known[k])->id) == 0) {
				for (size_t i = 0; i < rd->nalerts; i++)
					if (rd->alerts[i].check == known[k])
						return jv_fail(v, t, "named twice");
				pa = &rd->alerts[rd->nalerts++];
				pa->check = known[k];
			}
		if (!pa)
			return jv_fail(v, t,
			               "not a required alert (alerts.discovery-sync-failed, alerts.file-sd-stale, "
			               "alerts.target-down, alerts.discovery-endpoint-down)");
		if (!cJSON_IsObject(a) || !jv_only_keys(v, a, t, akeys))
			return v->failed ? 0 : jv_fail(v, t, "expected an object");
		jv_string_array(v, a, t, "metrics", 1, ZA_MAX_NAME, &pa->metrics, &pa->nmetrics);
		jv_string_array(v, a, t, "by", 0, ZA_MAX_NAME, &pa->by, &pa->nby);
		if (v->failed)
			return 0;
		if (!pa->nmetrics)
			return jv_fail(v, jv_key_path(t2, t, "metrics"), "at least one metric name is needed");
		for (size_t i = 0; i < pa->nmetrics; i++)
			if (!metric_name_ok(pa->metrics[i]))
				return jv_fail(v, jv_idx_path(t3, jv_key_path(t2, t, "metrics"), (int)i),
				               "'%s' is not a Prometheus metric name", pa->metrics[i]);
		for (size_t i = 0; i < pa->nby; i++)
			if (!sd_label_name_like(pa->by[i]))
				return jv_fail(v, jv_key_path(t2, t, "by"), "'%s' is not a label name", pa->by[i]);
		if (!parse_kv_object(v, jv_object(v, a, t, "matchers", 0), jv_key_path(t2, t, "matchers"),
		                     &pa->matchers, &pa->nmatchers, 0, 0))
			return 0;
	}
	return 1;
}

/* A Loki tenant ID (or a|b of several): Loki allows at most 150 characters of
 * letters, digits and !-_.*'() each. */
static int tenant_ok(const char *t)
{
	size_t n = 0;

	/* "." and ".." are no tenant IDs (Loki refuses them) */
	for (const char *s = t; *s;) {
		size_t k = strcspn(s, "|");
		if ((k == 1 && s[0] == '.') || (k == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += k;
		if (*s)
			s++;
	}
	for (const char *s = t; *s; s++, n++) {
		if (*s == '|' && n && s[1] && s[1] != '|') {
			n = (size_t)-1;
			continue;
		}
		if (!(isalnum((unsigned char)*s) || strchr("!-_.*'()", *s)) || n >= 150)
			return 0;
	}
	return *t != '\0';
}

/* readiness.logs: {"url", "token", "tenant", "window_s", "sources": [{"name", "selector", "pending"}]} */
static int parse_logs(struct jv *v, const cJSON *o, struct policy *p)
{
	static const char *const lkeys[] = {"url", "token", "tenant", "window_s", "sources", NULL};
	static const char *const skeys[] = {"name", "selector", "pending", NULL};
	struct policy_readiness *rd = &p->readiness;
	const cJSON *src;
	char t[ZA_MAX_ERR];
	size_t n, i = 0;

	if (!o)
		return !v->failed;
	if (!jv_only_keys(v, o, "readiness.logs", lkeys))
		return 0;
	jv_string(v, o, "readiness.logs", "url", 1, ZA_MAX_URL, &rd->loki_url);
	jv_string(v, o, "readiness.logs", "token", 0, ZA_MAX_NAME, &rd->loki_token);
	jv_string(v, o, "readiness.logs", "tenant", 0, 1024, &rd->loki_tenant);
	rd->log_window_s = jv_int(v, o, "readiness.logs", "window_s", 0, 60, 31 * 86400, 3600);
	src = jv_array(v, o, "readiness.logs", "sources", 1);
	if (v->failed)
		return 0;
	if (!url_ok(v, "readiness.logs.url", rd->loki_url))
		return 0;
	if (rd->loki_tenant && !tenant_ok(rd->loki_tenant))
		return jv_fail(v, "readiness.logs.tenant",
		               "not a Loki tenant ID (up to 150 of A-Z a-z 0-9 !-_.*'(), several joined by |)");
	if (rd->loki_token && !policy_token_path(p, rd->loki_token))
		return jv_fail(v, "readiness.logs.token", "'%s' is not a name declared in token_files", rd->loki_token);
	n = (size_t)cJSON_GetArraySize(src);
	if (n > ZA_MAX_POLICY_ITEMS)
		return jv_fail(v, "readiness.logs.sources", "more than %u entries", ZA_MAX_POLICY_ITEMS);
	rd->sources = calloc(n + 1, sizeof(*rd->sources));
	if (!rd->sources)
		return jv_fail(v, "readiness.logs.sources", "out of memory");
	for (const cJSON *c = src->child; c; c = c->next, i++) {
		struct policy_log_source *ls = &rd->sources[rd->nsources++];
		jv_idx_path(t, "readiness.logs.sources", (int)i);
		if (!cJSON_IsObject(c) || !jv_only_keys(v, c, t, skeys))
			return v->failed ? 0 : jv_fail(v, t, "expected an object");
		jv_string(v, c, t, "name", 1, ZA_MAX_NAME, &ls->name);
		jv_string(v, c, t, "selector", 1, 1024, &ls->selector);
		ls->pending = jv_bool(v, c, t, "pending", 0);
		if (v->failed)
			return 0;
		for (size_t k = 0; k + 1 < rd->nsources; k++)
			if (strcmp(rd->sources[k].name, ls->name) == 0)
				return jv_fail(v, t, "the name '%s' is taken by an earlier source", ls->name);
		if (ls->selector[0] != '{' || ls->selector[strlen(ls->selector) - 1] != '}')
			return jv_fail(v, t, "selector '%s' is not a Loki stream selector ({label=\"value\", ...})",
			               ls->selector);
	}
	return 1;
}

static int parse_readiness(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const rkeys[] = {"sync", "alerts", "discovery", "grafana", "logs", NULL};
	static const char *const gkeys[] = {"url", "token", "dashboards", NULL};
	static const char *const skeys[] = {"metric", "max_age_s", NULL};
	const cJSON *o = jv_object(v, root, "", "readiness", 0), *sy;

	if (!o)
		return !v->failed;
	if (!jv_only_keys(v, o, "readiness", rkeys))
		return 0;
	p->readiness.present = 1;
	sy = jv_object(v, o, "readiness", "sync", 0);
	if (sy) {
		if (!jv_only_keys(v, sy, "readiness.sync", skeys))
			return 0;
		jv_string(v, sy, "readiness.sync", "metric", 1, ZA_MAX_NAME, &p->readiness.sync_metric);
		p->readiness.sync_max_age_s = jv_int(v, sy, "readiness.sync", "max_age_s", 0, 1, 31 * 86400, 900);
		if (!v->failed && !metric_name_ok(p->readiness.sync_metric))
			return jv_fail(v, "readiness.sync.metric", "'%s' is not a Prometheus metric name",
			               p->readiness.sync_metric);
	}
	if (!v->failed && !parse_alerts(v, jv_object(v, o, "readiness", "alerts", 0), &p->readiness))
		return 0;
	if (!parse_logs(v, jv_object(v, o, "readiness", "logs", 0), p))
		return 0;
	jv_string(v, o, "readiness", "discovery", 0, ZA_MAX_NAME, &p->readiness.discovery_name);
	{
		const cJSON *g = jv_object(v, o, "readiness", "grafana", 0);
		if (g && jv_only_keys(v, g, "readiness.grafana", gkeys)) {
			jv_string(v, g, "readiness.grafana", "url", 1, ZA_MAX_URL, &p->readiness.grafana_url);
			jv_string(v, g, "readiness.grafana", "token", 1, ZA_MAX_NAME, &p->readiness.grafana_token);
			jv_string_array(v, g, "readiness.grafana", "dashboards", 0, 256, &p->readiness.dashboards,
			                &p->readiness.ndashboards);
			if (!v->failed)
				url_ok(v, "readiness.grafana.url", p->readiness.grafana_url);
			if (!v->failed && !policy_token_path(p, p->readiness.grafana_token))
				return jv_fail(v, "readiness.grafana.token",
				               "'%s' is not a name declared in token_files",
				               p->readiness.grafana_token);
		}
	}
	for (size_t i = 0; !v->failed && p->readiness.discovery_name && i < p->ndiscovery; i++)
		if (strcmp(p->discovery[i].name, p->readiness.discovery_name) == 0)
			p->readiness.discovery = p->discovery[i].name;
	if (!v->failed && p->readiness.discovery_name && !p->readiness.discovery)
		return jv_fail(v, "readiness.discovery", "'%s' names no discovery endpoint",
		               p->readiness.discovery_name);
	if (!v->failed && !p->prometheus_url)
		return jv_fail(v, "readiness", "needs prometheus_url (the readiness checks ask Prometheus)");
	return !v->failed;
}

static int parse_filesd(struct jv *v, const cJSON *root, struct policy *p)
{
	static const char *const fkeys[] = {"paths", "max_age_s", "discovery", NULL};
	const cJSON *o = jv_object(v, root, "", "file_sd", 0);

	if (!o)
		return !v->failed;
	if (!jv_only_keys(v, o, "file_sd", fkeys))
		return 0;
	jv_string_array(v, o, "file_sd", "paths", 1, 4096, &p->filesd.paths, &p->filesd.npaths);
	p->filesd.max_age_s = jv_int(v, o, "file_sd", "max_age_s", 0, 1, 31 * 86400, 900);
	jv_string(v, o, "file_sd", "discovery", 0, ZA_MAX_NAME, &p->filesd.discovery_name);
	if (v->failed)
		return 0;
	if (p->filesd.discovery_name) {
		for (size_t i = 0; i < p->ndiscovery; i++)
			if (strcmp(p->discovery[i].name, p->filesd.discovery_name) == 0)
				p->filesd.discovery = p->discovery[i].name;
		if (!p->filesd.discovery)
			return jv_fail(v, "file_sd.discovery", "'%s' names no discovery endpoint",
			               p->filesd.discovery_name);
	}
	return 1;
}

static char *resolve_relative(const char *policy_path, const char *rel);

static int add_root(struct jv *v, struct policy_secrets *s, enum check_id check, const char *name, const char *glob,
                    const char *path)
{
	struct policy_scanroot *n = realloc(s->roots, (s->nroots + 1) * sizeof(*n));

	if (!n)
		return jv_fail(v, path, "out of memory");
	s->roots = n;
	n[s->nroots].check = check;
	n[s->nroots].name = strdup(name);
	n[s->nroots].glob = strdup(glob);
	s->nroots++;
	if (!n[s->nroots - 1].name || !n[s->nroots - 1].glob)
		return jv_fail(v, path, "out of memory");
	return 1;
}

static int parse_secrets(struct jv *v, const cJSON *root, struct policy *p, const char *file)
{
	static const char *const skeys[] = {
	        "rules",       "logs",        "files",         "dashboards",        "known_secret_files",
	        "scan_binary", "grafana_api", "grafana_token", "prometheus_config", NULL};
	const cJSON *o = jv_object(v, root, "", "secrets", 0), *logs;
	struct policy_secrets *s = &p->secrets;
	char t[ZA_MAX_ERR], t2[ZA_MAX_ERR];
	char *rules = NULL;

	if (!o)
		return !v->failed;
	if (!jv_only_keys(v, o, "secrets", skeys))
		return 0;
	s->present = 1;
	jv_string(v, o, "secrets", "rules", 0, 4096, &rules);
	if (rules) {
		s->rules = resolve_relative(file, rules);
		free(rules);
	}
	s->scan_binary = jv_bool(v, o, "secrets", "scan_binary", 0);
	s->prometheus_config = jv_bool(v, o, "secrets", "prometheus_config", 0);
	jv_string(v, o, "secrets", "grafana_api", 0, ZA_MAX_URL, &s->grafana_api);
	jv_string(v, o, "secrets", "grafana_token", 0, ZA_MAX_NAME, &s->grafana_token);
	if (s->grafana_api && !v->failed && !url_ok(v, "secrets.grafana_api", s->grafana_api))
		return 0;
	if (s->grafana_token && !v->failed && !policy_token_path(p, s->grafana_token))
		return jv_fail(v, "secrets.grafana_token", "'%s' is not a name declared in token_files",
		               s->grafana_token);
	if (s->prometheus_config && !p->prometheus_url && !v->failed)
		return jv_fail(v, "secrets.prometheus_config", "needs prometheus_url");
	logs = jv_object(v, o, "secrets", "logs", 0);
	for (const cJSON *l = logs ? logs->child : NULL; l && !v->failed; l = l->next) {
		char **globs = NULL;
		size_t ng = 0;
		jv_key_path(t, "secrets.logs", l->string);
		if (!name_ok(v, t, l->string))
			return 0;
		if (!cJSON_IsArray(l))
			return jv_fail(v, t, "expected a list of paths or globs");
		jv_string_array(v, logs, "secrets.logs", l->string, 1, 4096, &globs, &ng);
		for (size_t i = 0; i < ng && !v->failed; i++)
			add_root(v, s, CK_LOGS_LEAKED_TOKEN, l->string, globs[i], jv_idx_path(t2, t, (int)i));
		jv_free_strings(globs);
	}
	{
		static const char *const lists[] = {"files", "dashboards"};
		static const enum check_id checks[] = {CK_FILES_LEAKED_TOKEN, CK_DASHBOARDS_LEAKED_TOKEN};
		for (int k = 0; k < 2 && !v->failed; k++) {
			char **globs = NULL;
			size_t ng = 0;
			jv_string_array(v, o, "secrets", lists[k], 0, 4096, &globs, &ng);
			for (size_t i = 0; i < ng && !v->failed; i++)
				add_root(v, s, checks[k], globs[i], globs[i], jv_idx_path(t, lists[k], (int)i));
			jv_free_strings(globs);
		}
	}
	if (v->failed)
		return 0;
	return parse_kv_object(v, jv_object(v, o, "secrets", "known_secret_files", 0), "secrets.known_secret_files",
	                       &s->known_files, &s->nknown_files, 0, 0);
}

/* The keys of a "host" section (a policy's, or policies/defaults.json's). */
static int parse_host_section(struct jv *v, const cJSON *o, struct policy_hostaudit *h)
{
	static const char *const hkeys[] = {"units",
	                                    "defaults",
	                                    "grafana_ini",
	                                    "prometheus_yml",
	                                    "provisioning",
	                                    "dashboards_required",
	                                    "walk_roots",
	                                    "dashboard_dirs",
	                                    "grafana_behind_proxy",
	                                    "grafana_https",
	                                    "agent",
	                                    "kind",
	                                    "allowed_groups",
	                                    NULL};

	if (!jv_only_keys(v, o, "host", hkeys))
		return 0;
	if (!parse_kv_object(v, jv_object(v, o, "host", "units", 0), "host.units", &h->units, &h->nunits, 0, 0) ||
	    !parse_kv_object(v, jv_object(v, o, "host", "defaults", 0), "host.defaults", &h->defaults, &h->ndefaults, 0,
	                     0))
		return 0;
	jv_string(v, o, "host", "grafana_ini", 0, 4096, &h->grafana_ini);
	jv_string(v, o, "host", "prometheus_yml", 0, 4096, &h->prometheus_yml);
	jv_string(v, o, "host", "provisioning", 0, 4096, &h->provisioning);
	jv_string_array(v, o, "host", "dashboards_required", 0, 256, &h->dashboards_required, &h->ndashboards_required);
	jv_string_array(v, o, "host", "walk_roots", 0, 4096, &h->walk_roots, &h->nwalk_roots);
	jv_string_array(v, o, "host", "dashboard_dirs", 0, 4096, &h->dashboard_dirs, &h->ndashboard_dirs);
	h->grafana_behind_proxy = jv_bool(v, o, "host", "grafana_behind_proxy", 0);
	h->grafana_https = jv_bool(v, o, "host", "grafana_https", 0);
	h->agent = jv_bool(v, o, "host", "agent", 0);
	jv_string(v, o, "host", "kind", 0, ZA_MAX_NAME, &h->kind);
	jv_string_array(v, o, "host", "allowed_groups", 0, ZA_MAX_NAME, &h->allowed_groups, &h->nallowed_groups);
	return !v->failed;
}

/* Move the pairs of from whose key kv lacks to the end of kv. */
static int kv_merge(struct policy_kv **kv, size_t *n, struct policy_kv *from, size_t nfrom)
{
	for (size_t i = 0; i < nfrom; i++) {
		int have = 0;
		struct policy_kv *nk;
		for (size_t k = 0; k < *n; k++)
			have |= strcmp((*kv)[k].key, from[i].key) == 0;
		if (have)
			continue;
		nk = realloc(*kv, (*n + 2) * sizeof(*nk));
		if (!nk)
			return 0;
		*kv = nk;
		nk[*n] = from[i];
		memset(&from[i], 0, sizeof(from[i])); /* moved */
		(*n)++;
		memset(&nk[*n], 0, sizeof(nk[*n]));
	}
	return 1;
}

#define TAKE(field)                          \
	do {                                 \
		if (!h->field) {             \
			h->field = d->field; \
			d->field = NULL;     \
		}                            \
	} while (0)
#define TAKE_LIST(field, count)              \
	do {                                 \
		if (!h->field) {             \
			h->field = d->field; \
			h->count = d->count; \
			d->field = NULL;     \
		}                            \
	} while (0)

/* What the policy's "host" section leaves unnamed, from d (defaults.json). */
static int host_fill(struct policy_hostaudit *h, struct policy_hostaudit *d)
{
	TAKE(grafana_ini);
	TAKE(prometheus_yml);
	TAKE(provisioning);
	TAKE(kind);
	TAKE_LIST(dashboard_dirs, ndashboard_dirs);
	TAKE_LIST(walk_roots, nwalk_roots);
	TAKE_LIST(allowed_groups, nallowed_groups);
	return kv_merge(&h->units, &h->nunits, d->units, d->nunits) &&
	       kv_merge(&h->defaults, &h->ndefaults, d->defaults, d->ndefaults);
}
#undef TAKE
#undef TAKE_LIST

/* Debian's paths and the packages' service groups (policies/defaults.json),
 * used where the policy names none; an error there names that file. */
static int host_defaults(struct jv *pv, struct policy_hostaudit *h)
{
	static const char path[] = ZA_DATADIR "/defaults.json";
	static const char *const keys[] = {"comment", "host", NULL};
	char *text = NULL;
	size_t len = 0;
	cJSON *root = NULL;
	const cJSON *ho;
	struct jv v;
	struct policy_hostaudit d;
	int ok = 0;

	memset(&d, 0, sizeof(d));
	jv_init(&v, path, pv->err, pv->errlen);
	if (fileio_read(path, ZA_MAX_POLICY_BYTES, FILEIO_TEXT, &text, &len, pv->err, pv->errlen) != ZA_OK)
		goto out;
	root = jsonv_parse(path, text, len, pv->err, pv->errlen);
	if (!root || !jv_only_keys(&v, root, "", keys))
		goto out;
	ho = jv_object(&v, root, "", "host", 1);
	if (!ho || !parse_host_section(&v, ho, &d) || !d.grafana_ini || !d.prometheus_yml || !d.provisioning ||
	    !d.kind) {
		if (!v.failed)
			jv_fail(&v, "host", "grafana_ini, prometheus_yml, provisioning and kind are required here");
		goto out;
	}
	if (!host_fill(h, &d)) {
		jv_fail(&v, "host", "out of memory");
		goto out;
	}
	ok = 1;
out:
	if (!ok)
		pv->failed = 1; /* the message, naming defaults.json, is in pv->err */
	cJSON_Delete(root);
	free(text);
	policy_hostaudit_free(&d);
	return ok;
}

static int parse_hostaudit(struct jv *v, const cJSON *root, struct policy *p)
{
	const cJSON *o = jv_object(v, root, "", "host", 0);
	struct policy_hostaudit *h = &p->hostaudit;

	if (v->failed)
		return 0;
	h->present = 1; /* the defaults apply even without a "host" section */
	if (o && !parse_host_section(v, o, h))
		return 0;
	return host_defaults(v, h);
}

static char *resolve_relative(const char *policy_path, const char *rel)
{
	char *dup, *dir, *out = NULL;

	if (rel[0] == '/')
		return strdup(rel);
	dup = strdup(policy_path);
	if (!dup)
		return NULL;
	dir = dirname(dup);
	if (asprintf(&out, "%s/%s", dir, rel) < 0)
		out = NULL;
	free(dup);
	return out;
}

/* The policy's top-level scalars and small objects: name, version,
 * gate_severity, timeouts, control, URLs, tls, intrusive_checks,
 * untrusted_range, fingerprints. */
static int parse_top(struct jv *v, const cJSON *root, struct policy *p, const char *file)
{
	static const char *const tkeys[] = {"connect_ms", "connect_floor_ms", "transfer_ms", "run_ms", NULL};
	static const char *const lkeys[] = {"answer_bytes", NULL};
	static const char *const ckeys[] = {"address", "port", NULL};
	char t[ZA_MAX_ERR];

	{
		char *schema = NULL;
		jv_string(v, root, "", "$schema", 0, 256, &schema);
		free(schema);
	}
	jv_string(v, root, "", "name", 1, ZA_MAX_NAME, &p->name);
	jv_string(v, root, "", "version", 1, ZA_MAX_NAME, &p->version);
	jv_string(v, root, "", "description", 0, 4096, &p->description);
	p->gate = (enum za_severity)jv_enum(v, root, "", "gate_severity", 0, sev_names, ZA_SEV_HIGH);
	{
		const cJSON *to = jv_object(v, root, "", "timeouts", 0);
		if (to && jv_only_keys(v, to, "timeouts", tkeys)) {
			p->connect_ms = jv_int(v, to, "timeouts", "connect_ms", 0, 50, 60000, 1000);
			p->transfer_ms = jv_int(v, to, "timeouts", "transfer_ms", 0, 100, 300000, 5000);
			p->run_ms = jv_int(v, to, "timeouts", "run_ms", 0, 1000, 86400000, 3600000);
			p->connect_floor_ms = jv_int(v, to, "timeouts", "connect_floor_ms", 0, 10, 60000, 0);
			if (!v->failed && p->connect_floor_ms > p->connect_ms)
				jv_fail(v, "timeouts.connect_floor_ms", "must not be longer than connect_ms");
		} else {
			p->connect_ms = 1000;
			p->transfer_ms = 5000;
			p->run_ms = 3600000;
		}
		if (!p->connect_floor_ms) /* not given: the default, within connect_ms */
			p->connect_floor_ms = ZA_RTT_FLOOR_MS < p->connect_ms ? ZA_RTT_FLOOR_MS : p->connect_ms;
		if (!v->failed && p->transfer_ms < p->connect_ms)
			jv_fail(v, "timeouts.transfer_ms", "must not be shorter than connect_ms");
	}
	{
		/* discovery answers, file_sd files, /api/v1/targets, Grafana's dashboards:
		 * fleet-sized ones are judged whole; over this, `error` naming it */
		const cJSON *lo = jv_object(v, root, "", "limits", 0);
		p->answer_max = ZA_MAX_API_BODY;
		if (lo && jv_only_keys(v, lo, "limits", lkeys))
			p->answer_max = (size_t)jv_int(v, lo, "limits", "answer_bytes", 0, 1L << 20, 1L << 30,
			                               (long)ZA_MAX_API_BODY);
	}
	{
		const cJSON *ct = jv_object(v, root, "", "control", 0);
		if (ct && jv_only_keys(v, ct, "control", ckeys)) {
			jv_string(v, ct, "control", "address", 1, 253, &p->control_address);
			p->control_port = jv_int(v, ct, "control", "port", 1, 1, 65535, 0);
			if (!v->failed)
				address_ok(v, "control.address", p->control_address);
		}
	}
	jv_string(v, root, "", "grafana_url", 0, ZA_MAX_URL, &p->grafana_url);
	jv_string(v, root, "", "prometheus_url", 0, ZA_MAX_URL, &p->prometheus_url);
	jv_string(v, root, "", "prometheus_token", 0, ZA_MAX_NAME, &p->prometheus_token);
	if (p->prometheus_url && !v->failed)
		url_ok(v, "prometheus_url", p->prometheus_url);
	if (p->grafana_url && !v->failed)
		url_ok(v, "grafana_url", p->grafana_url);
	p->tls_min_days = 14;
	{
		static const char *const tlskeys[] = {"ca_file", "min_days", NULL};
		const cJSON *tl = jv_object(v, root, "", "tls", 0);
		if (tl && jv_only_keys(v, tl, "tls", tlskeys)) {
			char *ca = NULL;
			jv_string(v, tl, "tls", "ca_file", 0, 4096, &ca);
			if (ca) {
				p->tls_ca_file = resolve_relative(file, ca);
				free(ca);
			}
			p->tls_min_days = jv_int(v, tl, "tls", "min_days", 0, 0, 3650, 14);
		}
	}
	jv_string_array(v, root, "", "intrusive_checks", 0, ZA_MAX_NAME, &p->intrusive, &p->nintrusive);
	for (size_t i = 0; !v->failed && i < p->nintrusive; i++) {
		const char *known = check_get(CK_GRAFANA_DEFAULT_LOGIN)->id; /* the one intrusive check */
		if (strcmp(p->intrusive[i], known) != 0)
			jv_fail(v, jv_idx_path(t, "intrusive_checks", (int)i),
			        "'%s' is not an intrusive check (known: %s)", p->intrusive[i], known);
	}
	jv_string(v, root, "", "untrusted_range", 0, 64, &p->untrusted_range);
	if (p->untrusted_range && !v->failed) {
		struct cidr c;
		char why[ZA_MAX_ERR];
		if (cidr_parse(p->untrusted_range, &c, why, sizeof(why)) != 0 || c.family != AF_INET)
			jv_fail(v, "untrusted_range", "%s", c.family == AF_INET6 ? "an IPv4 range is needed" : why);
	}
	{
		char *fp = NULL;
		jv_string(v, root, "", "fingerprints", 0, 4096, &fp);
		if (fp) {
			p->fingerprints = resolve_relative(file, fp);
			free(fp);
		}
	}
	return !v->failed;
}

/* What holds across sections: required roles, the Prometheus token's
 * name, the default profile, an expectation for every service a host
 * carries. */
static int cross_checks(struct jv *v, const cJSON *root, struct policy *p)
{
	char t[ZA_MAX_ERR];

	/* the vantage roles a merged launch report needs (zlh-audit merge --policy) */
	if (!jv_string_array(v, root, "", "required_roles", 0, ZA_MAX_NAME, &p->required_roles, &p->nrequired_roles))
		return 0;
	for (size_t i = 0; i < p->nrequired_roles; i++)
		if (role_parse(p->required_roles[i]) < 0) {
			jv_fail(v, "required_roles", "'%s' is not untrusted, admin or host", p->required_roles[i]);
			return 0;
		}
	if (p->prometheus_token && !policy_token_path(p, p->prometheus_token)) {
		jv_fail(v, "prometheus_token", "'%s' is not a name declared in token_files", p->prometheus_token);
		return 0;
	}
	jv_string(v, root, "", "default_profile", 0, ZA_MAX_NAME, &p->default_profile);
	if (v->failed)
		return 0;
	if (p->default_profile && p->nprofiles && !policy_profile(p, p->default_profile)) {
		jv_fail(v, "default_profile", "'%s' is not a key of profiles", p->default_profile);
		return 0;
	}
	if (p->default_profile && !p->nprofiles && strcmp(p->default_profile, "production") != 0) {
		jv_fail(v, "default_profile", "'%s' is not defined (no profiles)", p->default_profile);
		return 0;
	}
	/* every service a host carries must have an expectation */
	for (size_t i = 0; i < p->nhosts; i++)
		for (size_t j = 0; j < p->hosts[i].nsvc; j++) {
			int any = 0;
			for (int role = 0; role < ZA_ROLE_COUNT; role++)
				any |= policy_expectation(p, p->hosts[i].svc[j].service, (enum za_role)role) !=
				       EXPECT_UNSET;
			if (!any) {
				snprintf(t, sizeof(t), "hosts[%zu].services[%zu].service", i, j);
				jv_fail(v, t, "no expectation for service '%s' in expect", p->hosts[i].svc[j].service);
				return 0;
			}
		}
	return 1;
}

enum za_err policy_parse(const char *file, const char *text, size_t len, struct policy **out, char *err, size_t errlen)
{
	static const char *const keys[] = {"name",
	                                   "version",
	                                   "description",
	                                   "gate_severity",
	                                   "timeouts",
	                                   "limits",
	                                   "fingerprints",
	                                   "vantages",
	                                   "expect",
	                                   "hosts",
	                                   "discovery",
	                                   "token_files",
	                                   "exceptions",
	                                   "profiles",
	                                   "default_profile",
	                                   "$schema",
	                                   "control",
	                                   "untrusted_range",
	                                   "grafana_url",
	                                   "tls",
	                                   "intrusive_checks",
	                                   "labels",
	                                   "file_sd",
	                                   "prometheus_url",
	                                   "prometheus_token",
	                                   "secrets",
	                                   "host",
	                                   "required_roles",
	                                   "readiness",
	                                   NULL};
	enum za_err r = ZA_ERR_POLICY;
	cJSON *root = NULL;
	struct policy *p = NULL;
	struct jv v;

	*out = NULL;
	jv_init(&v, file, err, errlen);
	root = jsonv_parse(file, text, len, err, errlen);
	if (!root)
		goto out;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(file))) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		jv_fail(&v, "", "a policy is a JSON object");
		goto out;
	}
	if (!jv_only_keys(&v, root, "", keys))
		goto out;
	if (!parse_top(&v, root, p, file))
		goto out;
	if (!name_ok(&v, "name", p->name))
		goto out;
	/* token files first: discovery entries refer to them */
	if (!parse_kv_object(&v, jv_object(&v, root, "", "token_files", 0), "token_files", &p->token_files,
	                     &p->ntoken_files, 0, 0))
		goto out;
	if (!parse_vantages(&v, root, p) || !parse_expect(&v, root, p) || !parse_hosts(&v, root, p) ||
	    !parse_discovery(&v, root, p) || !parse_exceptions(&v, root, p) || !parse_profiles(&v, root, p) ||
	    !parse_labels(&v, root, p) || !parse_filesd(&v, root, p) || !parse_secrets(&v, root, p, file) ||
	    !parse_hostaudit(&v, root, p) || !parse_readiness(&v, root, p))
		goto out;
	if (!cross_checks(&v, root, p))
		goto out;
	{
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;
		if (EVP_Digest(text, len, md, &mdlen, EVP_sha256(), NULL) != 1) {
			r = ZA_ERR_INTERNAL;
			goto out;
		}
		for (unsigned i = 0; i < mdlen && i < 32; i++)
			snprintf(p->sha256 + 2 * i, 3, "%02x", md[i]);
	}
	*out = p;
	p = NULL; /* caller owns */
	r = ZA_OK;
out:
	if (r == ZA_ERR_NOMEM)
		za_seterr(err, errlen, "%s: out of memory", file);
	policy_free(p);
	cJSON_Delete(root);
	return r;
}

enum za_err policy_load(const char *path, struct policy **out, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	enum za_err r;

	*out = NULL;
	r = fileio_read(path, ZA_MAX_POLICY_BYTES, FILEIO_TEXT, &text, &len, err, errlen);
	if (r != ZA_OK)
		return r == ZA_ERR_NOMEM ? r : ZA_ERR_POLICY;
	r = policy_parse(path, text, len, out, err, errlen);
	free(text);
	return r;
}
