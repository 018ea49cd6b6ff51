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
	N_READY,     /* a readiness section, role host or admin */
	N_SYNC,      /* readiness.sync, role host or admin */
	N_ALERT,     /* readiness.alerts names the check, role host or admin */
	N_DELETED,   /* readiness.discovery, role host or admin */
	N_RGRAFANA,  /* readiness.grafana, role host or admin */
	N_LOKI,      /* readiness.logs, role host or admin */
};

struct row {
	enum check_id id;
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
        {CK_ALERTS_DELIVERY, N_READY, 1, NULL},
        {CK_ALERTS_DISCOVERY_ENDPOINT_DOWN, N_ALERT, 1, NULL},
        {CK_ALERTS_DISCOVERY_SYNC_FAILED, N_ALERT, 1, NULL},
        {CK_ALERTS_FILE_SD_STALE, N_ALERT, 1, NULL},
        {CK_ALERTS_TARGET_DOWN, N_ALERT, 1, NULL},
        {CK_ALLOY_COMPONENTS, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_ALLOY_CONFIG, N_AGENT, 0, NULL},
        {CK_ALLOY_DEFAULT_FILE, N_AGENT, 0, NULL},
        {CK_ALLOY_LEGACY_NODE_EXPORTER, N_AGENT, 0, NULL},
        {CK_ALLOY_LISTEN, N_AGENT, 0, NULL},
        {CK_DASHBOARDS_CANONICAL_LABELS, N_HOST, 0, NULL},
        {CK_DASHBOARDS_LEAKED_TOKEN, N_SECRETS, 0, NULL},
        {CK_DISCOVERY_ACTIVE_ONLY, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_BAD_TOKEN, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_DEBUG_MODE, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_EMPTY_BEARER, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_METHODS, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_TOKEN_ACCEPTED, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_TOKEN_FILE, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_TOKEN_IN_QUERY, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_TOKENLESS, N_DISCOVERY, 1, NULL},
        {CK_DISCOVERY_WRONG_SCHEME, N_DISCOVERY, 1, NULL},
        {CK_EXPOSURE_ALERTMANAGER, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_ALLOY, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_GRAFANA, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_LOKI, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_NODE_EXPORTER, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_PROMETHEUS, N_SERVICE, 1, NULL},
        {CK_EXPOSURE_PUSHGATEWAY, N_SERVICE, 1, NULL},
        {CK_FILES_LEAKED_TOKEN, N_SECRETS, 0, NULL},
        {CK_FILESD_FRESH, N_FILESD, 0, NO_SD_FILE},
        {CK_FILESD_STALE_ENTRIES, N_FILESD, 0, NO_SD_FILE},
        {CK_FILESD_VALID, N_FILESD, 0, NULL},
        {CK_GRAFANA_ANONYMOUS, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_GRAFANA_AUTH_GATE, N_GRAFANA, 1, NULL},
        {CK_GRAFANA_CONFIG_ADMIN_PASSWORD, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_ANONYMOUS, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_COOKIE, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_HTTP_ADDR, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_METRICS, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_SIGNUP, N_HOST, 0, NULL},
        {CK_GRAFANA_CONFIG_SNAPSHOTS, N_HOST, 0, NULL},
        {CK_GRAFANA_DASHBOARD_QUERIES, N_RGRAFANA, 1, NULL},
        {CK_GRAFANA_DASHBOARDS_VISIBLE, N_RGRAFANA, 1, NULL},
        {CK_GRAFANA_DATASOURCE_HEALTHY, N_RGRAFANA, 1, NULL},
        {CK_GRAFANA_DASHBOARDS_PROVISIONED, N_HOST, 0, NULL},
        {CK_GRAFANA_DATASOURCE_PROVISIONED, N_HOST, 0, NULL},
        {CK_GRAFANA_DEFAULT_LOGIN, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_GRAFANA_METRICS_PUBLIC, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_GRAFANA_VERSION, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_HOST_FILE_MODES, N_HOST, 0, NULL},
        {CK_HOST_TOKEN_FILE, N_HOST, 0,
         "no token or credential file is named by the policy or by a unit installed on the audited system"},
        {CK_HOST_TOKEN_WORLD_READABLE, N_HOST, 0, NULL},
        {CK_HOST_UNIT_INLINE_SECRET, N_HOST, 0,
         "none of the policy's systemd units is installed on the audited system"},
        {CK_LABELS_CANONICAL, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_IDENTIFYING, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_LIFECYCLE, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_REQUIRED, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_REVIEW, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_SECRETS, N_LABELS, 0, NO_TARGETS},
        {CK_LABELS_STABLE, N_LABELS, 0, NO_TARGETS},
        {CK_LISTENERS_CONFIG, N_HOST, 0,
         "no monitoring service (a unit or an /etc/default file; Alloy's is alloy.listen's with host.agent) is "
         "installed on the audited system"},
        {CK_LISTENERS_EXPOSED, N_HOST_LIVE, 1, NULL},
        {CK_LOGS_CENTRALIZED, N_LOKI, 1, NULL},
        {CK_LOGS_LEAKED_TOKEN, N_SECRETS, 0, NULL},
        {CK_MERGE_POLICY_CONSISTENT, N_NEVER, 0, NULL},
        {CK_MERGE_REQUIRED_VANTAGES, N_NEVER, 0, NULL},
        {CK_MERGE_SHARDS_COMPLETE, N_NEVER, 0, NULL},
        {CK_NODE_EXPORTER_UNAME, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_PPROF_OPEN, N_GO, 1, FOLLOWUP},
        {CK_PROMETHEUS_ADMIN_API, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_PROMETHEUS_CONFIG_LITERAL_SECRETS, N_HOST, 0, NO_PROMETHEUS},
        {CK_PROMETHEUS_CONFIG_SECRETS, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_PROMETHEUS_DELETED_TARGETS, N_DELETED, 1, NULL},
        {CK_PROMETHEUS_SD_URL_TOKEN, N_HOST, 0, NO_PROMETHEUS},
        {CK_PROMETHEUS_TARGETS_DOWN, N_LIVE, 1, NULL},
        {CK_PROMETHEUS_TARGETS_SECRETS, N_FOLLOWUP, 1, FOLLOWUP},
        {CK_PROMETHEUS_WEB_CONFIG, N_HOST, 0, NO_PROMETHEUS},
        {CK_SCAN_NOTHING_CHECKED, N_NEVER, 0, NULL}, /* the absence marker: scan.c adds it */
        {CK_SYNC_FRESH, N_SYNC, 1, NULL},
        {CK_TLS_CERTIFICATE, N_TLS, 1, NULL},
        {CK_TLS_REQUIRED, N_TLS, 1, NULL},
        {CK_TLS_VERSION, N_TLS, 1, NULL},
};

static const struct row *row_of(const char *id)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(check_get(rows[i].id)->id, id) == 0)
			return &rows[i];
	return NULL;
}

const char *plan_absent(const char *check_id)
{
	const struct row *w = row_of(check_id);

	return w ? w->absent : NULL;
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
		if (strcmp(check_get(ps->roots[i].check)->id, check) == 0)
			return 1;
	/* the API sources (host or admin; under --root skipped with the reason, so still there) */
	if (strcmp(check, check_get(CK_DASHBOARDS_LEAKED_TOKEN)->id) == 0)
		return ps->grafana_api != NULL;
	if (strcmp(check, check_get(CK_FILES_LEAKED_TOKEN)->id) == 0)
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
	case N_READY: return inside && p->readiness.present;
	case N_SYNC: return inside && p->readiness.sync_metric != NULL;
	case N_ALERT: return inside && policy_alert(p, c->id) != NULL;
	case N_DELETED: return inside && p->readiness.discovery != NULL;
	case N_RGRAFANA: return inside && p->readiness.grafana_url != NULL;
	case N_LOKI: return inside && p->readiness.nsources > 0;
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
