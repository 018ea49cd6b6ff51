/*
 * family.h - the probe families and what they share.
 *
 * A probe family is one engine (exposure, discovery, ...) in a table of
 * function pointers: adding a family is one file and one table line. A
 * family walks the policy for what it checks, and for each (check, target)
 * calls probe_begin(), which creates the result and applies the profile
 * (disable, re-grade) and the policy's contract exceptions; a NULL return
 * means "skipped, already recorded". The family then decides the status.
 *
 * Probes never print: progress goes through ctx->progress, set by the CLI.
 */
#ifndef ZA_FAMILY_H
#define ZA_FAMILY_H

#include <stddef.h>

#include "fingerprint.h"
#include "hostfs.h"
#include "sdparse.h"
#include "secretscan.h"
#include "policy.h"
#include "report.h"
#include "result.h"
#include "secret.h"

struct probe_token {
	const char *name;
	struct za_secret *secret; /* NULL when it could not be read */
	char error[ZA_MAX_ERR];   /* why not */
};

struct probe_ctx {
	const struct policy *policy;
	const struct policy_profile *profile;
	const struct fp_db *fp;
	enum za_role role;
	struct result_set *rs;
	struct probe_token *tokens;
	size_t ntokens;
	const struct ss_engine *secrets;   /* compiled secret rules with the known secrets, or NULL */
	const struct hostfs *hostfs;       /* the audited system's files (role host), or NULL */
	int offline;                       /* --root: files only, nothing goes over the network */
	unsigned shard_index, shard_count; /* scan --shard I/N (0: not sharded): exposure probes the
	                                      endpoints whose unit number u has u % N == I - 1 */
	size_t jobs;                       /* transfers in flight at most */
	long deadline_ms;                  /* absolute monotonic deadline of the run, 0 = none */
	size_t done;                       /* results finished so far */
	/* discovery answers read with the real token, by endpoint name (file_sd
	 * compares against them); owned here, freed by probe_ctx_free() */
	struct sd_doc *active;
	const char **active_names;
	size_t nactive;
	/* Prometheus's live game/dev targets as the livetargets family read them
	 * (readiness compares them with discovery's active set): live_read 1 when
	 * read; owned here */
	struct sd_doc live;
	int live_read;
	/* what the run learned, for the report */
	long connect_ms_used;                   /* the longest connect timeout exposure probes used */
	long rtt_floor_ms;                      /* the shortest a network could get; 0 when exposure measured nothing */
	struct run_net nets[ZA_MAX_RTT_REPORT]; /* networks with round trips measured */
	size_t nnets, nets_more;                /* listed, and measured but past the list */
	size_t rtt_untracked;                   /* samples of networks past ZA_MAX_RTT_NETS (they kept connect_ms) */
	char control[256];                      /* how the control target answered, or "" */
	size_t endpoints;                       /* (address, port) endpoints probed */
	void (*progress)(void *arg, size_t done, const char *check, const char *target);
	void *progress_arg;
};

struct probe_family {
	const char *name;
	void (*run)(struct probe_ctx *ctx);
	int files; /* reads the audited system's files: runs under --root (offline) too */
};

size_t probes_family_count(void);
const struct probe_family *probes_family_at(size_t i);

/* Create the result for (check, target); NULL when the profile or an
 * exception skips it (the skipped result is recorded) or memory ran out. */
struct za_result *probe_begin(struct probe_ctx *ctx, const struct check_def *check, const struct policy_host *host,
                              const char *target);
/* Mark a result finished: duration and progress. */
void probe_end(struct probe_ctx *ctx, struct za_result *r, long started_ms);
/* Progress only (the result is decided later). */
void probe_tick(struct probe_ctx *ctx, const struct za_result *r);
long probe_now_ms(void);

/* Keep a discovery answer for later families (takes the document's contents). */
void probe_keep_active(struct probe_ctx *ctx, const char *endpoint, struct sd_doc *doc);
const struct sd_doc *probe_active(const struct probe_ctx *ctx, const char *endpoint);
void probe_ctx_free(struct probe_ctx *ctx);

/* The token named in the policy, or NULL (why says why). */
const struct probe_token *probe_token(const struct probe_ctx *ctx, const char *name);
/* The "Authorization: Bearer ..." header of the policy's token name for a
 * request to url (free with secret_wipe_free), or NULL with why set: the
 * token could not be read, or url is plain HTTP to a host other than
 * loopback (a token never crosses the network in clear). NULL with why ""
 * when name is NULL (no token to send). */
char *probe_auth_for(const struct probe_ctx *ctx, const char *url, const char *name, char *why, size_t whylen);

/* The families (defined in their own files). */
void exposure_run(struct probe_ctx *ctx);
void discovery_run(struct probe_ctx *ctx);
void listeners_run(struct probe_ctx *ctx);
void tls_run(struct probe_ctx *ctx);
void grafana_run(struct probe_ctx *ctx);
void filesd_run(struct probe_ctx *ctx);
void livetargets_run(struct probe_ctx *ctx);
void secrets_run(struct probe_ctx *ctx);
void host_run(struct probe_ctx *ctx);
void readiness_run(struct probe_ctx *ctx);

#endif
