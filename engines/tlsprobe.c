/* tlsprobe.c - see tlsprobe.h. */
#define _GNU_SOURCE
#include "tlsprobe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int tcp_connect(const char *ip, long port, long timeout_ms, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	char ps[16];
	int fd = -1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%ld", port);
	if (getaddrinfo(ip, ps, &hints, &res) != 0 || !res) {
		za_seterr(err, errlen, "bad address %s", ip);
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		za_seterr(err, errlen, "socket: %s", strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	rc = connect(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (rc != 0 && errno == EINPROGRESS) {
		struct pollfd p = {fd, POLLOUT, 0};
		int soerr = 0;
		socklen_t sl = sizeof(soerr);
		rc = poll(&p, 1, (int)timeout_ms);
		if (rc == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
			rc = 0;
		else {
			za_seterr(err, errlen, "connect to %s port %ld: %s", ip, port,
			          rc == 0 ? "no answer (filtered)" : strerror(soerr ? soerr : errno));
			rc = -1;
		}
	} else if (rc != 0) {
		za_seterr(err, errlen, "connect to %s port %ld: %s", ip, port, strerror(errno));
	}
	if (rc != 0) {
		close(fd);
		return -1;
	}
	return fd; /* non-blocking: the handshake runs against one deadline (connect_by) */
}

static long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SSL_connect on a non-blocking socket until done or the absolute deadline:
 * a peer that drips a byte now and then cannot hold the handshake longer
 * than timeout_ms in all. 1 done, 0 failed, -1 out of time. */
static int connect_by(SSL *ssl, int fd, long deadline)
{
	for (;;) {
		int rc = SSL_connect(ssl), e;
		long left;
		struct pollfd p;
		if (rc == 1)
			return 1;
		e = SSL_get_error(ssl, rc);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			return 0;
		left = deadline - mono_ms();
		if (left <= 0)
			return -1;
		p.fd = fd;
		p.events = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		p.revents = 0;
		if (poll(&p, 1, (int)left) <= 0)
			return -1;
	}
}

static int is_ip(const char *h)
{
	unsigned char b[16];

	return inet_pton(AF_INET, h, b) == 1 || inet_pton(AF_INET6, h, b) == 1;
}

/* One handshake. legacy: offer only TLS 1.0-1.1 at security level 0. */
static int handshake(const char *host, const char *ip, long port, long timeout_ms, const char *ca_file, int legacy,
                     struct tls_info *out)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;
	int fd = -1, ok = 0, hs;
	char err[ZA_MAX_ERR] = "";
	long deadline = mono_ms() + timeout_ms;

	if (!ctx)
		goto out;
	if (timeout_ms <= 0) {
		if (legacy)
			ok = -1;
		else
			snprintf(out->error, sizeof(out->error), "no time left for a handshake (the run's deadline)");
		goto out;
	}
	if (legacy) {
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
		SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
		SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
	} else {
		SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION); /* see what it negotiates */
		if (ca_file ? SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1
		            : SSL_CTX_set_default_verify_paths(ctx) != 1) {
			snprintf(out->error, sizeof(out->error), "cannot load the trust store%s%s", ca_file ? " " : "",
			         ca_file ? ca_file : "");
			goto out;
		}
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL); /* judged below, not aborted */
	}
	fd = tcp_connect(ip, port, timeout_ms, err, sizeof(err));
	if (fd < 0) {
		if (!legacy)
			snprintf(out->error, sizeof(out->error), "%s", err);
		goto out;
	}
	if (!legacy)
		out->connected = 1;
	ssl = SSL_new(ctx);
	if (!ssl)
		goto out;
	SSL_set_fd(ssl, fd);
	if (!is_ip(host)) {
		char sni[256]; /* the macro casts away const */
		snprintf(sni, sizeof(sni), "%s", host);
		SSL_set_tlsext_host_name(ssl, sni);
	}
	if (!legacy) {
		X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);
		if (is_ip(host))
			X509_VERIFY_PARAM_set1_ip_asc(vp, host);
		else
			X509_VERIFY_PARAM_set1_host(vp, host, 0);
	}
	hs = connect_by(ssl, fd, deadline);
	if (hs < 0 && legacy)
		ok = -1; /* out of time: whether TLS 1.0/1.1 is refused is unknown */
	if (hs != 1) {
		if (!legacy) {
			unsigned long e = ERR_peek_last_error();
			if (hs < 0)
				snprintf(out->error, sizeof(out->error),
				         "the TLS handshake did not finish within %ld ms", timeout_ms);
			else
				snprintf(out->error, sizeof(out->error), "TLS handshake failed: %s",
				         e ? ERR_reason_error_string(e) : "connection closed");
		}
		goto out;
	}
	ok = 1;
	if (legacy) {
		snprintf(out->legacy, sizeof(out->legacy), "%s", SSL_get_version(ssl));
		goto out;
	}
	out->handshake = 1;
	snprintf(out->version, sizeof(out->version), "%s", SSL_get_version(ssl));
	out->verify = SSL_get_verify_result(ssl);
	snprintf(out->verify_msg, sizeof(out->verify_msg), "%s", X509_verify_cert_error_string(out->verify));
	{
		X509 *cert = SSL_get1_peer_certificate(ssl);
		if (cert) {
			int days = 0, secs = 0;
			const ASN1_TIME *na = X509_get0_notAfter(cert), *nb = X509_get0_notBefore(cert);
			BIO *b = BIO_new(BIO_s_mem());
			if (ASN1_TIME_diff(&days, &secs, NULL, na))
				out->days_left = days - (secs < 0 ? 1 : 0);
			out->not_yet_valid = X509_cmp_current_time(nb) > 0;
			if (b && ASN1_TIME_print(b, na) == 1) {
				int n = BIO_read(b, out->not_after, (int)sizeof(out->not_after) - 1);
				out->not_after[n > 0 ? n : 0] = '\0';
			}
			BIO_free(b);
			X509_NAME_oneline(X509_get_subject_name(cert), out->subject, (int)sizeof(out->subject));
			out->host_match = is_ip(host) ? X509_check_ip_asc(cert, host, 0) == 1
			                              : X509_check_host(cert, host, 0, 0, NULL) == 1;
			X509_free(cert);
		}
	}
out:
	if (ssl) {
		SSL_shutdown(ssl);
		SSL_free(ssl);
	}
	if (fd >= 0)
		close(fd);
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

void tlsprobe_run(const char *host, const char *ip, long port, long timeout_ms, const char *ca_file,
                  struct tls_info *out)
{
	long deadline = mono_ms() + timeout_ms;

	memset(out, 0, sizeof(*out));
	out->legacy_ok = -1;
	out->verify = -1;
	if (handshake(host, ip, port, timeout_ms, ca_file, 0, out) != 1)
		return;
	/* both handshakes share timeout_ms; a legacy one cut short is unknown (-1), not refused */
	out->legacy_ok = handshake(host, ip, port, deadline - mono_ms(), ca_file, 1, out);
}
