/*
 * promconf.h - Prometheus's own configuration files, read from the audited
 * system (untrusted input), through libyaml's document API:
 *
 *   promconf_walk  prometheus.yml: reports literal secrets where Prometheus
 *                  accepts a file instead (bearer_token, authorization.credentials,
 *                  basic_auth.password, oauth2.client_secret), every file a
 *                  secret is read from (*_file keys), and every http_sd_configs URL
 *   webconf_parse  the --web.config.file: basic auth users (bcrypt or not) and
 *                  whether TLS is configured
 *
 * Callbacks get a YAML path ("scrape_configs[2].basic_auth.password") and a
 * line, never a secret's value. Aliases are walked once per reference with
 * a cap on nodes visited and on depth, so a crafted file cannot make the
 * walk explode.
 */
#ifndef ZA_PROMCONF_H
#define ZA_PROMCONF_H

#include <stddef.h>

#include "za.h"

struct promconf_visit {
	void (*literal)(void *arg, const char *ypath, long line);
	void (*file)(void *arg, const char *ypath, const char *path, long line);
	void (*sd_url)(void *arg, const char *ypath, const char *url, long line);
	void *arg;
};

enum za_err promconf_walk(const char *text, size_t len, const struct promconf_visit *v, char *err, size_t errlen);

struct webconf {
	size_t users;      /* basic_auth_users entries */
	size_t non_bcrypt; /* of them, values that are not bcrypt hashes */
	int tls;           /* tls_server_config with cert and key */
};

enum za_err webconf_parse(const char *text, size_t len, struct webconf *out, char *err, size_t errlen);

#endif
