/*
 * za.h - what every zlh-audit module shares: the one error enum, the caps on
 * everything filled from outside, and the error-message convention.
 *
 * Convention: a fallible function returns enum za_err (ZA_OK == 0) and, on
 * failure, writes one human sentence into the caller's buffer (err, errlen)
 * naming the file, line or field at fault. Modules never print and never exit;
 * only scanner/main.c talks to the terminal and picks the exit code.
 *
 * Caps: every buffer filled from outside (files, HTTP bodies, headers) has a
 * cap defined here. Going over a cap is an error or a recorded truncation,
 * never silent.
 */
#ifndef ZA_H
#define ZA_H

#include <stddef.h>

#define ZA_VERSION       "0.1.0"
#define ZA_TOOL_NAME     "zlh-audit"
#define ZA_REPORT_SCHEMA "zlh-audit/report/v1"

enum za_err {
	ZA_OK = 0,
	ZA_ERR_USAGE,    /* bad command line */
	ZA_ERR_POLICY,   /* policy invalid */
	ZA_ERR_INPUT,    /* other input invalid (report, token file, fingerprints) */
	ZA_ERR_IO,       /* a file could not be read or written */
	ZA_ERR_NOMEM,    /* allocation failed */
	ZA_ERR_VANTAGE,  /* the vantage could not be set up (netns, privileges) */
	ZA_ERR_INTERNAL, /* a bug */
	ZA_ERR_CAP,      /* input over a cap of this scanner (za.h): not judged, never a verdict on it */
};

/* Caps (bytes unless said otherwise). */
#define ZA_MAX_POLICY_BYTES       (4u << 20)
#define ZA_MAX_FINGERPRINT_BYTES  (1u << 20)
#define ZA_MAX_REPORT_BYTES       (256u << 20)
#define ZA_MAX_HTTP_BODY          (256u << 10)
#define ZA_MAX_API_BODY           (32u << 20) /* one answer of an admin API (rules, targets, dashboards) */
#define ZA_MAX_HTTP_HEADERS       (32u << 10)
#define ZA_MAX_TOKEN_BYTES        4096u
#define ZA_MAX_EVIDENCE           1024u /* one evidence or message string */
#define ZA_MAX_EVIDENCE_ITEMS     16u
#define ZA_MAX_ERR                512u  /* error-message buffers */
#define ZA_MAX_POLICY_ITEMS       4096u /* hosts, services per host, endpoints ... */
#define ZA_MAX_PLACEHOLDER        256u  /* longest value the placeholder model judges */
#define ZA_MAX_UNIT_CREDS         32u   /* LoadCredential=/EnvironmentFile= files judged per unit */
#define ZA_MAX_UNIT_ENV           64u   /* Environment= assignments kept per unit (GF_*, listen flags) */
#define ZA_MAX_CONFIG_FILES       64u   /* secret files one prometheus.yml names */
#define ZA_MAX_SECRET_LINES       4096u /* secrets in one known-secret file */
#define ZA_MAX_NAME               128u  /* names, ids, profile names */
#define ZA_MAX_URL                2048u
#define ZA_MAX_PATH               1024u      /* a file path on the audited system */
#define ZA_MAX_HOST_TEXT          (4u << 20) /* largest configuration file the host family reads */
#define ZA_MAX_CLI_PATHS          1024u      /* PATH arguments of `secrets scan` (more is a usage error) */
#define ZA_MAX_CLI_TOKENS         64         /* --token options of `scan` (more is a usage error) */
#define ZA_MAX_JOBS_AUTO          2048u /* transfers in flight by default (about 35 KB each: ~84 MB), within the fd limit */
#define ZA_MAX_MERGE_RUNS         1024        /* reports one `merge` reads (the shards of a scan included) */
#define ZA_MAX_MERGE_LIST         256u        /* source addresses, roles, host names a merged vantage lists */
#define ZA_MAX_SHARDS             256         /* N of scan --shard I/N */
#define ZA_MAX_MERGE_ROLES        8           /* --require-role options of `merge` */
#define ZA_MAX_DNS_ADDRS          8           /* addresses kept of one DNS answer */
#define ZA_MAX_SD_GROUPS          65536u      /* target groups in one discovery answer or file_sd file */
#define ZA_MAX_SD_TARGETS         65536u      /* targets per group */
#define ZA_MAX_LABEL_TEXT         (1u << 20)  /* one target group's targets and labels, as scanned for secrets */
#define ZA_MAX_SD_LABELS          256u        /* labels per group */
#define ZA_MAX_SECRET_MATCH       (16u << 10) /* the longest value a secret rule may match */
#define ZA_MAX_FINDINGS_PER_FILE  100u        /* findings kept per file (the rest counted) */
#define ZA_MAX_LINE               (64u << 10) /* one line of text a line scanner judges */
#define ZA_SS_CHUNK_MIN           (32u << 20) /* a regular file is scanned on several cores in chunks of at least this */
#define ZA_MAX_DEPTH              64          /* nesting of a YAML or JSON document walked */
#define ZA_MAX_YAML_NODES         1000000u    /* YAML nodes visited in one prometheus.yml (aliases expand) */
#define ZA_MAX_SOCKETS            4096        /* listening sockets read from the kernel */
#define ZA_MAX_DASH_PROVIDERS     32          /* Grafana dashboard providers read */
#define ZA_MAX_API_DASHBOARDS     2000u       /* dashboards read through Grafana's API per scan */
#define ZA_MAX_GRAFANA_PAGES      100u        /* pages of 1000 of Grafana's dashboard list (more: error) */
#define ZA_MAX_WALK_DEPTH         64          /* directory levels a walk enters (deeper: counted unread) */
#define ZA_MAX_PROMQL_SELECTORS   64          /* vector selectors of one alert expression */
#define ZA_MAX_PROMQL_MATCHERS    16          /* label matchers of one selector */
#define ZA_MAX_DASHBOARDS         4096        /* dashboard files read per scan */
#define ZA_MAX_DASHBOARD_BYTES    (8u << 20)  /* one dashboard file */
#define ZA_MAX_WAIVERS            10000       /* waivers in one file */
#define ZA_MAX_WAIVER_BYTES       (4u << 20)  /* one waiver file */
#define ZA_MAX_CIDR_ADDRS         65536u      /* addresses one policy range may expand to */
#define ZA_MAX_RTT_NETS           65536u      /* networks (/24, /64) whose round-trip times are tracked */
#define ZA_MAX_RTT_REPORT         64u         /* networks listed in run.connect_timeouts (the rest counted) */
#define ZA_MAX_RESOLVED_LISTED    1000u       /* baseline failures listed as resolved in a report (the rest counted) */
#define ZA_MAX_CLAUSE_RESULTS     100u        /* results listed under one clause of the checklist (the rest counted) */
#define ZA_MAX_CONNECT_ADAPTED_MS 15000L      /* longest connect timeout measured round trips may justify */
#define ZA_RTT_FLOOR_MS           100L        /* default shortest adapted connect timeout (timeouts.connect_floor_ms) */
#define ZA_MAX_VANTAGE_ADDRS      16          /* local addresses a vantage reports */
#define ZA_MAX_JUNIT_SUITES       64          /* <testsuite> sections of a JUnit report */
#define ZA_MAX_CLI_KNOWN          64u         /* --known-secret-file options (more is a usage error) */

/* Write a formatted sentence into err (NULL-safe, always terminated). */
void za_seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Name of an error code, for messages. */
const char *za_strerr(enum za_err e);

#endif
