/* cli_policy.c - `zlh-audit policy check`: validate a policy and print its plan. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "cli.h"
#include "fileio.h"
#include "fingerprint.h"
#include "formats.h"
#include "http.h"
#include "plan.h"
#include "policy.h"
#include "report.h"
#include "scan.h"
#include "verdict.h"

static const char usage_policy[] =
        "usage: zlh-audit policy check FILE [--fingerprints FILE]\n"
        "\n"
        "Validates a policy (and the service fingerprints it uses) and lists what a scan\n"
        "would check: the endpoints, and per role (and for a mounted root) the check ids its\n"
        "report holds, each with a status. Exit 0 when valid, 2 with the file and field\n"
        "at fault otherwise.\n";

/* ---- policy check ---- */

/* The readiness section: which live API each check asks (role host/admin). */
static void plan_readiness(const struct policy_readiness *rd, const char *prometheus)
{
	printf("  readiness (role host/admin)  Prometheus %s: alerts.delivery", prometheus);
	if (rd->sync_metric)
		printf(", sync.fresh (%s at most %ld s old)", rd->sync_metric, rd->sync_max_age_s);
	printf("\n");
	for (size_t i = 0; i < rd->nalerts; i++)
		printf("    %s: a loaded rule on %s%s that can fire\n", check_get(rd->alerts[i].check)->id,
		       rd->alerts[i].metrics[0], rd->alerts[i].nmetrics > 1 ? ", ..." : "");
	if (rd->discovery)
		printf("    prometheus.deleted-targets: scraped vmids active in '%s'\n", rd->discovery);
	if (rd->grafana_url)
		printf("    Grafana %s (token file %s): %zu dashboards visible, datasource healthy, queries "
		       "canonical\n",
		       rd->grafana_url, rd->grafana_token ? rd->grafana_token : "none", rd->ndashboards);
	if (rd->loki_url)
		printf("    Loki %s%s%s: %zu log sources seen within %ld s\n", rd->loki_url,
		       rd->loki_tenant ? ", tenant " : "", rd->loki_tenant ? rd->loki_tenant : "", rd->nsources,
		       rd->log_window_s);
}

int cli_policy(int argc, char **argv)
{
	const char *file = NULL, *fpfile = NULL;
	struct policy *p = NULL;
	struct fp_db *fp = NULL;
	char err[ZA_MAX_ERR];
	int missing = 0;

	if (argc < 2 || is_help(argv[1]))
		return argc < 2 ? usage_error(usage_policy, "policy: a subcommand is required")
		                : (fputs(usage_policy, stdout), 0);
	if (strcmp(argv[1], "check") != 0)
		return usage_error(usage_policy, "policy: unknown subcommand '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_policy, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--fingerprints", &missing)))
			fpfile = v;
		else if (missing)
			return usage_error(usage_policy, "policy check: option '%s' needs a value", argv[i]);
		else if (argv[i][0] == '-')
			return usage_error(usage_policy, "policy check: unknown option '%s'", argv[i]);
		else if (file)
			return usage_error(usage_policy, "policy check: one FILE only ('%s')", argv[i]);
		else
			file = argv[i];
	}
	if (!file)
		return usage_error(usage_policy, "policy check: FILE is required");
	if (policy_load(file, &p, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	if (!fpfile)
		fpfile = p->fingerprints ? p->fingerprints : scan_default_fingerprints();
	if (fp_load(fpfile, &fp, err, sizeof(err)) != ZA_OK || fp_selftest(fp, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		fp_free(fp);
		policy_free(p);
		return ZA_EXIT_USAGE;
	}
	printf("%s: valid policy '%s' version %s (sha256 %s)\n", file, p->name, p->version, p->sha256);
	printf("gate severity: %s; timeouts: connect %ld ms (adapted down to %ld ms where round trips justify it), "
	       "transfer %ld ms\n",
	       severity_name(p->gate), p->connect_ms, p->connect_floor_ms, p->transfer_ms);
	printf("fingerprints: %s (%zu services, examples pass)\n", fpfile, fp->nsvc);
	for (size_t i = 0; i < p->nvantages; i++)
		printf("vantage: %s (role %s)\n", p->vantages[i].name, role_name(p->vantages[i].role));
	for (size_t i = 0; i < p->nprofiles; i++)
		printf("profile: %s%s (%zu disabled, %zu re-graded)\n", p->profiles[i].name,
		       policy_profile(p, NULL) == &p->profiles[i] ? " [default]" : "", p->profiles[i].ndisable,
		       p->profiles[i].nseverity);
	printf("\nwould check (%zu exposure endpoints):\n", policy_endpoint_count(p));
	if (p->control_port)
		printf("  control target %s:%ld must accept a connection first\n", p->control_address, p->control_port);
	for (size_t i = 0; i < p->nhosts; i++) {
		const struct policy_host *h = &p->hosts[i];
		for (size_t j = 0; j < h->nsvc; j++) {
			const struct check_def *c = checks_for_service(h->svc[j].service);
			char ports[256] = "";
			size_t l = 0;
			for (size_t k = 0; k < h->svc[j].nports && l < sizeof(ports) - 8; k++)
				l += (size_t)snprintf(ports + l, sizeof(ports) - l, "%s%ld", k ? "," : "",
				                      h->svc[j].ports[k]);
			printf("  %-24s %s port %s  (host %s, kind %s; untrusted: %s, admin: %s, host: %s)\n", c->id,
			       h->address ? h->address : h->cidr, ports, h->name, h->kind,
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_UNTRUSTED)),
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_ADMIN)),
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_HOST)));
		}
	}
	for (size_t i = 0; i < p->ndiscovery; i++) {
		const struct policy_discovery *d = &p->discovery[i];
		printf("  discovery endpoint %s: %s (token file: %s%s)\n", d->name, d->url,
		       d->token_file ? d->token_file : "none",
		       d->allow_plaintext_token ? "; may be sent over plain HTTP: labs only" : "");
		for (size_t c = 0; c < checks_count(); c++)
			if (strcmp(checks_at(c)->family, "discovery") == 0 ||
			    strcmp(checks_at(c)->family, "labels") == 0)
				printf("    %s\n", checks_at(c)->id);
		for (size_t k = 0; k < d->ndebug_params; k++)
			printf("    debug mode ?%s must demand the token\n", d->debug_params[k]);
		if (d->historical_param)
			printf("    historical mode ?%s compared with the default answer\n", d->historical_param);
	}
	if (p->grafana_url)
		printf("  grafana.auth-gate, tls.*  %s\n", p->grafana_url);
	for (size_t i = 0; i < p->filesd.npaths; i++)
		printf("  file_sd (role host)  %s (at most %ld s old%s%s)\n", p->filesd.paths[i], p->filesd.max_age_s,
		       p->filesd.discovery ? ", matching " : "", p->filesd.discovery ? p->filesd.discovery : "");
	if (p->prometheus_url)
		printf("  live targets (role host/admin)  %s\n", p->prometheus_url);
	if (p->readiness.present)
		plan_readiness(&p->readiness, p->prometheus_url);
	printf("  label contract: %s\n", p->labels.present ? "yes" : "none (only labels.secrets runs)");
	for (size_t i = 0; i < p->nexceptions; i++)
		printf("exception: %s (%zu host kinds exempt from %zu checks/families): %s\n", p->exceptions[i].name,
		       p->exceptions[i].nkinds, p->exceptions[i].nexempt, p->exceptions[i].reason);
	/* the check ids a scan's report holds, by role: every one gets a status */
	printf("\nplan (the check ids a report holds):\n");
	for (int role = 0; role <= ZA_ROLE_COUNT; role++) {
		unsigned char want[PLAN_MAX];
		int offline = role == ZA_ROLE_COUNT;
		enum za_role rl = offline ? ZA_ROLE_HOST : (enum za_role)role;
		size_t n = plan_checks(p, rl, offline, want);
		printf("  role %s%s (%zu):", role_name(rl), offline ? " --root" : "", n);
		for (size_t c = 0; c < checks_count() && c < PLAN_MAX; c++)
			if (want[c])
				printf(" %s", checks_at(c)->id);
		printf("\n");
	}
	fp_free(fp);
	policy_free(p);
	return 0;
}
