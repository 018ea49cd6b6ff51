/* http.c - see http.h. */
#define _GNU_SOURCE
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"

enum za_err http_global_init(char *err, size_t errlen)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		za_seterr(err, errlen, "libcurl could not be initialised");
		return ZA_ERR_INTERNAL;
	}
	return ZA_OK;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

enum za_err http_resolve_all(const char *host, char out[][64], size_t *n, size_t *dropped, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	*n = 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_UNSPEC;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || !res) {
		za_seterr(err, errlen, "cannot resolve '%s': %s", host,
		          rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		if (res)
			freeaddrinfo(res);
		return ZA_ERR_INPUT;
	}
	if (dropped)
		*dropped = 0;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		char ip[64];
		int dup = 0;
		if (getnameinfo(a->ai_addr, a->ai_addrlen, ip, sizeof(ip), NULL, 0, NI_NUMERICHOST) != 0)
			continue;
		for (size_t i = 0; i < *n; i++)
			dup |= strcmp(out[i], ip) == 0;
		if (dup)
			continue;
		if (*n < ZA_MAX_DNS_ADDRS)
			snprintf(out[(*n)++], 64, "%s", ip);
		else if (dropped)
			(*dropped)++; /* counted, for the caller to record: never silently ignored */
	}
	freeaddrinfo(res);
	if (!*n) {
		za_seterr(err, errlen, "cannot resolve '%s': no usable address", host);
		return ZA_ERR_INPUT;
	}
	return ZA_OK;
}

enum za_err http_resolve(const char *host, char *out, size_t outlen, char *err, size_t errlen)
{
	char all[ZA_MAX_DNS_ADDRS][64];
	size_t n = 0;
	enum za_err r = http_resolve_all(host, all, &n, NULL, err, errlen);

	if (r == ZA_OK)
		snprintf(out, outlen, "%s", all[0]);
	return r;
}

int http_url_parse(const char *url, struct http_url *u)
{
	const char *p = url ? strstr(url, "://") : NULL, *h, *end;
	size_t n;

	memset(u, 0, sizeof(*u));
	if (!p)
		return -1;
	u->https = http_url_is_https(url);
	u->port = u->https ? 443 : 80;
	h = p + 3;
	end = h + strcspn(h, "/?#");
	{
		const char *at = memchr(h, '@', (size_t)(end - h));
		if (at)
			h = at + 1;
	}
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(end - h));
		if (!rb)
			return -1;
		n = (size_t)(rb - h - 1);
		if (n == 0 || n >= sizeof(u->host))
			return -1;
		memcpy(u->host, h + 1, n);
		if (rb[1] == ':')
			u->port = strtol(rb + 2, NULL, 10);
	} else {
		const char *colon = memchr(h, ':', (size_t)(end - h));
		n = (size_t)((colon ? colon : end) - h);
		if (n == 0 || n >= sizeof(u->host))
			return -1;
		memcpy(u->host, h, n);
		if (colon)
			u->port = strtol(colon + 1, NULL, 10);
	}
	u->host[n] = '\0';
	return 0;
}

int http_url_is_https(const char *url)
{
	return url && strncasecmp(url, "https://", 8) == 0;
}

int http_url_host(const char *url, char *out, size_t outlen)
{
	struct http_url u;

	if (http_url_parse(url, &u) != 0 || strlen(u.host) >= outlen)
		return -1;
	memcpy(out, u.host, strlen(u.host) + 1);
	return 0;
}

/* The host part of a host, "host:port", "[v6]:port" or bare IPv6 address. */
static int addr_host(const char *addr, char *out, size_t outlen)
{
	const char *p = addr;
	size_t n;

	if (*p == '[') {
		p++;
		n = strcspn(p, "]");
	} else if (strchr(p, ':') && strchr(p, ':') != strrchr(p, ':')) {
		n = strlen(p); /* two colons and no brackets: an IPv6 address alone */
	} else {
		n = strcspn(p, ":");
	}
	if (n >= outlen)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int http_addr_is_loopback(const char *addr)
{
	char h[256];
	struct in_addr a4;
	struct in6_addr a6;

	if (!addr || addr_host(addr, h, sizeof(h)) != 0)
		return 0;
	if (strcasecmp(h, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, h, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, h, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
	return 0;
}

int http_addr_is_wildcard(const char *addr)
{
	char h[256];
	struct in_addr a4;
	struct in6_addr a6;

	if (!addr || addr_host(addr, h, sizeof(h)) != 0)
		return 0;
	if (!*h)
		return 1; /* ":9100": every interface */
	if (inet_pton(AF_INET, h, &a4) == 1)
		return a4.s_addr == htonl(INADDR_ANY);
	if (inet_pton(AF_INET6, h, &a6) == 1)
		return IN6_IS_ADDR_UNSPECIFIED(&a6);
	return 0;
}

enum za_err http_get(const struct http_req *req, struct http_resp *resp)
{
	char host[256], ip[64], err[ZA_MAX_ERR];
	struct http_req r = *req;

	if (http_url_host(req->url, host, sizeof(host)) != 0) {
		http_fail_resp(resp, HTTP_LOCAL_ERROR, "no host in the URL");
		return ZA_OK;
	}
	if (http_resolve(host, ip, sizeof(ip), err, sizeof(err)) != ZA_OK) {
		http_fail_resp(resp, HTTP_DNS, err);
		return ZA_OK;
	}
	r.pin_ip = strcmp(ip, host) == 0 ? NULL : ip;
	return http_run(&r, resp);
}

enum za_err http_fetch(const char *url, const char *auth, int verify_tls, const char *ca_file, long connect_ms,
                       long timeout_ms, struct http_resp *resp)
{
	const char *hdrs[2] = {auth, NULL};
	struct http_req req = {0};

	req.url = url;
	req.headers = auth ? hdrs : NULL;
	req.connect_ms = connect_ms;
	req.timeout_ms = timeout_ms;
	req.verify_tls = verify_tls;
	req.ca_file = ca_file;
	return http_get(&req, resp);
}

char *http_query_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(3 * strlen(s) + 1), *o = out;

	for (; out && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	if (out)
		*o = '\0';
	return out;
}

void http_origin(char *out, size_t outlen, int https, const char *host, long port)
{
	int v6 = strchr(host, ':') != NULL;

	snprintf(out, outlen, "%s://%s%s%s:%ld", https ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

struct http_xfer {
	CURL *easy;
	struct buf body;
	struct buf hdr;
	struct curl_slist *hdrs, *pin;
	char errbuf[CURL_ERROR_SIZE];
	int fd;      /* a connected socket to hand to libcurl (req->use_fd), -1 once handed or none */
	int adopted; /* the transfer runs on a socket connected before it (use_fd) */
	long connect_limit_ms;
};

/* libcurl asks for its socket: the one connected before, once. */
static curl_socket_t open_adopted(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct http_xfer *x = arg;
	int fd = x->fd;

	(void)purpose;
	(void)addr;
	x->fd = -1;
	return fd >= 0 ? (curl_socket_t)fd : CURL_SOCKET_BAD;
}

static int adopted_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)fd;
	(void)purpose;
	return CURL_SOCKOPT_ALREADY_CONNECTED;
}

static size_t on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t len = sz * n;

	buf_append(&x->body, p, len);
	/* returning less than len aborts the transfer: our cap (CURLE_WRITE_ERROR) */
	return x->body.truncated || x->body.oom ? 0 : len;
}

static size_t on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t len = sz * n;

	buf_append(&x->hdr, p, len);
	return x->hdr.truncated || x->hdr.oom ? 0 : len;
}

/* The value of header name in the last response's header block, or NULL. */
static char *header_value(const char *block, const char *name)
{
	const char *last = block, *p;
	size_t nl = strlen(name);

	/* skip to the last response (1xx and earlier responses come first) */
	for (p = block; (p = strstr(p, "\r\nHTTP/")); p += 2)
		last = p + 2;
	for (p = last; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1, *e;
			while (*v == ' ' || *v == '\t')
				v++;
			e = v;
			while (*e && *e != '\r' && *e != '\n')
				e++;
			return strndup(v, (size_t)(e - v));
		}
	}
	return NULL;
}

static void xfer_release(struct http_xfer *x)
{
	if (x->fd >= 0)
		close(x->fd); /* adopted, never handed to libcurl */
	buf_free(&x->body);
	buf_free(&x->hdr);
	/* libcurl copied the headers (one may carry a token): wipe the copies */
	for (struct curl_slist *h = x->hdrs; h; h = h->next)
		OPENSSL_cleanse(h->data, strlen(h->data));
	curl_slist_free_all(x->hdrs);
	curl_slist_free_all(x->pin);
	if (x->easy)
		curl_easy_cleanup(x->easy);
	free(x);
}

void http_xfer_free(struct http_xfer *x)
{
	if (x)
		xfer_release(x);
}

void *http_xfer_easy(struct http_xfer *x)
{
	return x->easy;
}

enum za_err http_xfer_new(const struct http_req *req, struct http_xfer **out, char *err, size_t errlen)
{
	struct http_xfer *x = calloc(1, sizeof(*x));
	CURLU *u = NULL;
	char *host = NULL, *port = NULL;
	enum za_err r = ZA_ERR_NOMEM;
	CURL *c;

	*out = NULL;
	if (!x) {
		if (req->use_fd)
			close(req->fd); /* taken in every case */
		return ZA_ERR_NOMEM;
	}
	x->fd = req->use_fd ? req->fd : -1;
	x->adopted = req->use_fd;
	x->connect_limit_ms = req->connect_ms;
	buf_init(&x->body, req->max_body ? req->max_body : ZA_MAX_HTTP_BODY);
	buf_init(&x->hdr, ZA_MAX_HTTP_HEADERS);
	c = x->easy = curl_easy_init();
	u = curl_url();
	if (!c || !u)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, req->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		za_seterr(err, errlen, "not a valid URL");
		r = ZA_ERR_INPUT;
		goto out;
	}
	if (req->pin_ip) {
		char line[512];
		const char *h = host;
		size_t hl = strlen(h);
		int v6 = strchr(req->pin_ip, ':') != NULL;
		/* CURLOPT_RESOLVE wants the bare name; IPv6 URL hosts come bracketed */
		if (hl > 2 && h[0] == '[')
			snprintf(line, sizeof(line), "%.*s:%s:%s%s%s", (int)(hl - 2), h + 1, port, v6 ? "[" : "",
			         req->pin_ip, v6 ? "]" : "");
		else
			snprintf(line, sizeof(line), "%s:%s:%s%s%s", h, port, v6 ? "[" : "", req->pin_ip,
			         v6 ? "]" : "");
		if (!(x->pin = curl_slist_append(NULL, line)))
			goto out;
	}
	for (size_t i = 0; req->headers && req->headers[i]; i++) {
		struct curl_slist *n = curl_slist_append(x->hdrs, req->headers[i]);
		if (!n)
			goto out;
		x->hdrs = n;
	}
	{
		/* never send credentials written into a URL (user:pass@): a probe sends
		 * exactly the headers it names, and "without credentials" means that */
		char *clean = NULL;
		if (curl_url_set(u, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
		    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
		    curl_url_set(u, CURLUPART_OPTIONS, NULL, 0) != CURLUE_OK ||
		    curl_url_get(u, CURLUPART_URL, &clean, 0) != CURLUE_OK)
			goto out;
		curl_easy_setopt(c, CURLOPT_URL, clean);
		curl_free(clean);
	}
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(c, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, req->connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, ZA_TOOL_NAME "/" ZA_VERSION " (security audit; read-only)");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, req->verify_tls ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, req->verify_tls ? 2L : 0L);
	if (req->verify_tls && req->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	if (x->pin)
		curl_easy_setopt(c, CURLOPT_RESOLVE, x->pin);
	if (x->adopted) {
		curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_adopted);
		curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x);
		curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, adopted_sockopt);
	}
	if (x->hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->hdrs);
	if (req->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(req->body));
		curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, req->body);
	}
	if (req->method && strcmp(req->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (req->method && strcmp(req->method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
	*out = x;
	x = NULL; /* caller owns */
	r = ZA_OK;
out:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	if (x)
		xfer_release(x);
	return r;
}

/* What the network said, from libcurl's result code and timings. */
static enum http_outcome classify(CURL *c, CURLcode rc, long status, curl_off_t ct, int *os_errno)
{
	long oserr = 0;

	switch (rc) {
	case CURLE_OK: return HTTP_ANSWERED;
	case CURLE_WRITE_ERROR: /* our body or header cap */ return status ? HTTP_ANSWERED : HTTP_NOT_HTTP;
	case CURLE_COULDNT_CONNECT:
		/* the errno is only meaningful here (stale on reused handles) */
		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
		*os_errno = (int)oserr;
		if (oserr == ECONNREFUSED)
			return HTTP_REFUSED;
		if (oserr == ETIMEDOUT)
			return HTTP_FILTERED;
		if (oserr == EHOSTUNREACH)
			return HTTP_UNREACHABLE;
		if (oserr == ENETUNREACH || oserr == EINVAL || oserr == EACCES || oserr == EPERM)
			return HTTP_NO_ROUTE; /* the vantage's own routing or filter */
		if (oserr == ECONNRESET)
			return HTTP_CLOSED;
		/* rc 7 with errno 0: out of file descriptors; EMFILE, EADDRNOTAVAIL ... */
		return HTTP_LOCAL_ERROR;
	case CURLE_OPERATION_TIMEDOUT: return ct > 0 ? (status ? HTTP_ANSWERED : HTTP_SILENT) : HTTP_FILTERED;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR: return ct > 0 ? (status ? HTTP_ANSWERED : HTTP_CLOSED) : HTTP_UNREACHABLE;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE: return ct > 0 ? (status ? HTTP_ANSWERED : HTTP_NOT_HTTP) : HTTP_LOCAL_ERROR;
	case CURLE_COULDNT_RESOLVE_HOST: return HTTP_DNS;
	default: return ct > 0 && status ? HTTP_ANSWERED : HTTP_LOCAL_ERROR;
	}
}

enum za_err http_xfer_finish(struct http_xfer *x, int curl_rc, struct http_resp *resp)
{
	CURL *c = x->easy;
	CURLcode rc = (CURLcode)curl_rc;
	curl_off_t ct = 0, tt = 0;
	enum za_err r = ZA_OK;
	char *ip = NULL;

	memset(resp, 0, sizeof(*resp));
	curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &ct);
	if (x->adopted && ct <= 0)
		ct = 1; /* connected before libcurl started */
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &tt);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	if (curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
		snprintf(resp->primary_ip, sizeof(resp->primary_ip), "%s", ip);
	resp->total_ms = (long)(tt / 1000);
	resp->connect_ms = ct > 0 ? (long)(ct / 1000) : -1;
	resp->connect_limit_ms = x->connect_limit_ms;
	snprintf(resp->detail, sizeof(resp->detail), "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	resp->outcome = classify(c, rc, resp->status, ct, &resp->os_errno);
	if (rc == CURLE_WRITE_ERROR)
		resp->body_truncated = 1;
	/* an answer whose transfer failed is not the whole answer (our own body cap
	 * is body_truncated, judged on its own) */
	resp->incomplete = resp->outcome == HTTP_ANSWERED && rc != CURLE_OK && rc != CURLE_WRITE_ERROR;
	if (x->hdr.p) {
		resp->location = header_value(x->hdr.p, "Location");
		resp->www_authenticate = header_value(x->hdr.p, "WWW-Authenticate");
		resp->content_type = header_value(x->hdr.p, "Content-Type");
	}
	if (x->hdr.truncated) {
		/* connected and answered, but more header than we read: not judged as HTTP */
		resp->outcome = HTTP_NOT_HTTP;
		snprintf(resp->detail, sizeof(resp->detail),
		         "the answer's headers are over the cap of %u bytes: aborted, not read", ZA_MAX_HTTP_HEADERS);
	}
	if (x->body.oom || x->hdr.oom)
		r = ZA_ERR_NOMEM;
	resp->body_len = x->body.len;
	if (x->body.truncated)
		resp->body_truncated = 1;
	resp->body = buf_detach(&x->body);
	xfer_release(x);
	return r;
}

void http_fail_resp(struct http_resp *resp, enum http_outcome o, const char *detail)
{
	memset(resp, 0, sizeof(*resp));
	resp->connect_ms = -1;
	resp->outcome = o;
	snprintf(resp->detail, sizeof(resp->detail), "%.255s", detail);
}

static long run_deadline_ms; /* set once before the probes start */

void http_set_deadline(long deadline_ms)
{
	run_deadline_ms = deadline_ms;
}

static long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long http_deadline_left(long want)
{
	long left;

	if (!run_deadline_ms)
		return want;
	left = run_deadline_ms - mono_ms();
	if (left <= 0)
		return 0;
	return want > 0 && want < left ? want : left;
}

enum za_err http_run(const struct http_req *req, struct http_resp *resp)
{
	struct http_xfer *x = NULL;
	char err[ZA_MAX_ERR] = "";
	struct http_req q = *req;
	long left = http_deadline_left(req->timeout_ms);
	int clamped;
	enum za_err r;

	if (left == 0) {
		http_fail_resp(resp, HTTP_DEADLINE, "the run's deadline (run_ms) passed before this request");
		return ZA_OK;
	}
	clamped = left < req->timeout_ms;
	q.timeout_ms = left;
	if (q.connect_ms > left)
		q.connect_ms = left;
	r = http_xfer_new(&q, &x, err, sizeof(err));
	if (r != ZA_OK) {
		http_fail_resp(resp, HTTP_LOCAL_ERROR, r == ZA_ERR_NOMEM ? "out of memory" : err);
		return r == ZA_ERR_NOMEM ? r : ZA_OK;
	}
	r = http_xfer_finish(x, (int)curl_easy_perform(x->easy), resp);
	if (clamped && (resp->outcome == HTTP_SILENT || resp->outcome == HTTP_FILTERED ||
	                (resp->outcome == HTTP_ANSWERED && resp->body_truncated && http_deadline_left(1) == 0))) {
		resp->outcome = HTTP_DEADLINE; /* cut by the run, not judged by the target */
		snprintf(resp->detail, sizeof(resp->detail), "cut by the run's deadline (run_ms)");
	}
	return r;
}

void http_resp_free(struct http_resp *resp)
{
	free(resp->body);
	free(resp->content_type);
	free(resp->location);
	free(resp->www_authenticate);
	memset(resp, 0, sizeof(*resp));
}

int http_outcome_reachable(enum http_outcome o)
{
	return o == HTTP_ANSWERED || o == HTTP_NOT_HTTP || o == HTTP_CLOSED || o == HTTP_SILENT;
}

int http_outcome_unreachable(enum http_outcome o)
{
	return o == HTTP_REFUSED || o == HTTP_FILTERED || o == HTTP_UNREACHABLE;
}

const char *http_outcome_name(enum http_outcome o)
{
	switch (o) {
	case HTTP_ANSWERED: return "answered";
	case HTTP_NOT_HTTP: return "connected, reply was not HTTP";
	case HTTP_CLOSED: return "connected, closed without a reply";
	case HTTP_SILENT: return "connected, no reply before the deadline";
	case HTTP_REFUSED: return "connection refused";
	case HTTP_FILTERED: return "no answer to the connection attempt (filtered)";
	case HTTP_UNREACHABLE: return "host or network unreachable";
	case HTTP_NO_ROUTE: return "the vantage has no route to the target (or blocks it locally)";
	case HTTP_DNS: return "name did not resolve";
	case HTTP_LOCAL_ERROR: return "local error";
	case HTTP_DEADLINE: return "the run's deadline (run_ms) passed";
	}
	return "unknown";
}
