/* plan.c - see plan.h. */
#include "plan.h"

#include <stdio.h>
#include <string.h>

#include "checks.h"

enum need {
	N_NEVER,     /* merge.*: only a merged report has them */
	N_SERVICE,   /* a host of the policy carries the check's service */
	N_FOLLOWUP,  /* what an exposed service gives away: as N_SERVICE */
	N_GO,        /* any service (all of them are Go programs): pprof */
	N_DISCOVERY, /* a discovery endpoint */
	N_LABELS,    /* a target list: discovery, file_sd (role host), live targets (host/admin) */
	N_GRAFANA,   /* grafana_url */
	N_TLS,       /* grafana_url or a discovery endpoint */
	N_FILESD,    /* file_sd paths, role host (the monitoring host's files) */
	N_LIVE,      /* prometheus_url, role host or admin */
	N_SECRETS,   /* a secrets path for the check (role host), or its API source (host or admin) */
	N_HOST,      /* role host */
	N_HOST_LIVE, /* role host, this machine's sockets */
	N_AGENT,     /* role host, host.agent */
};

struct row {
	const char *id;
	enum need need;
	int network; /* needs the network: not in a --root scan */
	const char *absent;
};

static const char FOLLOWUP[] =
        "runs only on an endpoint this vantage reached and identified as the service where the policy expects it "
        "unreachable (from the trusted path, what it shows is not a leak); there was none";
static const char NO_TARGETS[] =
        "no target list was read (discovery answer, file_sd file or Prometheus's targets; see their checks)";
static const char NO_PROMETHEUS[] =
        "no Prometheus configuration on the audited system (no unit, /etc/default file or prometheus.yml)";
static const char NO_SD_FILE[] = "no file_sd file was read (see filesd.valid)";

static const struct row rows[] = {
        {"alloy.components", N_FOLLOWUP, 1, FOLLOWUP},
        {"alloy.config", N_AGENT, 0, NULL},
        {"alloy.default-file", N_AGENT, 0, NULL},
        {"alloy.legacy-node-exporter", N_AGENT, 0, NULL},
        {"alloy.listen", N_AGENT, 0, NULL},
        {"dashboards.canonical-labels", N_HOST, 0, NULL},
        {"dashboards.leaked-token", N_SECRETS, 0, NULL},
        {"discovery.active-only", N_DISCOVERY, 1, NULL},
        {"discovery.bad-token", N_DISCOVERY, 1, NULL},
        {"discovery.debug-mode", N_DISCOVERY, 1, NULL},
        {"discovery.empty-bearer", N_DISCOVERY, 1, NULL},
        {"discovery.methods", N_DISCOVERY, 1, NULL},
        {"discovery.token-accepted", N_DISCOVERY, 1, NULL},
        {"discovery.token-file", N_DISCOVERY, 1, NULL},
        {"discovery.token-in-query", N_DISCOVERY, 1, NULL},
        {"discovery.tokenless", N_DISCOVERY, 1, NULL},
        {"discovery.wrong-scheme", N_DISCOVERY, 1, NULL},
        {"exposure.alertmanager", N_SERVICE, 1, NULL},
        {"exposure.alloy", N_SERVICE, 1, NULL},
        {"exposure.grafana", N_SERVICE, 1, NULL},
        {"exposure.loki", N_SERVICE, 1, NULL},
        {"exposure.node-exporter", N_SERVICE, 1, NULL},
        {"exposure.prometheus", N_SERVICE, 1, NULL},
        {"exposure.pushgateway", N_SERVICE, 1, NULL},
        {"files.leaked-token", N_SECRETS, 0, NULL},
        {"filesd.fresh", N_FILESD, 0, NO_SD_FILE},
        {"filesd.stale-entries", N_FILESD, 0, NO_SD_FILE},
        {"filesd.valid", N_FILESD, 0, NULL},
        {"grafana.anonymous", N_FOLLOWUP, 1, FOLLOWUP},
        {"grafana.auth-gate", N_GRAFANA, 1, NULL},
        {"grafana.config-admin-password", N_HOST, 0, NULL},
        {"grafana.config-anonymous", N_HOST, 0, NULL},
        {"grafana.config-cookie", N_HOST, 0, NULL},
        {"grafana.config-http-addr", N_HOST, 0, NULL},
        {"grafana.config-metrics", N_HOST, 0, NULL},
        {"grafana.config-signup", N_HOST, 0, NULL},
        {"grafana.config-snapshots", N_HOST, 0, NULL},
        {"grafana.dashboards-provisioned", N_HOST, 0, NULL},
        {"grafana.datasource-provisioned", N_HOST, 0, NULL},
        {"grafana.default-login", N_FOLLOWUP, 1, FOLLOWUP},
        {"grafana.metrics-public", N_FOLLOWUP, 1, FOLLOWUP},
        {"grafana.version", N_FOLLOWUP, 1, FOLLOWUP},
        {"host.file-modes", N_HOST, 0, NULL},
        {"host.token-file", N_HOST, 0,
         "no token or credential file is named by the policy or by a unit installed on the audited system"},
        {"host.token-world-readable", N_HOST, 0, NULL},
        {"host.unit-inline-secret", N_HOST, 0, "none of the policy's systemd units is installed on the audited system"},
        {"labels.canonical", N_LABELS, 0, NO_TARGETS},
        {"labels.identifying", N_LABELS, 0, NO_TARGETS},
        {"labels.lifecycle", N_LABELS, 0, NO_TARGETS},
        {"labels.required", N_LABELS, 0, NO_TARGETS},
        {"labels.review", N_LABELS, 0, NO_TARGETS},
        {"labels.secrets", N_LABELS, 0, NO_TARGETS},
        {"labels.stable", N_LABELS, 0, NO_TARGETS},
        {"listeners.config", N_HOST, 0,
         "no monitoring service (a unit or an /etc/default file; Alloy's is alloy.listen's with host.agent) is "
         "installed on the audited system"},
        {"listeners.exposed", N_HOST_LIVE, 1, NULL},
        {"logs.leaked-token", N_SECRETS, 0, NULL},
        {"merge.policy-consistent", N_NEVER, 0, NULL},
        {"merge.required-vantages", N_NEVER, 0, NULL},
        {"node-exporter.uname", N_FOLLOWUP, 1, FOLLOWUP},
        {"pprof.open", N_GO, 1, FOLLOWUP},
        {"prometheus.admin-api", N_FOLLOWUP, 1, FOLLOWUP},
        {"prometheus.config-literal-secrets", N_HOST, 0, NO_PROMETHEUS},
        {"prometheus.config-secrets", N_FOLLOWUP, 1, FOLLOWUP},
        {"prometheus.sd-url-token", N_HOST, 0, NO_PROMETHEUS},
        {"prometheus.targets-down", N_LIVE, 1, NULL},
        {"prometheus.targets-secrets", N_FOLLOWUP, 1, FOLLOWUP},
        {"prometheus.web-config", N_HOST, 0, NO_PROMETHEUS},
        {"scan.nothing-checked", N_NEVER, 0, NULL}, /* the absence marker: scan.c adds it */
        {"tls.certificate", N_TLS, 1, NULL},
        {"tls.required", N_TLS, 1, NULL},
        {"tls.version", N_TLS, 1, NULL},
};

static const struct row *row_of(const char *id)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].id, id) == 0)
			return &rows[i];
	return NULL;
}

int plan_has_row(const char *check_id)
{
	return row_of(check_id) != NULL;
}

static int has_service(const struct policy *p, const char *service)
{
	for (size_t h = 0; h < p->nhosts; h++)
		for (size_t s = 0; s < p->hosts[h].nsvc; s++)
			if (!service || strcmp(p->hosts[h].svc[s].service, service) == 0)
				return 1;
	return 0;
}

static int secrets_source(const struct policy *p, const char *check, enum za_role role)
{
	const struct policy_secrets *ps = &p->secrets;

	if (!ps->present)
		return 0;
	for (size_t i = 0; role == ZA_ROLE_HOST && i < ps->nroots; i++)
		if (strcmp(ps->roots[i].check, check) == 0)
			return 1;
	/* the API sources (host or admin; under --root skipped with the reason, so still there) */
	if (strcmp(check, "dashboards.leaked-token") == 0)
		return ps->grafana_api != NULL;
	if (strcmp(check, "files.leaked-token") == 0)
		return ps->prometheus_config && p->prometheus_url;
	return 0;
}

static int implied(const struct policy *p, const struct row *w, const struct check_def *c, enum za_role role,
                   int offline)
{
	int inside = role == ZA_ROLE_HOST || role == ZA_ROLE_ADMIN; /* roles on the trusted path */

	if (w->network && offline)
		return 0;
	switch (w->need) {
	case N_NEVER: return 0;
	case N_SERVICE:
	case N_FOLLOWUP: return has_service(p, c->service);
	case N_GO: return has_service(p, NULL);
	case N_DISCOVERY: return p->ndiscovery > 0;
	case N_LABELS:
		return (!offline && p->ndiscovery > 0) || (role == ZA_ROLE_HOST && p->filesd.npaths > 0) ||
		       (!offline && inside && p->prometheus_url);
	case N_GRAFANA: return p->grafana_url != NULL;
	case N_TLS: return p->grafana_url != NULL || p->ndiscovery > 0;
	case N_FILESD: return role == ZA_ROLE_HOST && p->filesd.npaths > 0;
	case N_LIVE: return inside && p->prometheus_url != NULL;
	case N_SECRETS: return inside && secrets_source(p, c->id, role);
	case N_HOST: return role == ZA_ROLE_HOST;
	case N_HOST_LIVE: return role == ZA_ROLE_HOST;
	case N_AGENT: return role == ZA_ROLE_HOST && p->hostaudit.agent;
	}
	return 0;
}

size_t plan_checks(const struct policy *p, enum za_role role, int offline, unsigned char want[PLAN_MAX])
{
	size_t n = 0;

	memset(want, 0, PLAN_MAX);
	for (size_t i = 0; i < checks_count() && i < PLAN_MAX; i++) {
		const struct check_def *c = checks_at(i);
		const struct row *w = row_of(c->id);
		if (w && implied(p, w, c, role, offline)) {
			want[i] = 1;
			n++;
		}
	}
	return n;
}

size_t plan_fill(struct result_set *rs, const struct policy *p, enum za_role role, int offline)
{
	unsigned char want[PLAN_MAX], have[PLAN_MAX];
	size_t added = 0;

	plan_checks(p, role, offline, want);
	memset(have, 0, sizeof(have));
	for (size_t k = 0; k < rs->n; k++)
		for (size_t i = 0; i < checks_count() && i < PLAN_MAX; i++)
			if (rs->v[k]->check == checks_at(i))
				have[i] = 1;
	for (size_t i = 0; i < checks_count() && i < PLAN_MAX; i++) {
		const struct check_def *c = checks_at(i);
		const struct row *w = row_of(c->id);
		struct za_result *r;
		if (!want[i] || have[i])
			continue;
		r = results_new(rs, c, "(none)");
		if (!r)
			break;
		if (w->absent)
			result_skip(rs, r, "%s", w->absent);
		else
			result_status(
			        rs, r, ZA_ERROR,
			        "the policy implies this check for role %s but no probe decided it (a scanner bug: "
			        "please report it)",
			        role_name(role));
		added++;
	}
	return added;
}
