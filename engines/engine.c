/* engine.c - see engine.h. */
#define _GNU_SOURCE
#include "engine.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "connector.h"

struct item {
	struct item *next, *prev; /* the queue, or the running list */
	struct http_xfer *x;      /* while running */
	char *url, *pin_ip, *method, *ca_file, *body;
	char **headers;
	long connect_ms, timeout_ms;
	int verify_tls, connect_first;
	long conn_ms, limit_ms; /* connect_first: the handshake's time, the timeout it had */
	long t0;
	engine_done_fn done;
	void *arg;
	struct engine *eng;
};

struct engine {
	CURLM *multi;
	size_t jobs, running;     /* running: transfers and connection attempts */
	struct item *head, *tail; /* the queue */
	struct item *run;         /* running transfers */
	struct rtt_table *rtt;    /* the caller's, for connect_first; or NULL */
	struct connector *conn;
	int freeing;
	struct engine_stats st;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void item_free(struct item *it)
{
	if (!it)
		return;
	free(it->url);
	free(it->pin_ip);
	free(it->method);
	free(it->ca_file);
	free(it->body);
	for (size_t i = 0; it->headers && it->headers[i]; i++) {
		explicit_bzero(it->headers[i], strlen(it->headers[i])); /* may hold a token */
		free(it->headers[i]);
	}
	free(it->headers);
	free(it);
}

size_t engine_jobs(size_t jobs)
{
	struct rlimit rl;

	if (!jobs)
		jobs = ZA_MAX_JOBS_AUTO;
	/* descriptors: raise the soft limit to the hard one, keep 64 spare */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
			(void)getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 96 && jobs > rl.rlim_cur - 64)
			jobs = rl.rlim_cur - 64;
		else if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= 96)
			jobs = 16;
	}
	return jobs;
}

enum za_err engine_new(size_t jobs, struct engine **out)
{
	struct engine *e = calloc(1, sizeof(*e));

	*out = NULL;
	if (!e)
		return ZA_ERR_NOMEM;
	jobs = engine_jobs(jobs);
	e->jobs = jobs ? jobs : 1;
	e->st.jobs = e->jobs;
	e->multi = curl_multi_init();
	if (!e->multi) {
		free(e);
		return ZA_ERR_NOMEM;
	}
	*out = e;
	return ZA_OK;
}

enum za_err engine_submit(struct engine *e, const struct http_req *req, engine_done_fn done, void *arg)
{
	struct item *it = calloc(1, sizeof(*it));
	size_t nh = 0;

	if (!it)
		return ZA_ERR_NOMEM;
	while (req->headers && req->headers[nh])
		nh++;
	it->url = strdup(req->url);
	it->pin_ip = req->pin_ip ? strdup(req->pin_ip) : NULL;
	it->method = req->method ? strdup(req->method) : NULL;
	it->ca_file = req->ca_file ? strdup(req->ca_file) : NULL;
	it->body = req->body ? strdup(req->body) : NULL;
	it->headers = nh ? calloc(nh + 1, sizeof(char *)) : NULL;
	if (!it->url || (req->pin_ip && !it->pin_ip) || (req->method && !it->method) || (nh && !it->headers) ||
	    (req->ca_file && !it->ca_file) || (req->body && !it->body)) {
		item_free(it);
		return ZA_ERR_NOMEM;
	}
	for (size_t i = 0; i < nh; i++)
		if (!(it->headers[i] = strdup(req->headers[i]))) {
			item_free(it);
			return ZA_ERR_NOMEM;
		}
	it->connect_ms = req->connect_ms;
	it->timeout_ms = req->timeout_ms;
	it->verify_tls = req->verify_tls;
	it->connect_first = req->connect_first && e->rtt;
	it->conn_ms = -1;
	it->done = done;
	it->arg = arg;
	it->eng = e;
	if (e->tail)
		e->tail->next = it;
	else
		e->head = it;
	e->tail = it;
	e->st.submitted++;
	return ZA_OK;
}

static struct item *pop(struct engine *e)
{
	struct item *it = e->head;

	if (it) {
		e->head = it->next;
		if (!e->head)
			e->tail = NULL;
		it->next = NULL;
	}
	return it;
}

static void count(struct engine *e, const struct http_resp *resp)
{
	e->st.finished++;
	if (resp->outcome == HTTP_ANSWERED)
		e->st.answered++;
	else if (resp->outcome == HTTP_REFUSED)
		e->st.refused++;
	else if (resp->outcome == HTTP_FILTERED)
		e->st.filtered++;
	else
		e->st.other++;
	if (resp->connect_ms > e->st.max_connect_ms)
		e->st.max_connect_ms = resp->connect_ms;
}

static void finish_item(struct engine *e, struct item *it, struct http_resp *resp)
{
	count(e, resp);
	it->done(it->arg, resp);
	http_resp_free(resp);
	item_free(it);
}

static void fail_item(struct engine *e, struct item *it, const char *why)
{
	struct http_resp resp;

	http_fail_resp(&resp, HTTP_LOCAL_ERROR, why);
	finish_item(e, it, &resp);
}

static void run_link(struct engine *e, struct item *it)
{
	it->prev = NULL;
	it->next = e->run;
	if (e->run)
		e->run->prev = it;
	e->run = it;
	e->running++;
	if (e->running > e->st.peak_in_flight)
		e->st.peak_in_flight = e->running;
}

static void run_unlink(struct engine *e, struct item *it)
{
	if (it->prev)
		it->prev->next = it->next;
	else
		e->run = it->next;
	if (it->next)
		it->next->prev = it->prev;
	it->next = it->prev = NULL;
	e->running--;
}

/* Start its transfer; on a socket the connector connected when fd >= 0. */
static void start_xfer(struct engine *e, struct item *it, int fd)
{
	struct http_req req = {0};
	char err[ZA_MAX_ERR] = "";
	enum za_err r;
	CURL *c;

	req.url = it->url;
	req.pin_ip = it->pin_ip;
	req.method = it->method;
	req.headers = (const char *const *)it->headers;
	req.connect_ms = it->connect_ms;
	req.timeout_ms = it->timeout_ms;
	req.verify_tls = it->verify_tls;
	req.ca_file = it->ca_file;
	req.body = it->body;
	req.use_fd = fd >= 0;
	req.fd = fd;
	r = http_xfer_new(&req, &it->x, err, sizeof(err)); /* takes fd */
	if (r != ZA_OK) {
		fail_item(e, it, r == ZA_ERR_NOMEM ? "out of memory" : err);
		return;
	}
	c = (CURL *)http_xfer_easy(it->x);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (void *)it);
	if (curl_multi_add_handle(e->multi, c) != CURLM_OK) {
		http_xfer_free(it->x);
		it->x = NULL;
		fail_item(e, it, "libcurl refused the transfer");
		return;
	}
	run_link(e, it);
}

/* The connector's word on a connect_first item: an accepted connection goes
 * on to libcurl, anything else is the item's answer. */
static void on_conn(void *arg, const struct conn_result *res)
{
	struct item *it = arg;
	struct engine *e = it->eng;
	struct http_resp resp;

	e->running--;
	it->limit_ms = res->limit_ms;
	if (e->freeing) {
		if (res->connected)
			close(res->fd);
		item_free(it);
		return;
	}
	if (res->connected) {
		it->conn_ms = res->rtt_us / 1000;
		start_xfer(e, it, res->fd);
		return;
	}
	http_fail_resp(&resp, res->outcome, res->detail);
	resp.os_errno = res->os_errno;
	resp.connect_limit_ms = res->limit_ms;
	resp.total_ms = now_ms() - it->t0;
	finish_item(e, it, &resp);
}

static void start_connect(struct engine *e, struct item *it)
{
	struct http_url u;
	const char *ip;

	if (http_url_parse(it->url, &u) != 0) {
		fail_item(e, it, "not a valid URL");
		return;
	}
	ip = it->pin_ip ? it->pin_ip : u.host;
	if (!e->conn && connector_new(e->rtt, &e->conn) != ZA_OK) {
		fail_item(e, it, "out of memory");
		return;
	}
	if (connector_start(e->conn, ip, u.port, it->connect_ms, on_conn, it) != ZA_OK) {
		fail_item(e, it, "out of memory");
		return;
	}
	e->running++;
	if (e->running > e->st.peak_in_flight)
		e->st.peak_in_flight = e->running;
}

/* Start queued items while there is room. */
static void admit(struct engine *e)
{
	while (e->running < e->jobs && e->head) {
		struct item *it = pop(e);
		it->t0 = now_ms();
		if (it->connect_first) {
			start_connect(e, it); /* reuses an idle socket when there is one */
		} else {
			/* the connector's idle sockets hold descriptors too: make room */
			if (e->conn && e->running + connector_idle(e->conn) >= e->jobs)
				connector_trim(e->conn, e->jobs - e->running - 1);
			start_xfer(e, it, -1);
		}
	}
}

static void reap(struct engine *e)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(e->multi, &left))) {
		struct item *it = NULL;
		struct http_resp resp;
		CURL *c = m->easy_handle;
		CURLcode rc = m->data.result;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(c, CURLINFO_PRIVATE, (char **)&it);
		curl_multi_remove_handle(e->multi, c);
		run_unlink(e, it);
		if (http_xfer_finish(it->x, (int)rc, &resp) != ZA_OK)
			snprintf(resp.detail, sizeof(resp.detail), "out of memory");
		it->x = NULL;
		if (it->conn_ms >= 0) { /* the connector's handshake, not libcurl's start on its socket */
			resp.connect_ms = it->conn_ms;
			resp.connect_limit_ms = it->limit_ms;
		}
		finish_item(e, it, &resp);
	}
}

/* The run's deadline passed: everything running or queued ends as an error,
 * except what had already connected: a peer that accepted the connection is
 * reachable, whatever it did after (silent until the deadline). */
static void abort_all(struct engine *e)
{
	if (e->conn)
		connector_abort(e->conn, "the run's deadline was reached during the connection attempt");
	while (e->run) {
		struct item *it = e->run;
		CURL *c = (CURL *)http_xfer_easy(it->x);
		curl_off_t ct = 0;
		curl_multi_remove_handle(e->multi, c);
		run_unlink(e, it);
		if (it->conn_ms >= 0 || (curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &ct) == CURLE_OK && ct > 0)) {
			struct http_resp resp;
			(void)http_xfer_finish(it->x, (int)CURLE_OPERATION_TIMEDOUT, &resp);
			it->x = NULL;
			resp.outcome = HTTP_SILENT;
			snprintf(resp.detail, sizeof(resp.detail), "connected, then nothing before the run's deadline");
			finish_item(e, it, &resp);
			continue;
		}
		http_xfer_free(it->x);
		it->x = NULL;
		fail_item(e, it, "the run's deadline was reached during this request");
	}
	while (e->head)
		fail_item(e, pop(e), "the run's deadline was reached before this request started");
}

enum za_err engine_run(struct engine *e, long deadline_ms)
{
	while (e->head || e->running) {
		int still = 0;
		long wait = 100, cw;
		struct curl_waitfd wfd;

		if (deadline_ms && now_ms() >= deadline_ms)
			abort_all(e);
		else
			admit(e);
		if (curl_multi_perform(e->multi, &still) != CURLM_OK)
			return ZA_ERR_INTERNAL;
		reap(e);
		if (e->conn)
			connector_step(e->conn); /* may start transfers: perform runs them next round */
		if (!e->head && !e->running)
			break;
		if (e->conn && (cw = connector_wait_ms(e->conn)) >= 0 && cw < wait)
			wait = cw;
		if (deadline_ms && deadline_ms - now_ms() < wait)
			wait = deadline_ms - now_ms() > 0 ? deadline_ms - now_ms() : 0;
		if (e->head && e->running < e->jobs)
			wait = 0; /* room for queued items */
		wfd.fd = e->conn ? connector_fd(e->conn) : -1;
		wfd.events = CURL_WAIT_POLLIN;
		wfd.revents = 0;
		if (curl_multi_poll(e->multi, e->conn ? &wfd : NULL, e->conn ? 1 : 0, (int)wait, NULL) != CURLM_OK)
			return ZA_ERR_INTERNAL;
	}
	return ZA_OK;
}

const struct engine_stats *engine_stats(const struct engine *e)
{
	return &e->st;
}

void engine_set_rtt(struct engine *e, struct rtt_table *rtt)
{
	e->rtt = rtt;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	e->freeing = 1;
	if (e->conn)
		connector_abort(e->conn, "the engine was freed");
	connector_free(e->conn);
	while (e->run) {
		struct item *it = e->run;
		curl_multi_remove_handle(e->multi, (CURL *)http_xfer_easy(it->x));
		run_unlink(e, it);
		http_xfer_free(it->x);
		item_free(it);
	}
	while (e->head)
		item_free(pop(e));
	curl_multi_cleanup(e->multi);
	free(e);
}
