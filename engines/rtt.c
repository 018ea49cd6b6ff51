/* rtt.c - see rtt.h. */
#include "rtt.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_LEN 9 /* family, then 3 (IPv4 /24) or 8 (IPv6 /64) bytes, zero-padded */

struct ent {
	unsigned char key[KEY_LEN];
	size_t samples;
	long srtt_us, rttvar_us, max_us;
};

struct rtt_table {
	long floor_ms, ceiling_ms;
	struct ent *v; /* first-seen order */
	size_t n, cap;
	uint32_t *slot;  /* open addressing: index + 1 into v, 0 empty */
	size_t nslot;    /* a power of two, at least twice n */
	size_t over_cap; /* samples of networks past ZA_MAX_RTT_NETS */
};

/* The network of an address: its IPv4 /24, or IPv6 /64. An IPv6 address
 * that carries an IPv4 one (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96)
 * is that IPv4 address's /24: those prefixes are not one network. */
static int key_of(const struct sockaddr *sa, unsigned char key[KEY_LEN])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

	memset(key, 0, KEY_LEN);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		key[0] = 4;
		memcpy(key + 1, &s4->sin_addr, 3);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		const unsigned char *b = s6->sin6_addr.s6_addr;
		if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0) {
			key[0] = 4;
			memcpy(key + 1, b + 12, 3);
			return 0;
		}
		key[0] = 6;
		memcpy(key + 1, b, 8);
		return 0;
	}
	return -1;
}

static size_t hash(const unsigned char key[KEY_LEN])
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < KEY_LEN; i++)
		h = (h ^ key[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static struct ent *find(const struct rtt_table *t, const unsigned char key[KEY_LEN], size_t *at)
{
	size_t m = t->nslot - 1, i = hash(key) & m;

	for (; t->slot[i]; i = (i + 1) & m)
		if (memcmp(t->v[t->slot[i] - 1].key, key, KEY_LEN) == 0)
			return &t->v[t->slot[i] - 1];
	if (at)
		*at = i;
	return NULL;
}

static int grow(struct rtt_table *t)
{
	size_t ns = t->nslot * 2;
	uint32_t *s = calloc(ns, sizeof(*s));

	if (!s)
		return -1;
	for (size_t k = 0; k < t->n; k++) {
		size_t i = hash(t->v[k].key) & (ns - 1);
		while (s[i])
			i = (i + 1) & (ns - 1);
		s[i] = (uint32_t)(k + 1);
	}
	free(t->slot);
	t->slot = s;
	t->nslot = ns;
	return 0;
}

enum za_err rtt_new(long floor_ms, long ceiling_ms, struct rtt_table **out)
{
	struct rtt_table *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return ZA_ERR_NOMEM;
	t->floor_ms = floor_ms > 0 ? floor_ms : 1;
	t->ceiling_ms = ceiling_ms > t->floor_ms ? ceiling_ms : t->floor_ms;
	t->nslot = 64;
	t->slot = calloc(t->nslot, sizeof(*t->slot));
	if (!t->slot) {
		free(t);
		return ZA_ERR_NOMEM;
	}
	*out = t;
	t = NULL; /* caller owns */
	return ZA_OK;
}

void rtt_free(struct rtt_table *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->slot);
	free(t);
}

void rtt_update(long *srtt_us, long *rttvar_us, size_t samples, long r_us)
{
	long err;

	if (!samples) {
		*srtt_us = r_us;
		*rttvar_us = r_us / 2;
		return;
	}
	err = r_us - *srtt_us;
	*srtt_us += err / 8;
	*rttvar_us += ((err < 0 ? -err : err) - *rttvar_us) / 4;
}

long rtt_bound(long srtt_us, long rttvar_us, long max_us, long floor_ms, long ceiling_ms)
{
	/* srtt + 4 x rttvar, with the variance never under a quarter of srtt
	 * (a steady link drives it to nothing: one queued SYN-ACK would then
	 * read as silence), and never under 1.5 x the slowest answer seen */
	long var = rttvar_us > srtt_us / 4 ? rttvar_us : srtt_us / 4;
	long us = srtt_us + 4 * var, ms, cap;

	if (us < max_us + max_us / 2)
		us = max_us + max_us / 2;
	ms = (us + 999) / 1000;
	/* the ceiling bounds what a few fast answers could make long; what the
	 * network's own answers say it takes is never cut (up to the cap) */
	cap = ceiling_ms > ZA_MAX_CONNECT_ADAPTED_MS ? ceiling_ms : ZA_MAX_CONNECT_ADAPTED_MS;
	if (ms > ceiling_ms && (srtt_us + 999) / 1000 * 2 <= ceiling_ms && (max_us + 999) / 1000 * 2 <= ceiling_ms)
		ms = ceiling_ms;
	if (ms > cap)
		ms = cap;
	return ms < floor_ms ? floor_ms : ms;
}

void rtt_sample(struct rtt_table *t, const struct sockaddr *sa, long rtt_us)
{
	unsigned char key[KEY_LEN];
	size_t at = 0;
	struct ent *e;

	if (rtt_us < 0 || key_of(sa, key) != 0)
		return;
	e = find(t, key, &at);
	if (!e) {
		if (t->n >= ZA_MAX_RTT_NETS) {
			t->over_cap++;
			return;
		}
		if (t->n == t->cap) {
			size_t nc = t->cap ? t->cap * 2 : 64;
			struct ent *nv = realloc(t->v, nc * sizeof(*nv));
			if (!nv)
				return; /* the network keeps the ceiling: slower, never wrong */
			t->v = nv;
			t->cap = nc;
		}
		e = &t->v[t->n];
		memset(e, 0, sizeof(*e));
		memcpy(e->key, key, KEY_LEN);
		t->slot[at] = (uint32_t)(++t->n);
		if (t->n * 2 > t->nslot && grow(t) != 0) {
			t->n--; /* no room to index it: forget it, keep the ceiling */
			t->slot[at] = 0;
			return;
		}
	}
	rtt_update(&e->srtt_us, &e->rttvar_us, e->samples, rtt_us);
	if (rtt_us > e->max_us)
		e->max_us = rtt_us;
	e->samples++;
}

long rtt_timeout(const struct rtt_table *t, const struct sockaddr *sa)
{
	unsigned char key[KEY_LEN];
	const struct ent *e;

	if (key_of(sa, key) != 0 || !(e = find(t, key, NULL)))
		return t->ceiling_ms;
	return rtt_bound(e->srtt_us, e->rttvar_us, e->max_us, t->floor_ms, t->ceiling_ms);
}

long rtt_timeout_ip(const struct rtt_table *t, const char *ip)
{
	struct addrinfo hints, *ai = NULL;
	long ms = t->ceiling_ms;

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(ip, NULL, &hints, &ai) == 0 && ai)
		ms = rtt_timeout(t, ai->ai_addr);
	if (ai)
		freeaddrinfo(ai);
	return ms;
}

size_t rtt_count(const struct rtt_table *t)
{
	return t->n;
}

void rtt_net_at(const struct rtt_table *t, size_t i, struct rtt_net *out)
{
	const struct ent *e = &t->v[i];
	unsigned char a[16] = {0};

	memset(out, 0, sizeof(*out));
	if (e->key[0] == 4) {
		char s[INET_ADDRSTRLEN];
		memcpy(a, e->key + 1, 3);
		inet_ntop(AF_INET, a, s, sizeof(s));
		snprintf(out->net, sizeof(out->net), "%s/24", s);
	} else {
		char s[INET6_ADDRSTRLEN];
		memcpy(a, e->key + 1, 8);
		inet_ntop(AF_INET6, a, s, sizeof(s));
		snprintf(out->net, sizeof(out->net), "%s/64", s);
	}
	out->samples = e->samples;
	out->srtt_us = e->srtt_us;
	out->rttvar_us = e->rttvar_us;
	out->max_us = e->max_us;
	out->timeout_ms = rtt_bound(e->srtt_us, e->rttvar_us, e->max_us, t->floor_ms, t->ceiling_ms);
}

size_t rtt_over_cap(const struct rtt_table *t)
{
	return t->over_cap;
}

long rtt_floor(const struct rtt_table *t)
{
	return t->floor_ms;
}

long rtt_ceiling(const struct rtt_table *t)
{
	return t->ceiling_ms;
}
