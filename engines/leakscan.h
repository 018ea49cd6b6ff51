/*
 * leakscan.h - finding credentials in configuration-like text (untrusted
 * input: Prometheus's rendered configuration, target labels and URLs).
 *
 * leakscan_text() reads the text line by line and reports, with line and
 * column of the value:
 *   url-userinfo         scheme://user:PASSWORD@host (not "xxxxx", "<secret>" or "*")
 *   url-query-token      ?token= / access_token= / auth_token= / api_key= / apikey= /
 *                        password= / passwd= / secret= in a URL
 *   config-inline-secret "password:", "credentials:", "bearer_token:", "client_secret:"
 *                        set to a literal (not "<secret>", not a *_file path key)
 *   secret-label         a key named like a credential (token, secret, password,
 *                        passwd, api_key, apikey) with a non-empty value
 *   token-shaped         a value shaped like a known token: Grafana glsa_ / glc_ /
 *                        legacy eyJrIjoi keys, JWTs, Proxmox PVEAPIToken=user@realm!id=uuid
 * Placeholders never match: the model of placeholder.h (policies/secrets.json).
 * The callback gets the value's bytes (for a fingerprint) - never store
 * or print them.
 */
#ifndef ZA_LEAKSCAN_H
#define ZA_LEAKSCAN_H

#include <stddef.h>

typedef void (*leakscan_fn)(void *arg, const char *rule, long line, long column, const char *value, size_t len);

/* Returns the number of findings. A line over ZA_MAX_LINE is scanned whole,
 * in overlapping windows (each finding reported once). */
size_t leakscan_text(const char *text, size_t len, leakscan_fn fn, void *arg);

/* 1 when the value is a placeholder, not a secret. */
int leakscan_placeholder(const char *v, size_t n);

#endif
