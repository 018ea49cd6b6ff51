/*
 * tlsprobe.h - what a TLS endpoint offers, with OpenSSL.
 *
 * tlsprobe_run() connects (with a deadline), handshakes with SNI and host
 * name verification against the system trust store or a CA file, and reports
 * the negotiated protocol, the certificate's validity and days to expiry, and
 * the verification result; then tries a second handshake that offers only
 * TLS 1.0/1.1 to see whether the server still accepts them. Nothing is sent
 * after the handshakes.
 */
#ifndef ZA_TLSPROBE_H
#define ZA_TLSPROBE_H

#include <stddef.h>

#include "za.h"

struct tls_info {
	int connected;    /* TCP connected */
	int handshake;    /* modern handshake completed */
	char version[16]; /* "TLSv1.3" */
	int legacy_ok;    /* a TLS 1.0/1.1-only handshake was accepted (-1: not tried, or no answer in time) */
	char legacy[16];  /* which */
	long verify;      /* X509_V_OK (0) or an error code */
	char verify_msg[128];
	int host_match; /* certificate matches the host name / IP */
	long days_left; /* to notAfter; negative when expired */
	int not_yet_valid;
	char subject[256];
	char not_after[64];
	char error[ZA_MAX_ERR];
};

/* host: name or IP as in the URL; ip: the address to connect to. */
void tlsprobe_run(const char *host, const char *ip, long port, long timeout_ms, const char *ca_file,
                  struct tls_info *out);

#endif
