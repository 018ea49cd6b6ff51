/*
 * rtt.h - round-trip times per network and the connect timeout they justify,
 * the way TCP (RFC 6298) and nmap's scan engine estimate them.
 *
 * A network is an IPv4 /24 or an IPv6 /64. Every answer to a connection
 * attempt is one sample of its network: a completed handshake (SYN-ACK) and
 * a refusal (RST) each prove a round trip. ICMP errors and silence are not
 * samples. The estimator is Jacobson/Karels: the first sample r gives
 * srtt = r, rttvar = r / 2; later ones srtt += (r - srtt) / 8,
 * rttvar += (|r - srtt| - rttvar) / 4.
 *
 * The timeout of a network is srtt + 4 x rttvar, with rttvar at least
 * srtt / 4 (a steady link drives it to nothing) and the result at least 1.5
 * x the slowest answer seen; then at least the floor, and at most the
 * ceiling (the policy's connect_ms) unless the network's own answers took
 * more than half of it: then what they say, up to ZA_MAX_CONNECT_ADAPTED_MS
 * (or the ceiling, if longer). A network with no sample of its own keeps the
 * ceiling: a fast control target elsewhere says nothing about it. IPv6
 * addresses that carry an IPv4 one (::ffff:0:0/96, 64:ff9b::/96) count in
 * that IPv4 address's /24.
 *
 *   struct rtt_table *t;
 *   rtt_new(100, 1000, &t);                 // floor, ceiling (ms)
 *   rtt_sample(t, sa, 850);                 // microseconds
 *   long ms = rtt_timeout(t, sa);           // what a connect to sa may wait
 *   for (size_t i = 0; i < rtt_count(t); i++) rtt_net_at(t, i, &info);
 *   rtt_free(t);
 *
 * At most ZA_MAX_RTT_NETS networks are tracked; samples of networks past the
 * cap are counted (rtt_over_cap) and those networks keep the ceiling.
 * Callers judge silence with more than this (probes/exposure.c: a second
 * attempt of at least the ceiling): an adapted timeout says when to stop
 * waiting for an answer the network's round trips promise, not that a port
 * is filtered.
 */
#ifndef ZA_RTT_H
#define ZA_RTT_H

#include <stddef.h>
#include <sys/socket.h>

#include "za.h"

struct rtt_table;

struct rtt_net {
	char net[64]; /* "192.0.2.0/24", "2001:db8::/64" */
	size_t samples;
	long srtt_us, rttvar_us, max_us;
	long timeout_ms; /* what rtt_timeout() gives now */
};

enum za_err rtt_new(long floor_ms, long ceiling_ms, struct rtt_table **out);
void rtt_free(struct rtt_table *t);
/* One round trip of sa's network, in microseconds (negative: ignored). */
void rtt_sample(struct rtt_table *t, const struct sockaddr *sa, long rtt_us);
/* The connect timeout for sa, in ms. */
long rtt_timeout(const struct rtt_table *t, const struct sockaddr *sa);
/* The same for a numeric address ("192.0.2.7", "fe80::1%eth0"). */
long rtt_timeout_ip(const struct rtt_table *t, const char *ip);
/* The estimator alone, for one network: samples so far in, one more r. */
void rtt_update(long *srtt_us, long *rttvar_us, size_t samples, long r_us);
long rtt_bound(long srtt_us, long rttvar_us, long max_us, long floor_ms, long ceiling_ms);
/* Networks with samples, in the order first seen. */
size_t rtt_count(const struct rtt_table *t);
void rtt_net_at(const struct rtt_table *t, size_t i, struct rtt_net *out);
/* Samples of networks past ZA_MAX_RTT_NETS (not tracked: they keep the ceiling). */
size_t rtt_over_cap(const struct rtt_table *t);
long rtt_floor(const struct rtt_table *t);
long rtt_ceiling(const struct rtt_table *t);

#endif
