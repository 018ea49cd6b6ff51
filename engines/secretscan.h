/*
 * secretscan.h - the leaked-token scanner: rules as data
 * (policies/secrets.json), streaming with bounded memory.
 *
 *   struct ss_engine *e;
 *   ss_load("policies/secrets.json", &e, err, sizeof(err));
 *   ss_add_known(e, secret, "discovery");          // searched raw, percent-
 *                                                   // encoded, JSON-escaped, base64
 *   ss_compile(e, err, sizeof(err));
 *   ss_scan_path(e, "/var/log/zlh/api.log", &opts, on_finding, arg, &stats);
 *   ss_free(e);
 *
 * Two stages: a multi-literal prefilter (Vectorscan/Hyperscan, every rule
 * must carry a literal) over fixed-size read buffers that overlap by more
 * than the longest token, then each rule's PCRE2-JIT regex on a small window
 * around the literal, then the rule's validator (checksums, base64 JSON,
 * JWT header, UUID, placeholders). A token cut by a read boundary is found;
 * a 10 MB line costs no more memory than a short one; NUL bytes and invalid
 * UTF-8 are only bytes. Gzip files are decompressed as a stream (zlib).
 * Binary files (a NUL in the first 8 KiB) are skipped unless asked.
 *
 * A finding carries the rule, the location (path, line, column in bytes,
 * both 1-based), a fingerprint of the value (sha256: + 12 hex), a preview of
 * at most 4 characters, whether it is one of the known secrets, and a note
 * that is never secret (the user of a Basic credential, a Proxmox token id,
 * "bad checksum", "alg none"). The value itself never leaves the engine.
 */
#ifndef ZA_SECRETSCAN_H
#define ZA_SECRETSCAN_H

#include <stddef.h>
#include <sys/types.h>

#include "placeholder.h"
#include "secret.h"
#include "severity.h"
#include "za.h"
struct ss_engine;

struct ss_finding {
	const char *rule;
	enum za_severity severity;
	const char *path;
	long line, column;
	char fingerprint[24];
	char preview[16];
	int known_secret;
	int malformed;
	char note[160];
};

struct ss_stats {
	unsigned long long bytes;
	size_t files, skipped_binary, skipped_links, unreadable, findings, dropped;
};

struct ss_opts {
	int scan_binary;  /* scan files that look binary */
	int threads;      /* 0 = one per core; a large regular file is split among them too */
	size_t chunk_min; /* a file is split in chunks of at least this (0: ZA_SS_CHUNK_MIN) */
};

typedef void (*ss_finding_fn)(void *arg, const struct ss_finding *f);

enum za_err ss_load(const char *path, struct ss_engine **out, char *err, size_t errlen);
enum za_err ss_parse(const char *file, const char *text, size_t len, struct ss_engine **out, char *err, size_t errlen);
/* A deployment secret to search for, whatever its shape (before ss_compile).
 * Values shorter than 8 bytes are not searched (too many false hits). */
enum za_err ss_add_known(struct ss_engine *e, const struct za_secret *s, const char *name);
enum za_err ss_compile(struct ss_engine *e, char *err, size_t errlen);
/* A secret's home: the file a known secret was read from (known
 * automatically) or another file that holds one by design (a systemd
 * credential's source). There the known secrets are not leaks: the file is
 * judged by its mode (host.token-file). A copy anywhere else is a finding. */
enum za_err ss_add_home(struct ss_engine *e, dev_t dev, ino_t ino);
int ss_is_home(const struct ss_engine *e, int fd);
void ss_free(struct ss_engine *e);

size_t ss_rule_count(const struct ss_engine *e);
size_t ss_known_count(const struct ss_engine *e); /* known secrets added */
/* The placeholder model values are judged by (placeholder.h): the rules
 * file's own "placeholders" section, else the built-in one. */
const struct ph_model *ss_placeholders(const struct ss_engine *e);
const char *ss_rule_id(const struct ss_engine *e, size_t i);

/* Scan one stream: fd is read to the end (gz: decompressed). path names it in
 * findings. Thread-safe for distinct fds. */
enum za_err ss_scan_fd(const struct ss_engine *e, int fd, const char *path, int gz, const struct ss_opts *o,
                       ss_finding_fn fn, void *arg, struct ss_stats *st, char *err, size_t errlen);
/* 1 when the stream is gzip (a .gz name or the gzip magic). */
int ss_is_gz(const char *path, int fd);
/* Files, directories (walked without following symbolic links) and "-"
 * (stdin), on worker threads. fn is called under a lock. */
enum za_err ss_scan_paths(const struct ss_engine *e, char *const *paths, size_t n, const struct ss_opts *o,
                          ss_finding_fn fn, void *arg, struct ss_stats *st, char *err, size_t errlen);
/* Scan a buffer (an HTTP answer's body, tests); st (may be NULL) gets the
 * counts, findings past ZA_MAX_FINDINGS_PER_FILE included (dropped). */
enum za_err ss_scan_buffer(const struct ss_engine *e, const char *data, size_t len, const char *path, ss_finding_fn fn,
                           void *arg, struct ss_stats *st, char *err, size_t errlen);

/* Run every rule's examples; the first mismatch is an error. */
enum za_err ss_selftest(const struct ss_engine *e, char *err, size_t errlen);

#endif
