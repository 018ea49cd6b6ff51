/*
 * engine.h - many HTTP transfers at once: libcurl multi with the scanner's
 * own admission control (at most `jobs` transfers in flight; the rest wait in
 * a queue), every transfer built by http_xfer_new() so the per-transfer rules
 * (deadlines, caps, no redirects, no cookies) hold here too.
 *
 *   struct engine *e;
 *   engine_new(256, &e);
 *   engine_submit(e, &req, on_done, arg);   // copies what it needs of req
 *   engine_run(e, deadline);                 // until the queue is empty
 *   engine_free(e);
 *
 * on_done(arg, resp) runs on the engine's thread once per submitted request,
 * always - a transfer that could not start or hit the run's deadline gets an
 * outcome of HTTP_LOCAL_ERROR with the reason in resp->detail. The callback
 * may submit more requests (the next step of a probe). resp belongs to the
 * engine: copy what you keep.
 *
 * The number of transfers in flight is clamped to the file-descriptor limit
 * (libcurl reports running out of descriptors as a connect failure with errno
 * 0, which would look like a closed port).
 */
#ifndef ZA_ENGINE_H
#define ZA_ENGINE_H

#include <stddef.h>

#include "http.h"
#include "za.h"

struct engine;

typedef void (*engine_done_fn)(void *arg, struct http_resp *resp);

struct engine_stats {
	size_t submitted, finished, answered, refused, filtered, other;
	long max_connect_ms; /* slowest TCP connect seen */
	size_t peak_in_flight;
	size_t jobs; /* the concurrency actually used */
};

/* The transfers in flight a run can afford: jobs (0: ZA_MAX_JOBS_AUTO,
 * the default) within the file-descriptor limit, whose soft value is raised
 * to the hard one first (64 kept spare). */
size_t engine_jobs(size_t jobs);
enum za_err engine_new(size_t jobs, struct engine **out);
enum za_err engine_submit(struct engine *e, const struct http_req *req, engine_done_fn done, void *arg);
/* deadline_ms: absolute CLOCK_MONOTONIC milliseconds (probe_now_ms()), or 0
 * for none. Transfers still queued or running then finish as errors. */
enum za_err engine_run(struct engine *e, long deadline_ms);
const struct engine_stats *engine_stats(const struct engine *e);
/* Requests with connect_first connect through a connector (connector.h)
 * whose timeouts come from rtt (the caller's; it learns every answer's round
 * trip): an accepted connection is handed to libcurl, a refusal or silence
 * is the request's answer without libcurl (resp->connect_limit_ms says the
 * timeout it had). Without a table connect_first is ignored. */
struct rtt_table;
void engine_set_rtt(struct engine *e, struct rtt_table *rtt);
void engine_free(struct engine *e);

#endif
