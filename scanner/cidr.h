/*
 * cidr.h - address ranges in policies ("203.0.113.0/28", "2001:db8::/120").
 *
 * cidr_parse() accepts an IPv4 or IPv6 network in CIDR notation and refuses
 * ranges larger than ZA_MAX_CIDR_ADDRS addresses (a /16 of IPv4, a /112 of
 * IPv6): a typo must not turn into a scan of a continent. Host bits must be
 * zero. cidr_at() gives the i-th address as text (0 <= i < count).
 */
#ifndef ZA_CIDR_H
#define ZA_CIDR_H

#include <stddef.h>
struct cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char base[16];
	unsigned prefix;
	size_t count;
};

/* 0 on success; on failure why says why. */
int cidr_parse(const char *s, struct cidr *out, char *why, size_t whylen);
void cidr_at(const struct cidr *c, size_t i, char *out, size_t outlen);

#endif
