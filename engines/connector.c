/* connector.c - see connector.h.
 *
 * A refused attempt leaves its socket reusable: on Linux a TCP socket whose
 * connect failed goes back to unconnected when connect(2) is called on it
 * again (that call returns the pending error: ECONNREFUSED, EHOSTUNREACH
 * ...), and then connects anew. So an attempt that hung up asks how it ended
 * with a second connect(2) to the same address, and a refused socket stays
 * in the epoll set (edge-triggered) for the next attempt: two system calls
 * per closed port instead of five (socket, epoll_ctl, connect, getsockopt,
 * close). A socket that connected is handed on; one that timed out (still
 * SYN_SENT) is closed. epoll_wait reports a socket's state at the time it
 * returns, so an edge left over from an earlier attempt of the same socket
 * shows nothing while the new one is in progress, or finds the socket idle,
 * and is ignored.
 */
#define _GNU_SOURCE
#include "connector.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

struct attempt;

/* A socket of the connector: in the epoll set while it lives. */
struct sock {
	int fd;
	int family;
	struct attempt *a; /* the attempt it carries, or NULL when idle */
};

struct attempt {
	struct sock *s;  /* NULL for an address that could not be used */
	int early_errno; /* connect(2) ended at once: 0 connected, else the error; -1 in progress */
	long t0_us;
	long min_ms; /* wait at least this */
	size_t idx;  /* in pend, or in early */
	struct sockaddr_storage sa;
	socklen_t salen;
	conn_done_fn done;
	void *arg;
};

struct connector {
	struct rtt_table *rtt;
	int epfd;
	struct attempt **pend; /* in progress */
	size_t npend, cpend;
	struct attempt **early; /* ended in connect(2) itself, for the next step */
	size_t nearly, cearly;
	struct sock **idle[2]; /* reusable sockets, IPv4 and IPv6 */
	size_t nidle[2], cidle[2];
	long next_scan_us; /* no attempt can time out before this */
};

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

enum za_err connector_new(struct rtt_table *rtt, struct connector **out)
{
	struct connector *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return ZA_ERR_NOMEM;
	c->rtt = rtt;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0) {
		free(c);
		return ZA_ERR_NOMEM;
	}
	*out = c;
	c = NULL; /* caller owns */
	return ZA_OK;
}

int connector_fd(const struct connector *c)
{
	return c->epfd;
}

size_t connector_pending(const struct connector *c)
{
	return c->npend + c->nearly;
}

/* Room for one more in *v (*cap grows); -1 when out of memory. */
static int reserve(void *v, size_t n, size_t *cap, size_t size)
{
	void **p = v;

	if (n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		void *nv = realloc(*p, nc * size);
		if (!nv)
			return -1;
		*p = nv;
		*cap = nc;
	}
	return 0;
}

static void unlink_attempt(struct connector *c, struct attempt *a)
{
	struct attempt **v = a->early_errno >= 0 ? c->early : c->pend;
	size_t *n = a->early_errno >= 0 ? &c->nearly : &c->npend;

	v[a->idx] = v[--*n];
	v[a->idx]->idx = a->idx;
}

static void sock_close(struct connector *c, struct sock *s)
{
	if (s) {
		/* out of the set before the struct its events point at is freed */
		(void)epoll_ctl(c->epfd, EPOLL_CTL_DEL, s->fd, NULL);
		close(s->fd);
		free(s);
	}
}

size_t connector_idle(const struct connector *c)
{
	return c->nidle[0] + c->nidle[1];
}

void connector_trim(struct connector *c, size_t keep)
{
	for (int f = 0; f < 2; f++)
		while (c->nidle[f] && connector_idle(c) > keep)
			sock_close(c, c->idle[f][--c->nidle[f]]);
}

/* A socket back to the idle pool when its last connect left it reusable
 * (a refusal or an ICMP error, as connect(2) itself reported it); else closed. */
static void sock_release(struct connector *c, struct sock *s, int err)
{
	int i = s->family == AF_INET6;

	s->a = NULL;
	if ((err == ECONNREFUSED || err == EHOSTUNREACH || err == ENETUNREACH || err == EHOSTDOWN) &&
	    reserve(&c->idle[i], c->nidle[i], &c->cidle[i], sizeof(struct sock *)) == 0) {
		c->idle[i][c->nidle[i]++] = s;
		return;
	}
	sock_close(c, s);
}

/* A socket for family: an idle one, or a new one in the epoll set; NULL with errno. */
static struct sock *sock_get(struct connector *c, int family)
{
	int i = family == AF_INET6;
	struct sock *s;
	struct epoll_event ev;

	if (c->nidle[i])
		return c->idle[i][--c->nidle[i]];
	s = calloc(1, sizeof(*s));
	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	s->family = family;
	s->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		int e = errno;
		free(s);
		errno = e;
		return NULL;
	}
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.ptr = s;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, s->fd, &ev) != 0) {
		int e = errno;
		sock_close(c, s);
		errno = e;
		return NULL;
	}
	return s;
}

/* How long a may wait: its network's timeout now, at least its minimum. */
static long limit_of(const struct connector *c, const struct attempt *a)
{
	long t = rtt_timeout(c->rtt, (const struct sockaddr *)&a->sa);

	return t > a->min_ms ? t : a->min_ms;
}

/* What an errno of connect(2) says about the network. */
static enum http_outcome outcome_of(int err)
{
	switch (err) {
	case ECONNREFUSED: return HTTP_REFUSED;
	case ETIMEDOUT: return HTTP_FILTERED;
	case EHOSTUNREACH:
	case EHOSTDOWN: return HTTP_UNREACHABLE;
	case ENETUNREACH:
	case EINVAL:
	case EACCES:
	case EPERM: return HTTP_NO_ROUTE; /* the vantage's own routing or filter */
	case ECONNRESET: return HTTP_CLOSED;
	default: return HTTP_LOCAL_ERROR; /* EMFILE, EADDRNOTAVAIL, ENOBUFS ... */
	}
}

/* a ends: with err (0: connected), or timed out (err < 0). */
static void finish(struct connector *c, struct attempt *a, int err, long now)
{
	struct conn_result res;
	struct sock *s = a->s;

	memset(&res, 0, sizeof(res));
	res.fd = -1;
	res.rtt_us = -1;
	res.limit_ms = limit_of(c, a);
	unlink_attempt(c, a);
	if (err == 0 || err == ECONNREFUSED) {
		/* an answer of the peer: one round trip of its network */
		res.rtt_us = now - a->t0_us;
		rtt_sample(c->rtt, (struct sockaddr *)&a->sa, res.rtt_us);
	}
	if (err == 0) {
		/* handed on: out of the epoll set first (its edges are not ours any more) */
		(void)epoll_ctl(c->epfd, EPOLL_CTL_DEL, s->fd, NULL);
		res.connected = 1;
		res.fd = s->fd;
		free(s);
		snprintf(res.detail, sizeof(res.detail), "connected");
	} else if (err < 0) {
		sock_close(c, s); /* still SYN_SENT: not reusable */
		res.outcome = HTTP_FILTERED;
		res.os_errno = ETIMEDOUT;
		snprintf(res.detail, sizeof(res.detail), "no answer to the connection attempt within %ld ms",
		         res.limit_ms);
	} else {
		if (s)
			sock_release(c, s, err);
		res.outcome = outcome_of(err);
		res.os_errno = err;
		snprintf(res.detail, sizeof(res.detail), "connect: %s", strerror(err));
	}
	a->done(a->arg, &res);
	free(a);
}

enum za_err connector_start(struct connector *c, const char *ip, long port, long min_ms, conn_done_fn done, void *arg)
{
	struct attempt *a;
	struct addrinfo hints, *ai = NULL;
	char svc[16];

	if (reserve(&c->pend, c->npend, &c->cpend, sizeof(struct attempt *)) != 0 ||
	    reserve(&c->early, c->nearly, &c->cearly, sizeof(struct attempt *)) != 0)
		return ZA_ERR_NOMEM;
	a = calloc(1, sizeof(*a));
	if (!a)
		return ZA_ERR_NOMEM;
	a->early_errno = -1;
	a->done = done;
	a->arg = arg;
	a->t0_us = now_us();
	a->min_ms = min_ms;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(svc, sizeof(svc), "%ld", port);
	if (getaddrinfo(ip, svc, &hints, &ai) != 0 || !ai || ai->ai_addrlen > sizeof(a->sa)) {
		a->early_errno = EAFNOSUPPORT; /* not an address this scanner can connect to: ours */
	} else {
		memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
		a->salen = ai->ai_addrlen;
		a->s = sock_get(c, ai->ai_family);
		if (!a->s)
			a->early_errno = errno;
		else if (connect(a->s->fd, (struct sockaddr *)&a->sa, a->salen) == 0)
			a->early_errno = 0;
		else if (errno != EINPROGRESS)
			a->early_errno = errno;
		if (a->s)
			a->s->a = a;
	}
	if (ai)
		freeaddrinfo(ai);
	if (a->early_errno >= 0) {
		a->idx = c->nearly;
		c->early[c->nearly++] = a;
		return ZA_OK;
	}
	a->idx = c->npend;
	c->pend[c->npend++] = a;
	{
		/* the estimate may shrink before it is checked: look again within the floor */
		long at = a->t0_us + rtt_floor(c->rtt) * 1000;
		if (c->npend == 1 || at < c->next_scan_us)
			c->next_scan_us = at;
	}
	return ZA_OK;
}

long connector_wait_ms(const struct connector *c)
{
	long left;

	if (c->nearly)
		return 0;
	if (!c->npend)
		return -1;
	left = c->next_scan_us - now_us();
	return left <= 0 ? 0 : (left + 999) / 1000;
}

/* Attempts past their network's timeout end as filtered. */
static void expire(struct connector *c, long now)
{
	long next = now + rtt_ceiling(c->rtt) * 1000L;

	for (size_t i = 0; i < c->npend;) {
		struct attempt *a = c->pend[i];
		long deadline = a->t0_us + limit_of(c, a) * 1000L;
		if (now >= deadline) {
			finish(c, a, -1, now); /* moves the last attempt into slot i */
			continue;
		}
		if (deadline < next)
			next = deadline;
		i++;
	}
	c->next_scan_us = next;
}

void connector_step(struct connector *c)
{
	struct epoll_event ev[256];
	long now = now_us();
	int n;

	while (c->nearly)
		finish(c, c->early[c->nearly - 1], c->early[c->nearly - 1]->early_errno, now);
	do {
		n = epoll_wait(c->epfd, ev, (int)(sizeof(ev) / sizeof(ev[0])), 0);
		now = now_us();
		for (int i = 0; i < n; i++) {
			struct sock *s = ev[i].data.ptr;
			struct attempt *a = s->a;
			int err = 0;
			socklen_t len = sizeof(err);
			if (!a)
				continue; /* an edge of an attempt that ended already */
			/* epoll reports the socket's state now, not the edge's: writable
			 * without a hang-up is an established connection (SO_ERROR
			 * confirms it; connect(2) is left to libcurl, which makes it on
			 * the handed socket anyway); a hang-up or an error ended it:
			 * connect(2) again says how, and frees a failed socket */
			if (!(ev[i].events & (EPOLLHUP | EPOLLERR))) {
				if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
					err = errno;
				if (err) {
					sock_close(c, s); /* failed without a reset: not reusable */
					a->s = NULL;
				}
			} else if (connect(s->fd, (struct sockaddr *)&a->sa, a->salen) != 0) {
				err = errno;
				if (err == EALREADY || err == EINPROGRESS)
					continue; /* in progress again: an earlier attempt's edge */
				if (err == EISCONN)
					err = 0;
			}
			finish(c, a, err, now);
		}
	} while (n == (int)(sizeof(ev) / sizeof(ev[0])));
	if (c->npend && now >= c->next_scan_us)
		expire(c, now);
}

void connector_abort(struct connector *c, const char *why)
{
	while (c->npend || c->nearly) {
		struct attempt *a = c->nearly ? c->early[c->nearly - 1] : c->pend[c->npend - 1];
		struct conn_result res;
		memset(&res, 0, sizeof(res));
		res.fd = -1;
		res.rtt_us = -1;
		res.outcome = HTTP_DEADLINE;
		snprintf(res.detail, sizeof(res.detail), "%.127s", why);
		unlink_attempt(c, a);
		sock_close(c, a->s);
		a->done(a->arg, &res);
		free(a);
	}
}

void connector_free(struct connector *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npend + c->nearly; i++) {
		struct attempt *a = i < c->npend ? c->pend[i] : c->early[i - c->npend];
		sock_close(c, a->s);
		free(a);
	}
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < c->nidle[f]; i++)
			sock_close(c, c->idle[f][i]);
		free(c->idle[f]);
	}
	free(c->pend);
	free(c->early);
	close(c->epfd);
	free(c);
}
