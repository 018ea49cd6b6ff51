/* policy.c - the policy model: what it holds, freeing it, and the questions
 * the scanner asks of it (see policy.h; parsing and validation: policy_parse.c). */
#define _GNU_SOURCE
#include "policy.h"

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

static const char *const expect_names[] = {"unset", "unreachable", "reachable", "not-applicable", NULL};

const char *expect_name(enum expect e)
{
	return (unsigned)e < 4 ? expect_names[e] : "unset";
}

void policy_kv_free(struct policy_kv *kv, size_t n)
{
	for (size_t i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void policy_hostaudit_free(struct policy_hostaudit *h)
{
	policy_kv_free(h->units, h->nunits);
	policy_kv_free(h->defaults, h->ndefaults);
	free(h->grafana_ini);
	free(h->prometheus_yml);
	free(h->provisioning);
	jv_free_strings(h->dashboards_required);
	jv_free_strings(h->walk_roots);
	jv_free_strings(h->dashboard_dirs);
	free(h->kind);
	jv_free_strings(h->allowed_groups);
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	free(p->path);
	free(p->name);
	free(p->version);
	free(p->description);
	free(p->fingerprints);
	free(p->control_address);
	free(p->untrusted_range);
	free(p->grafana_url);
	free(p->tls_ca_file);
	jv_free_strings(p->intrusive);
	jv_free_strings(p->labels.required);
	jv_free_strings(p->labels.optional);
	jv_free_strings(p->labels.container_types);
	jv_free_strings(p->labels.numeric);
	jv_free_strings(p->labels.identifying_names);
	jv_free_strings(p->labels.identifying_values);
	jv_free_strings(p->labels.inactive_values);
	policy_kv_free(p->labels.forbidden, p->labels.nforbidden);
	policy_kv_free(p->labels.lifecycle, p->labels.nlifecycle);
	free(p->labels.inactive_label);
	jv_free_strings(p->filesd.paths);
	for (size_t i = 0; i < p->secrets.nroots; i++) {
		free(p->secrets.roots[i].name);
		free(p->secrets.roots[i].glob);
	}
	free(p->secrets.roots);
	free(p->secrets.rules);
	free(p->secrets.grafana_api);
	free(p->secrets.grafana_token);
	policy_kv_free(p->secrets.known_files, p->secrets.nknown_files);
	policy_hostaudit_free(&p->hostaudit);
	jv_free_strings(p->required_roles);
	free(p->filesd.discovery_name);
	free(p->prometheus_url);
	free(p->prometheus_token);
	free(p->readiness.sync_metric);
	free(p->readiness.discovery_name);
	free(p->readiness.grafana_url);
	free(p->readiness.grafana_token);
	jv_free_strings(p->readiness.dashboards);
	free(p->readiness.loki_url);
	free(p->readiness.loki_token);
	free(p->readiness.loki_tenant);
	for (size_t i = 0; i < p->readiness.nsources; i++) {
		free(p->readiness.sources[i].name);
		free(p->readiness.sources[i].selector);
	}
	free(p->readiness.sources);
	for (size_t i = 0; i < p->readiness.nalerts; i++) {
		jv_free_strings(p->readiness.alerts[i].metrics);
		policy_kv_free(p->readiness.alerts[i].matchers, p->readiness.alerts[i].nmatchers);
		jv_free_strings(p->readiness.alerts[i].by);
	}
	for (size_t i = 0; i < p->nvantages; i++) {
		free(p->vantages[i].name);
		free(p->vantages[i].description);
	}
	free(p->vantages);
	for (size_t i = 0; i < p->nexpect; i++)
		free(p->expect[i].service);
	free(p->expect);
	for (size_t i = 0; i < p->nhosts; i++) {
		struct policy_host *h = &p->hosts[i];
		free(h->name);
		free(h->address);
		free(h->cidr);
		free(h->kind);
		for (size_t j = 0; j < h->nsvc; j++) {
			free(h->svc[j].service);
			free(h->svc[j].ports);
		}
		free(h->svc);
	}
	free(p->hosts);
	for (size_t i = 0; i < p->ndiscovery; i++) {
		free(p->discovery[i].name);
		free(p->discovery[i].url);
		free(p->discovery[i].token_file);
		jv_free_strings(p->discovery[i].debug_params);
		free(p->discovery[i].historical_param);
	}
	free(p->discovery);
	policy_kv_free(p->token_files, p->ntoken_files);
	for (size_t i = 0; i < p->nexceptions; i++) {
		free(p->exceptions[i].name);
		free(p->exceptions[i].reason);
		jv_free_strings(p->exceptions[i].host_kinds);
		jv_free_strings(p->exceptions[i].exempt);
	}
	free(p->exceptions);
	for (size_t i = 0; i < p->nprofiles; i++) {
		free(p->profiles[i].name);
		free(p->profiles[i].description);
		policy_kv_free(p->profiles[i].disable, p->profiles[i].ndisable);
		policy_kv_free(p->profiles[i].severity, p->profiles[i].nseverity);
	}
	free(p->profiles);
	free(p->default_profile);
	free(p);
}

/* A name: letters, digits, '.', '_', '-'. */
const struct policy_profile *policy_profile(const struct policy *p, const char *name)
{
	static char implicit_name[] = "production", implicit_desc[] = "the implicit default profile";
	static const struct policy_profile implicit = {implicit_name, implicit_desc, NULL, 0, NULL, 0, -1, 0};

	if (!name)
		name = p->default_profile ? p->default_profile : (p->nprofiles ? p->profiles[0].name : "production");
	for (size_t i = 0; i < p->nprofiles; i++)
		if (strcmp(p->profiles[i].name, name) == 0)
			return &p->profiles[i];
	if (!p->nprofiles && strcmp(name, "production") == 0)
		return &implicit;
	return NULL;
}

const struct policy_vantage *policy_vantage(const struct policy *p, const char *name)
{
	for (size_t i = 0; name && i < p->nvantages; i++)
		if (strcmp(p->vantages[i].name, name) == 0)
			return &p->vantages[i];
	return NULL;
}

enum expect policy_expectation(const struct policy *p, const char *service, enum za_role role)
{
	for (size_t i = 0; i < p->nexpect; i++)
		if (strcmp(p->expect[i].service, service) == 0)
			return p->expect[i].by_role[role];
	return EXPECT_UNSET;
}

static int exempt_matches(const char *pat, const char *check_id)
{
	size_t n = strlen(pat);

	if (n > 2 && strcmp(pat + n - 2, ".*") == 0)
		return strncmp(pat, check_id, n - 1) == 0;
	return strcmp(pat, check_id) == 0;
}

const struct policy_exception *policy_exempts(const struct policy *p, const struct policy_host *h, const char *check_id)
{
	for (size_t i = 0; i < p->nexceptions; i++) {
		const struct policy_exception *x = &p->exceptions[i];
		int kind = 0, chk = 0;
		for (size_t k = 0; k < x->nkinds; k++)
			kind |= strcmp(x->host_kinds[k], h->kind) == 0;
		for (size_t k = 0; k < x->nexempt; k++)
			chk |= exempt_matches(x->exempt[k], check_id);
		if (kind && chk)
			return x;
	}
	return NULL;
}

int policy_allows_intrusive(const struct policy *p, const char *check_id)
{
	for (size_t i = 0; i < p->nintrusive; i++)
		if (strcmp(p->intrusive[i], check_id) == 0)
			return 1;
	return 0;
}

size_t policy_endpoint_count(const struct policy *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nhosts; i++) {
		const struct policy_host *h = &p->hosts[i];
		size_t addrs = 1, ports = 0;
		struct cidr c;
		if (h->cidr && cidr_parse(h->cidr, &c, NULL, 0) == 0)
			addrs = c.count;
		for (size_t j = 0; j < h->nsvc; j++)
			ports += h->svc[j].nports;
		n += addrs * ports;
	}
	return n;
}

const char *policy_token_path(const struct policy *p, const char *name)
{
	for (size_t i = 0; name && i < p->ntoken_files; i++)
		if (strcmp(p->token_files[i].key, name) == 0)
			return p->token_files[i].value;
	return NULL;
}

enum za_err policy_set_token_path(struct policy *p, const char *name, const char *path, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->ntoken_files; i++)
		if (strcmp(p->token_files[i].key, name) == 0) {
			char *v = strdup(path);
			if (!v)
				return ZA_ERR_NOMEM;
			free(p->token_files[i].value);
			p->token_files[i].value = v;
			return ZA_OK;
		}
	za_seterr(err, errlen, "--token-file %s=...: the policy declares no token file named '%s' (see token_files)",
	          name, name);
	return ZA_ERR_USAGE;
}

const struct policy_alert *policy_alert(const struct policy *p, const char *check_id)
{
	for (size_t i = 0; check_id && i < p->readiness.nalerts; i++)
		if (strcmp(check_get(p->readiness.alerts[i].check)->id, check_id) == 0)
			return &p->readiness.alerts[i];
	return NULL;
}
