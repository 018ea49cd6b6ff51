/* http.c - see http.h. */
#define _GNU_SOURCE
#include "http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

enum za_err http_resolve(const char *host, char *out, size_t outlen, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	int rc;

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
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)outlen, NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	if (rc != 0) {
		za_seterr(err, errlen, "cannot format the address of '%s'", host);
		return ZA_ERR_INPUT;
	}
	return ZA_OK;
}

void http_origin(char *out, size_t outlen, int https, const char *host, long port)
{
	int v6 = strchr(host, ':') != NULL;

	snprintf(out, outlen, "%s://%s%s%s:%ld", https ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

struct sink {
	struct buf body;
	struct buf hdr;
};

static size_t on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n;

	buf_append(&s->body, p, len);
	/* returning less than len aborts the transfer: our cap (CURLE_WRITE_ERROR) */
	return s->body.truncated || s->body.oom ? 0 : len;
}

static size_t on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = sz * n;

	buf_append(&s->hdr, p, len);
	return s->hdr.truncated || s->hdr.oom ? 0 : len;
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

enum za_err http_run(const struct http_req *req, struct http_resp *resp)
{
	CURL *c = NULL;
	CURLU *u = NULL;
	struct curl_slist *hdrs = NULL, *pin = NULL;
	struct sink s;
	char *host = NULL, *port = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_off_t ct = 0, tt = 0;
	CURLcode rc;
	long oserr = 0;
	enum za_err r = ZA_OK;

	memset(resp, 0, sizeof(*resp));
	resp->connect_ms = -1;
	resp->outcome = HTTP_LOCAL_ERROR;
	buf_init(&s.body, ZA_MAX_HTTP_BODY);
	buf_init(&s.hdr, ZA_MAX_HTTP_HEADERS);

	c = curl_easy_init();
	u = curl_url();
	if (!c || !u) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, req->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		snprintf(resp->detail, sizeof(resp->detail), "not a valid URL");
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
		pin = curl_slist_append(NULL, line);
		if (!pin) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
	}
	for (size_t i = 0; req->headers && req->headers[i]; i++) {
		struct curl_slist *n = curl_slist_append(hdrs, req->headers[i]);
		if (!n) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
		hdrs = n;
	}
	curl_easy_setopt(c, CURLOPT_URL, req->url);
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
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (pin)
		curl_easy_setopt(c, CURLOPT_RESOLVE, pin);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (req->method && strcmp(req->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (req->method && strcmp(req->method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &ct);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &tt);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	{
		char *ip = NULL;
		if (curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
			snprintf(resp->primary_ip, sizeof(resp->primary_ip), "%s", ip);
	}
	resp->total_ms = (long)(tt / 1000);
	resp->connect_ms = ct > 0 ? (long)(ct / 1000) : -1;
	snprintf(resp->detail, sizeof(resp->detail), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));

	switch (rc) {
	case CURLE_OK: resp->outcome = HTTP_ANSWERED; break;
	case CURLE_WRITE_ERROR: /* our body or header cap */
		resp->outcome = resp->status ? HTTP_ANSWERED : HTTP_NOT_HTTP;
		resp->body_truncated = 1;
		break;
	case CURLE_COULDNT_CONNECT:
		/* the errno is only meaningful here (stale on reused handles) */
		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
		resp->os_errno = (int)oserr;
		if (oserr == ECONNREFUSED)
			resp->outcome = HTTP_REFUSED;
		else if (oserr == ETIMEDOUT)
			resp->outcome = HTTP_FILTERED;
		else if (oserr == EHOSTUNREACH)
			resp->outcome = HTTP_UNREACHABLE;
		else if (oserr == ENETUNREACH || oserr == EINVAL || oserr == EACCES || oserr == EPERM)
			resp->outcome = HTTP_NO_ROUTE; /* the vantage's own routing or filter */
		else if (oserr == ECONNRESET)
			resp->outcome = HTTP_CLOSED;
		else if (oserr == EMFILE || oserr == ENFILE || oserr == EADDRNOTAVAIL || oserr == 0)
			resp->outcome = HTTP_LOCAL_ERROR; /* rc 7 with errno 0: out of fds */
		else
			resp->outcome = HTTP_UNREACHABLE;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		resp->outcome = ct > 0 ? (resp->status ? HTTP_ANSWERED : HTTP_SILENT) : HTTP_FILTERED;
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		resp->outcome = ct > 0 ? (resp->status ? HTTP_ANSWERED : HTTP_CLOSED) : HTTP_UNREACHABLE;
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		resp->outcome = ct > 0 ? (resp->status ? HTTP_ANSWERED : HTTP_NOT_HTTP) : HTTP_LOCAL_ERROR;
		break;
	case CURLE_COULDNT_RESOLVE_HOST: resp->outcome = HTTP_DNS; break;
	default: resp->outcome = ct > 0 && resp->status ? HTTP_ANSWERED : HTTP_LOCAL_ERROR; break;
	}
	if (s.hdr.p) {
		char *ctype = NULL;
		resp->location = header_value(s.hdr.p, "Location");
		resp->www_authenticate = header_value(s.hdr.p, "WWW-Authenticate");
		ctype = header_value(s.hdr.p, "Content-Type");
		resp->content_type = ctype;
	}
	if (s.body.oom || s.hdr.oom)
		r = ZA_ERR_NOMEM;
	resp->body_len = s.body.len;
	if (s.body.truncated)
		resp->body_truncated = 1;
	resp->body = buf_detach(&s.body);
out:
	buf_free(&s.body);
	buf_free(&s.hdr);
	/* libcurl copied the headers (one may carry a token): wipe the copies */
	for (struct curl_slist *h = hdrs; h; h = h->next)
		OPENSSL_cleanse(h->data, strlen(h->data));
	curl_slist_free_all(hdrs);
	curl_slist_free_all(pin);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	if (c)
		curl_easy_cleanup(c);
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
	}
	return "unknown";
}
