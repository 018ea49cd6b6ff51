/* test_rtt.c - the round-trip estimator (rtt.h) and the connector
 * (connector.h) on loopback: refusals and handshakes are samples, a network
 * with none keeps the ceiling, the floor and the ceiling hold. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connector.h"
#include "rtt.h"
#include "t.h"

static struct sockaddr_in v4(const char *ip)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static struct sockaddr_in6 v6(const char *ip)
{
	struct sockaddr_in6 a;

	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

static void estimator(void)
{
	long srtt = 0, var = 0;

	/* RFC 6298: the first sample sets srtt, half of it the variance */
	rtt_update(&srtt, &var, 0, 80000);
	CHECK(srtt == 80000 && var == 40000);
	/* the same sample again: srtt stays, the variance shrinks by a quarter */
	rtt_update(&srtt, &var, 1, 80000);
	CHECK(srtt == 80000 && var == 30000);
	/* a slower one: srtt moves an eighth, the variance a quarter of the error */
	rtt_update(&srtt, &var, 2, 160000);
	CHECK(srtt == 90000 && var == 42500);
	/* timeout = srtt + 4 var, the variance at least srtt / 4, rounded up to ms */
	CHECK(rtt_bound(80000, 30000, 80000, 100, 1000) == 200);
	CHECK(rtt_bound(80000, 10000, 80000, 100, 1000) == 160); /* a steady link: twice srtt, not srtt + 40 ms */
	CHECK(rtt_bound(50, 10, 50, 100, 1000) == 100);          /* a loopback RTT: the floor */
	CHECK(rtt_bound(300000, 100000, 300000, 100, 1000) == 700);
	/* at least 1.5 x the slowest answer seen */
	CHECK(rtt_bound(100000, 25000, 400000, 100, 1000) == 600);
	/* over the ceiling from variance alone, answers well within it: the ceiling */
	CHECK(rtt_bound(400000, 200000, 400000, 100, 1000) == 1000);
	/* a network whose own answers took more than half the ceiling: what they say */
	CHECK(rtt_bound(900000, 200000, 900000, 100, 1000) == 1800);
	CHECK(rtt_bound(300000, 10000, 600000, 100, 1000) == 900);
	CHECK(rtt_bound(20000000, 0, 20000000, 100, 1000) == ZA_MAX_CONNECT_ADAPTED_MS);
	CHECK(rtt_bound(20000000, 0, 20000000, 100, 30000) == 30000); /* a policy past the cap keeps its own */
}

static void table(void)
{
	struct rtt_table *t = NULL;
	struct sockaddr_in a = v4("192.0.2.7"), b = v4("192.0.2.200"), c = v4("198.51.100.7");
	struct sockaddr_in6 d = v6("2001:db8:0:1::5"), e = v6("2001:db8:0:1:ffff::9"), f = v6("2001:db8:0:2::5");
	struct rtt_net n;

	CHECK(rtt_new(100, 1000, &t) == ZA_OK);
	/* nothing measured: the ceiling everywhere */
	CHECK(rtt_timeout(t, (struct sockaddr *)&a) == 1000);
	CHECK(rtt_timeout_ip(t, "192.0.2.7") == 1000);
	rtt_sample(t, (struct sockaddr *)&a, 80000);
	rtt_sample(t, (struct sockaddr *)&a, 80000);
	/* the same /24 shares it, another /24 does not */
	CHECK(rtt_timeout(t, (struct sockaddr *)&b) == 200); /* 80 ms + 4 x 30 ms */
	/* never shorter than an answer already seen: 600, 600, 600 then 1500 ms */
	{
		struct rtt_table *j = NULL;
		struct sockaddr_in x = v4("198.51.100.1");
		CHECK(rtt_new(100, 1000, &j) == ZA_OK);
		rtt_sample(j, (struct sockaddr *)&x, 600000);
		rtt_sample(j, (struct sockaddr *)&x, 600000);
		rtt_sample(j, (struct sockaddr *)&x, 600000);
		rtt_sample(j, (struct sockaddr *)&x, 1500000);
		CHECK(rtt_timeout(j, (struct sockaddr *)&x) >= 2250);
		/* a steady 300 ms link: the variance does not decay to nothing */
		x = v4("198.51.100.200");
		for (int k = 0; k < 30; k++)
			rtt_sample(j, (struct sockaddr *)&x, 300000);
		CHECK(rtt_timeout(j, (struct sockaddr *)&x) >= 600);
		/* NAT64 and IPv4-mapped addresses: the /24 of the IPv4 address they carry */
		{
			struct sockaddr_in6 n64 = v6("64:ff9b::a00:1");
			rtt_sample(j, (struct sockaddr *)&n64, 50);
		}
		CHECK(rtt_timeout_ip(j, "64:ff9b::c000:202") == 1000);
		CHECK(rtt_timeout_ip(j, "10.0.0.77") == 100 && rtt_timeout_ip(j, "::ffff:10.0.0.9") == 100);
		CHECK(rtt_timeout_ip(j, "64:ff9b::a00:1:0") == 1000); /* not in the /96: its own /64 */
		rtt_free(j);
	}
	CHECK(rtt_timeout_ip(t, "192.0.2.200") == 200);
	CHECK(rtt_timeout(t, (struct sockaddr *)&c) == 1000);
	/* IPv6: per /64 */
	rtt_sample(t, (struct sockaddr *)&d, 40);
	CHECK(rtt_timeout(t, (struct sockaddr *)&e) == 100);
	CHECK(rtt_timeout(t, (struct sockaddr *)&f) == 1000);
	CHECK(rtt_timeout_ip(t, "not an address") == 1000);
	rtt_sample(t, (struct sockaddr *)&c, -1); /* ignored */
	CHECK(rtt_count(t) == 2);
	rtt_net_at(t, 0, &n);
	CHECK_STREQ(n.net, "192.0.2.0/24");
	CHECK(n.samples == 2 && n.srtt_us == 80000 && n.timeout_ms == 200);
	rtt_net_at(t, 1, &n);
	CHECK_STREQ(n.net, "2001:db8:0:1::/64");
	/* many networks: the index grows and still finds each */
	for (unsigned i = 0; i < 3000; i++) {
		struct sockaddr_in x;
		char ip[32];
		snprintf(ip, sizeof(ip), "10.%u.%u.1", i / 256, i % 256);
		x = v4(ip);
		rtt_sample(t, (struct sockaddr *)&x, 5000 + (long)i);
	}
	CHECK(rtt_count(t) == 3002);
	CHECK(rtt_timeout_ip(t, "10.11.183.77") == 100 && rtt_timeout_ip(t, "10.11.184.1") == 1000);
	CHECK(rtt_over_cap(t) == 0);
	rtt_free(t);
}

struct got {
	int n;
	struct conn_result r;
};

static void on_conn(void *arg, const struct conn_result *res)
{
	struct got *g = arg;

	g->n++;
	g->r = *res;
	if (res->connected)
		close(res->fd);
}

static void drive(struct connector *c)
{
	while (connector_pending(c)) {
		struct pollfd p = {connector_fd(c), POLLIN, 0};
		long w = connector_wait_ms(c);
		(void)poll(&p, 1, w < 0 ? 1000 : (int)w);
		connector_step(c);
	}
}

static void connector(void)
{
	struct rtt_table *t = NULL;
	struct connector *c = NULL;
	struct got open_ = {0}, closed = {0}, bad = {0};
	struct sockaddr_in a = v4("127.0.0.1");
	socklen_t len = sizeof(a);
	int ls = socket(AF_INET, SOCK_STREAM, 0), cs = socket(AF_INET, SOCK_STREAM, 0);
	long open_port, closed_port;

	/* a listening port, and a port that was bound then closed (nothing listens) */
	CHECK(ls >= 0 && cs >= 0);
	CHECK(bind(ls, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(ls, 8) == 0);
	CHECK(getsockname(ls, (struct sockaddr *)&a, &len) == 0);
	open_port = ntohs(a.sin_port);
	a.sin_port = 0;
	CHECK(bind(cs, (struct sockaddr *)&a, sizeof(a)) == 0);
	len = sizeof(a);
	CHECK(getsockname(cs, (struct sockaddr *)&a, &len) == 0);
	closed_port = ntohs(a.sin_port);
	close(cs);
	CHECK(rtt_new(100, 1000, &t) == ZA_OK && connector_new(t, &c) == ZA_OK);
	CHECK(connector_start(c, "127.0.0.1", open_port, 0, on_conn, &open_) == ZA_OK);
	CHECK(connector_start(c, "127.0.0.1", closed_port, 0, on_conn, &closed) == ZA_OK);
	CHECK(connector_start(c, "no-such-address", 80, 0, on_conn, &bad) == ZA_OK);
	CHECK(open_.n == 0 && closed.n == 0 && bad.n == 0); /* never from connector_start */
	drive(c);
	CHECK(open_.n == 1 && open_.r.connected && open_.r.rtt_us >= 0);
	CHECK(closed.n == 1 && !closed.r.connected && closed.r.outcome == HTTP_REFUSED && closed.r.fd == -1);
	CHECK(bad.n == 1 && bad.r.outcome == HTTP_LOCAL_ERROR);
	/* both answers were samples of 127.0.0.0/24: its timeout is the floor now */
	CHECK(rtt_count(t) == 1 && rtt_timeout_ip(t, "127.0.0.9") == 100);
	/* the run's deadline: a pending attempt ends as such, once */
	{
		struct got late = {0};
		CHECK(connector_start(c, "127.0.0.1", closed_port, 0, on_conn, &late) == ZA_OK);
		connector_abort(c, "deadline");
		CHECK(late.n == 1 && late.r.outcome == HTTP_DEADLINE && connector_pending(c) == 0);
	}
	connector_free(c);
	rtt_free(t);
	close(ls);
}

int main(void)
{
	estimator();
	table();
	connector();
	return t_done("test_rtt");
}
