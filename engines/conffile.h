/*
 * conffile.h - the small configuration formats the host audit reads
 * (untrusted input: whatever is on the audited system):
 *
 *   conf_ini   grafana.ini through inih: [section], key = value, ; and #
 *              comments, quotes stripped; line numbers are not reported (0)
 *   conf_env   files in /etc/default and EnvironmentFile=: KEY=VALUE, optional
 *              "export", single or double quotes, # comments
 *   conf_unit  systemd units: [Section], Key=Value, backslash continuations,
 *              # and ; comments; a key may repeat (Environment=, ExecStart=)
 *
 * Each calls back once per entry with the section ("" for env files), key,
 * value (unquoted, trimmed) and line number. Lines over 64 KiB are cut.
 */
#ifndef ZA_CONFFILE_H
#define ZA_CONFFILE_H

#include <stddef.h>

typedef void (*conf_fn)(void *arg, const char *section, const char *key, const char *value, long line);

void conf_ini(const char *text, size_t len, conf_fn fn, void *arg);
/* /etc/default-style KEY=VALUE files and systemd units: the number of lines
 * over ZA_MAX_LINE (handed over cut, so the caller must not pass on them). */
size_t conf_env(const char *text, size_t len, conf_fn fn, void *arg);
size_t conf_unit(const char *text, size_t len, conf_fn fn, void *arg);

/* Environment= values hold several KEY=VALUE words (quotes group them):
 * one callback per assignment, section "Environment". */
void conf_env_words(const char *value, long line, conf_fn fn, void *arg);

#endif
