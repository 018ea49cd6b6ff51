/* test_http_url.c - the one URL parser and the one loopback/wildcard rule
 * (engines/http.c) that every family uses: discovery's plain-HTTP token
 * rule, tls.required, the host family's listen addresses, listeners.exposed. */
#include <string.h>

#include "http.h"
#include "t.h"

static void url(const char *in, int ok, const char *host, long port, int https)
{
	struct http_url u;
	int rc = http_url_parse(in, &u);

	CHECK(rc == (ok ? 0 : -1));
	if (ok && rc == 0) {
		CHECK_STREQ(u.host, host);
		CHECK(u.port == port);
		CHECK(u.https == https);
	}
}

int main(void)
{
	char h[8];

	url("http://203.0.113.10:9090/api", 1, "203.0.113.10", 9090, 0);
	url("https://grafana.example/", 1, "grafana.example", 443, 1);
	url("HTTPS://grafana.example", 1, "grafana.example", 443, 1);
	url("http://user:pw@198.51.100.7:8080/x", 1, "198.51.100.7", 8080, 0);
	url("http://[2001:db8::1]:9100/metrics", 1, "2001:db8::1", 9100, 0);
	url("https://[::1]/x", 1, "::1", 443, 1);
	url("http://a.example?x=@evil.example", 1, "a.example", 80, 0); /* '@' after the authority is not userinfo */
	url("http:///path", 0, NULL, 0, 0);
	url("no-scheme", 0, NULL, 0, 0);
	url("http://[::1", 0, NULL, 0, 0);
	CHECK(http_url_host("http://toolong.example/", h, sizeof(h)) == -1);

	CHECK(http_addr_is_loopback("localhost"));
	CHECK(http_addr_is_loopback("LOCALHOST:9090"));
	CHECK(http_addr_is_loopback("127.0.0.1:9090"));
	CHECK(http_addr_is_loopback("127.8.9.10"));
	CHECK(http_addr_is_loopback("[::1]:9090"));
	CHECK(http_addr_is_loopback("::1"));
	CHECK(http_addr_is_loopback("::ffff:127.0.0.1"));
	CHECK(!http_addr_is_loopback("127.evil.example"));
	CHECK(!http_addr_is_loopback("localhost.evil.example:80"));
	CHECK(!http_addr_is_loopback("203.0.113.10:9090"));
	CHECK(!http_addr_is_loopback("0.0.0.0:9090"));
	CHECK(!http_addr_is_loopback(":9100"));
	CHECK(!http_addr_is_loopback("::"));
	CHECK(!http_addr_is_loopback(NULL));

	CHECK(http_addr_is_wildcard(":9100"));
	CHECK(http_addr_is_wildcard("0.0.0.0:9090"));
	CHECK(http_addr_is_wildcard("0.0.0.0"));
	CHECK(http_addr_is_wildcard("[::]:9090"));
	CHECK(http_addr_is_wildcard("::"));
	CHECK(!http_addr_is_wildcard("::1"));
	CHECK(!http_addr_is_wildcard("[::1]:9090"));
	CHECK(!http_addr_is_wildcard("127.0.0.1:9090"));
	CHECK(!http_addr_is_wildcard("203.0.113.10:9090"));
	return t_done("test_http_url");
}
