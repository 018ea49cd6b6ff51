/* cidr.c - see cidr.h. */
#include "cidr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "za.h"

int cidr_parse(const char *s, struct cidr *out, char *why, size_t whylen)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	char *end = NULL;
	unsigned long prefix;
	unsigned bits, host;

	memset(out, 0, sizeof(*out));
	if (!slash || (size_t)(slash - s) >= sizeof(addr)) {
		za_seterr(why, whylen, "'%s' is not in CIDR notation (ADDRESS/PREFIX)", s);
		return -1;
	}
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	prefix = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || slash[1] == '-' || slash[1] == '+') {
		za_seterr(why, whylen, "'%s': the prefix length is not a number", s);
		return -1;
	}
	if (inet_pton(AF_INET, addr, out->base) == 1) {
		out->family = AF_INET;
		bits = 32;
	} else if (inet_pton(AF_INET6, addr, out->base) == 1) {
		out->family = AF_INET6;
		bits = 128;
	} else {
		za_seterr(why, whylen, "'%s': '%s' is not an IPv4 or IPv6 address", s, addr);
		return -1;
	}
	if (prefix > bits) {
		za_seterr(why, whylen, "'%s': prefix longer than %u bits", s, bits);
		return -1;
	}
	host = bits - (unsigned)prefix;
	if (host > 16) {
		za_seterr(why, whylen, "'%s' has %s addresses; at most %u (a /%u) per range", s,
		          host >= 32 ? "billions of" : "too many", ZA_MAX_CIDR_ADDRS, bits - 16);
		return -1;
	}
	/* host bits must be zero */
	for (unsigned b = (unsigned)prefix; b < bits; b++)
		if (out->base[b / 8] & (0x80u >> (b % 8))) {
			za_seterr(why, whylen, "'%s' has host bits set (did you mean the network address?)", s);
			return -1;
		}
	out->prefix = (unsigned)prefix;
	out->count = (size_t)1 << host;
	return 0;
}

void cidr_at(const struct cidr *c, size_t i, char *out, size_t outlen)
{
	unsigned char a[16];
	size_t len = c->family == AF_INET ? 4 : 16;
	unsigned long carry = i;

	memcpy(a, c->base, sizeof(a));
	for (size_t k = len; k-- > 0 && carry;) {
		unsigned long v = a[k] + (carry & 0xff);
		a[k] = (unsigned char)v;
		carry = (carry >> 8) + (v >> 8);
	}
	if (!inet_ntop(c->family, a, out, (socklen_t)outlen) && outlen)
		out[0] = '\0';
}
