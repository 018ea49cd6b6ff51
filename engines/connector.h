/*
 * connector.h - TCP connection attempts, many at once, each given the
 * timeout its network's measured round trips justify (rtt.h).
 *
 * Non-blocking connect(2) and epoll: an attempt costs a socket and a few
 * bytes, so a fleet of closed ports is judged at the speed of the network,
 * and only accepted connections go on to libcurl (engine.h hands them over).
 * Every refusal and every completed handshake is a round-trip sample of its
 * network; an attempt's timeout is read from the table when it is checked,
 * so attempts started before the first answer of their network get the
 * timeout the answers justify, not the ceiling they started with.
 *
 *   struct connector *c;
 *   connector_new(rtt, &c);                       // rtt: the caller's table
 *   connector_start(c, "192.0.2.7", 9100, on_conn, arg);
 *   while (connector_pending(c)) {
 *       poll connector_fd(c) for POLLIN, at most connector_wait_ms(c);
 *       connector_step(c);                        // runs on_conn for what ended
 *   }
 *   connector_free(c);
 *
 * on_conn(arg, res) runs exactly once per started attempt, from
 * connector_step() or connector_abort(), never from connector_start(). A
 * connected res->fd belongs to the callback (close it or hand it over).
 */
#ifndef ZA_CONNECTOR_H
#define ZA_CONNECTOR_H

#include <stddef.h>

#include "http.h"
#include "rtt.h"
#include "za.h"

struct conn_result {
	int connected;             /* 1: the handshake completed, fd is the socket */
	int fd;                    /* -1 unless connected */
	enum http_outcome outcome; /* when not connected: REFUSED, FILTERED, UNREACHABLE, NO_ROUTE,
	                              LOCAL_ERROR, DEADLINE */
	int os_errno;
	long rtt_us;   /* the handshake's or the refusal's round trip, or -1 */
	long limit_ms; /* the timeout the attempt was judged by */
	char detail[128];
};

typedef void (*conn_done_fn)(void *arg, const struct conn_result *res);

struct connector;

enum za_err connector_new(struct rtt_table *rtt, struct connector **out);
/* Starts an attempt to ip (numeric, IPv4 or IPv6 with an optional %scope)
 * and port; it waits the network's adapted timeout, and at least min_ms
 * (0: the adapted one alone). ZA_ERR_NOMEM only; every other failure reaches
 * on_conn. */
enum za_err connector_start(struct connector *c, const char *ip, long port, long min_ms, conn_done_fn done, void *arg);
/* An fd that polls readable when connector_step() has work. */
int connector_fd(const struct connector *c);
/* Milliseconds until an attempt may time out (0: now), -1 when none pending. */
long connector_wait_ms(const struct connector *c);
void connector_step(struct connector *c);
size_t connector_pending(const struct connector *c);
/* Sockets kept open for reuse (a refused socket connects again), and
 * closing them down to keep: the caller counts them against its descriptors. */
size_t connector_idle(const struct connector *c);
void connector_trim(struct connector *c, size_t keep);
/* Every pending attempt ends now as HTTP_DEADLINE (the run's deadline). */
void connector_abort(struct connector *c, const char *why);
/* Closes what is pending without callbacks. */
void connector_free(struct connector *c);

#endif
