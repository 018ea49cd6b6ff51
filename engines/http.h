/*
 * http.h - one HTTP transfer with libcurl, with the scanner's safety rules
 * built in, and a classification of what the network said.
 *
 * Every transfer: a connect deadline and a whole-transfer deadline; the body
 * and the headers capped (ZA_MAX_HTTP_BODY / ZA_MAX_HTTP_HEADERS, truncation
 * recorded); no redirects followed; no cookie engine; no proxy from the
 * environment; no connection reuse; no content decoding; http and https only.
 * Names are resolved by the caller (http_resolve) and pinned with
 * CURLOPT_RESOLVE, so the address probed is the address reported.
 *
 * Outcomes tell "reachable" apart from "unreachable" and from "could not
 * tell": see http_outcome_reachable().
 */
#ifndef ZA_HTTP_H
#define ZA_HTTP_H

#include <stddef.h>

#include "za.h"

enum http_outcome {
	HTTP_ANSWERED,    /* an HTTP response (any status) */
	HTTP_NOT_HTTP,    /* connected; the reply was not HTTP (TLS alert, banner) */
	HTTP_CLOSED,      /* connected; the peer closed or reset without a reply */
	HTTP_SILENT,      /* connected; no reply before the deadline */
	HTTP_REFUSED,     /* TCP RST to the SYN */
	HTTP_FILTERED,    /* no answer to the SYN before the connect deadline */
	HTTP_UNREACHABLE, /* ICMP host unreachable from the path */
	HTTP_NO_ROUTE,    /* the vantage itself has no route, or blocks it: proves nothing */
	HTTP_DNS,         /* the name did not resolve */
	HTTP_LOCAL_ERROR, /* our side failed (out of fds, bad URL, ...) */
	HTTP_DEADLINE,    /* the run's deadline (policy run_ms) passed before it could finish */
};

struct http_req {
	const char *url;            /* http(s)://host[:port]/path, host as written in the policy */
	const char *pin_ip;         /* resolved address for the URL's host, or NULL for IP URLs */
	const char *method;         /* NULL = GET */
	const char *const *headers; /* NULL-terminated extra headers, or NULL */
	long connect_ms;
	long timeout_ms;
	int verify_tls;      /* verify certificate and host name (on when sending credentials) */
	const char *ca_file; /* trust store for verify_tls, or NULL for the system's */
	const char *body;    /* request body (copied), with method "POST"; or NULL */
	size_t max_body;     /* the answer's cap: 0 is ZA_MAX_HTTP_BODY; an API read that may be large says
	                        ZA_MAX_API_BODY */
	int connect_first;   /* engine.h only: connect with the engine's connector, which measures the
	                        round trip and gives the timeout its network justifies (connector.h);
	                        connect_ms is then the least it waits (0: the adapted timeout alone) */
	int use_fd, fd;      /* http_xfer_new only: run on fd, already connected to the URL's address
	                        (taken in every case: closed on failure) */
};

struct http_resp {
	enum http_outcome outcome;
	long status; /* HTTP status, 0 if none */
	char *body;  /* NUL-terminated, may contain NULs: use body_len */
	size_t body_len;
	int body_truncated;
	int incomplete;     /* answered, but the transfer did not end cleanly (timeout, reset, a header
	                       line curl refused): what is there is not the whole answer */
	char *content_type; /* or NULL */
	char *location;     /* Location header of a 3xx, or NULL */
	char *www_authenticate;
	char primary_ip[64];
	long connect_ms;       /* time to TCP connect, -1 if never connected */
	long connect_limit_ms; /* the connect timeout the attempt had (adapted: connect_first) */
	long total_ms;
	int os_errno;
	char detail[256]; /* libcurl's words for a failure */
};

/* Once per process. */
enum za_err http_global_init(char *err, size_t errlen);
void http_global_cleanup(void);

/* Resolve host to one numeric address (first answer), into out. An IP literal
 * is returned as is. On failure returns ZA_ERR_INPUT and err says why. */
enum za_err http_resolve(const char *host, char *out, size_t outlen, char *err, size_t errlen);
/* Every address of host (IPv4 and IPv6, in the resolver's order, without
 * repeats, at most ZA_MAX_DNS_ADDRS); *dropped (may be NULL) counts the
 * answers past the cap, which the caller must record. */
enum za_err http_resolve_all(const char *host, char out[][64], size_t *n, size_t *dropped, char *err, size_t errlen);

/* Run one transfer. Fills resp in every case (resp->outcome says what
 * happened); returns ZA_ERR_NOMEM only when memory ran out. */
enum za_err http_run(const struct http_req *req, struct http_resp *resp);

/* One transfer as an object, for engines that drive many at once (engine.h):
 * http_xfer_new() sets up a libcurl easy handle with every rule above (the
 * request's strings are copied); http_xfer_easy() is that handle (CURL *);
 * http_xfer_finish() classifies libcurl's result code into resp and frees
 * the transfer. http_xfer_free() frees one that never ran. */
struct http_xfer;
enum za_err http_xfer_new(const struct http_req *req, struct http_xfer **out, char *err, size_t errlen);
void *http_xfer_easy(struct http_xfer *x);
enum za_err http_xfer_finish(struct http_xfer *x, int curl_rc, struct http_resp *resp);
void http_xfer_free(struct http_xfer *x);
/* A response that says a transfer never happened (outcome, detail). */
void http_fail_resp(struct http_resp *resp, enum http_outcome o, const char *detail);
void http_resp_free(struct http_resp *resp);

/* 1 when the outcome proves a TCP connection was accepted. */
int http_outcome_reachable(enum http_outcome o);
/* 1 when the outcome proves nothing answered (refused, filtered, unreachable). */
int http_outcome_unreachable(enum http_outcome o);
const char *http_outcome_name(enum http_outcome o);

/* The one URL parser: scheme://[user@]host[:port][/...]. */
struct http_url {
	int https;
	char host[256]; /* no brackets, no userinfo */
	long port;      /* the URL's, else 443 or 80 */
};
/* 0, or -1 when the URL has no host. */
int http_url_parse(const char *url, struct http_url *u);
/* 1 when the URL's scheme is https (in any case). */
int http_url_is_https(const char *url);
/* The host of a URL alone, into out; -1 when there is none. */
int http_url_host(const char *url, char *out, size_t outlen);
/* The one loopback rule, for a URL host or a listen/socket address
 * ("localhost", "127.0.0.1:9090", "[::1]:9090", "::ffff:127.0.0.1"): 1 when
 * it names this machine's loopback (localhost, 127.0.0.0/8, ::1, IPv4-mapped
 * 127/8). A name that only starts with "127." is not. */
int http_addr_is_loopback(const char *addr);
/* 1 when a listen/socket address means every interface (":9100",
 * "0.0.0.0:9090", "[::]:9090", "::"). */
int http_addr_is_wildcard(const char *addr);

/* The run's deadline (CLOCK_MONOTONIC ms; 0 = none), set once by the scan:
 * every http_run/http_fetch after it is clamped to what is left, and one
 * that cannot start or was cut by it is HTTP_DEADLINE (never a timeout a
 * probe could read as "filtered"). http_deadline_left() is that budget for
 * other clients (TLS probes): want when no deadline, 0 when passed. */
void http_set_deadline(long deadline_ms);
long http_deadline_left(long want);

/* One GET of url: resolve its host, pin the address, run it. auth (an
 * "Authorization: ..." header, may be NULL) is sent only with verify_tls or
 * to loopback (the caller's rule to keep); resp is always filled. */
enum za_err http_fetch(const char *url, const char *auth, int verify_tls, const char *ca_file, long connect_ms,
                       long timeout_ms, struct http_resp *resp);

/* http_fetch() with every field of req (headers, max_body, ...): req->url's
 * host is resolved here and pinned (req->pin_ip is ignored). */
enum za_err http_get(const struct http_req *req, struct http_resp *resp);

/* s percent-encoded for a URL's query (all but A-Z a-z 0-9 - . _ ~); malloc'd,
 * NULL when out of memory. */
char *http_query_escape(const char *s);

/* "http://host:port" with IPv6 literals bracketed, into out. */
void http_origin(char *out, size_t outlen, int https, const char *host, long port);

#endif
