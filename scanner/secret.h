/*
 * secret.h - the one type that holds a secret value (a bearer token, a
 * password read from a file).
 *
 * struct za_secret is opaque and has no accessor that returns its bytes as a
 * string: a secret cannot be passed to printf by mistake. What callers can do
 * with it: compare it in constant time, get its fingerprint (sha256: + 12 hex,
 * safe to print), search for it in a buffer (for redaction), and build an
 * Authorization header for one request (returned in memory that the caller
 * wipes with secret_wipe_free()). Memory holding a value is cleansed when
 * freed.
 */
#ifndef ZA_SECRET_H
#define ZA_SECRET_H

#include <stddef.h>
#include <sys/types.h>

#include "za.h"

struct za_secret;

#define SECRET_FINGERPRINT_LEN 20 /* "sha256:" + 12 hex, plus NUL */

/* Read a secret from a file: opened with O_NOFOLLOW, judged by descriptor,
 * at most ZA_MAX_TOKEN_BYTES, trailing white space removed, must not be
 * empty or contain NUL or line breaks inside. The file's mode and owner are
 * kept for permission checks. */
enum za_err secret_load_file(const char *path, struct za_secret **out, char *err, size_t errlen);
/* The same from an open descriptor (closed here); path names it. */
enum za_err secret_load_fd(int fd, const char *path, struct za_secret **out, char *err, size_t errlen);

/* Every secret in a file that holds several, one per line (the last
 * whitespace-separated field of each line that is not empty or a # comment,
 * so Proxmox's token.cfg "user@realm!id uuid" lines work, and so does a file
 * with just a token). At most 4096 lines of ZA_MAX_TOKEN_BYTES. */
enum za_err secret_load_lines(const char *path, struct za_secret ***out, size_t *n, char *err, size_t errlen);
/* The same from a descriptor (closed here; -1: errno says why it did not open). */
enum za_err secret_load_lines_fd(int fd, const char *path, struct za_secret ***out, size_t *n, char *err,
                                 size_t errlen);
void secret_free_all(struct za_secret **v, size_t n);

/* A secret from bytes (tests, generated tokens). NULL on allocation failure. */
struct za_secret *secret_from_bytes(const void *data, size_t len);

/* A random token of len lowercase hex characters that is different from
 * avoid (when given), for "wrong token" probes. NULL on failure. */
struct za_secret *secret_random_hex(size_t len, const struct za_secret *avoid);

size_t secret_len(const struct za_secret *s);
const char *secret_source(const struct za_secret *s); /* file path or "" */
mode_t secret_file_mode(const struct za_secret *s);
uid_t secret_file_uid(const struct za_secret *s);
gid_t secret_file_gid(const struct za_secret *s);
/* 1 when the secret was read from the file (dev, ino): its home. */
int secret_home_is(const struct za_secret *s, dev_t dev, ino_t ino);

/* How tight a secret file's mode is: no read or write for others (not even
 * write: 0602 lets anyone replace the token); group read or write only for
 * gid 0 (root) or a group the policy allows (group_allowed). msg says why,
 * the mode included. */
enum secret_mode_verdict { SECRET_MODE_TIGHT, SECRET_MODE_OPEN, SECRET_MODE_GROUP };
enum secret_mode_verdict secret_mode_judge(mode_t mode, gid_t gid, int group_allowed, char *msg, size_t msglen);

/* 1 when data equals the secret; constant time in the secret's length. */
int secret_equal(const struct za_secret *s, const void *data, size_t len);

/* "sha256:" + first 12 hex of SHA-256(value). */
void secret_fingerprint(const struct za_secret *s, char out[SECRET_FINGERPRINT_LEN]);
/* The same fingerprint for a value found elsewhere (leak findings). */
void secret_fingerprint_bytes(const void *data, size_t len, char out[SECRET_FINGERPRINT_LEN]);

/* Offset of the first occurrence of the secret in hay, or -1. */
long secret_find(const struct za_secret *s, const char *hay, size_t n);

/* "Authorization: <scheme> <value>" for one request; NULL on failure. The
 * caller passes it to secret_wipe_free() as soon as the request is sent. */
char *secret_auth_header(const struct za_secret *s, const char *scheme);
void secret_wipe_free(char *p);

enum secret_encoding { SECRET_RAW, SECRET_PERCENT, SECRET_JSON, SECRET_BASE64, SECRET_ENCODING_COUNT };

/* The secret in one encoding (raw; percent-encoded; JSON-string-escaped;
 * base64, which for a "user:pass" value is what a Basic header carries), for
 * the secret scanner to search for. NULL when the encoding is the same as the
 * raw value or memory ran out. Wipe with secret_wipe_buf(). */
char *secret_encode(const struct za_secret *s, enum secret_encoding e, size_t *len);
void secret_wipe_buf(char *p, size_t len);

/* url + "?NAME=<value, percent-encoded>" (or "&" when url has a query), for
 * the one probe that must test whether an endpoint accepts its token in the
 * query string. Same rules as secret_auth_header(): wipe after use. */
char *secret_url_param(const struct za_secret *s, const char *url, const char *name);

void secret_free(struct za_secret *s);

#endif
