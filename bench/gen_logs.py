#!/usr/bin/python3
"""gen_logs.py OUT_DIR SIZE_MB [--near-miss PERCENT] - deterministic synthetic logs for bench/secrets.sh.

Writes OUT_DIR/zlh.log: nginx access lines, JSON API log lines and journal
lines (as ZeroLagHub's API, agent, sync and backup would write), SIZE_MB
megabytes, with secrets of every rule planted at known lines and decoys
(placeholders and look-alikes that must not be reported). The planted and
decoy line numbers go to OUT_DIR/manifest.json, the known secret to
OUT_DIR/known.token. Same arguments, same bytes.

With --near-miss PERCENT (1-5) it is the prefilter-hostile generator: that
share of the ordinary lines carries a near-miss, text that a scanner's
literal prefilter stops at and that must not be reported: token= with a
redacted value, Authorization: Bearer ***, eyJ pagination cursors that are
base64 JSON but no JWT, glsa_ tokens with a bad checksum, request UUIDs and
sha256 digests. Their line numbers are listed as "near_misses" in the
manifest (the planted secrets are the same)."""
import base64
import json
import os
import random
import sys
import zlib


def glsa(secret):
    crc = zlib.crc32(("glsa_" + secret).encode()) & 0xFFFFFFFF
    return "glsa_%s_%s" % (secret, crc.to_bytes(4, "little").hex())


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    near = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--near-miss" else 0.0
    rnd = random.Random(20261127)
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    rs = lambda n: "".join(rnd.choice(alnum) for _ in range(n))
    hexs = lambda n: "".join(rnd.choice("0123456789abcdef") for _ in range(n))
    known = "zlh-monitoring-" + rs(24)
    with open(os.path.join(out, "known.token"), "w") as f:
        f.write(known + "\n")
    os.chmod(os.path.join(out, "known.token"), 0o600)

    def uuid():
        h = hexs(32)
        return "%s-%s-4%s-8%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:])

    def jwt():
        b = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
        return "%s.%s.%s" % (b({"alg": "HS256", "typ": "JWT"}), b({"sub": rs(8), "exp": 1900000000}), rs(43))

    plants = [
        ("grafana-service-account-token", lambda: 'api: grafana client token=%s' % glsa(rs(32))),
        ("grafana-cloud-token", lambda: 'alloy: loki.write password = "glc_%s"' % base64.b64encode(
            json.dumps({"o": str(rnd.randint(100000, 999999)), "n": "zlh", "k": rs(24), "m": {"r": "prod-eu-west-2"}},
                       separators=(",", ":")).encode()).decode().rstrip("=")),
        ("grafana-api-key-legacy", lambda: "sync: grafana key %s" % base64.b64encode(
            json.dumps({"k": rs(32), "n": "sync", "id": 1}, separators=(",", ":")).encode()).decode()),
        ("jwt", lambda: "api: session authorization-less cookie jwt=%s" % jwt()),
        ("proxmox-api-token", lambda: "backup: Authorization: PVEAPIToken=root@pam!backup=%s" % uuid()),
        ("http-authorization-header", lambda: '203.0.113.7 - - [27/Nov/2026:10:00:00 +0000] "GET /v1 HTTP/1.1" 200 12 "-" "curl" "Authorization: Bearer %s"' % hexs(40)),
        ("url-userinfo", lambda: "sync: fetching http://monitor:%s@203.0.113.10:9090/api/v1/targets" % rs(16)),
        ("url-query-token", lambda: '198.51.100.9 - - [27/Nov/2026:10:00:00 +0000] "GET /api/monitoring/targets?access_token=%s HTTP/1.1" 200 512' % hexs(32)),
        ("private-key", lambda: "agent: dumped key -----BEGIN EC PRIVATE KEY-----%s-----END EC PRIVATE KEY-----" % base64.b64encode(os.urandom(0) + rnd.randbytes(90)).decode()),
        ("config-inline-secret", lambda: '  password: "%s"' % rs(20)),
        ("known-secret", lambda: "velocity: registration callback token %s accepted" % known),
    ]
    decoys = [
        lambda: "api: Authorization: Bearer <token>",
        lambda: "api: Authorization: Bearer ${MONITORING_TOKEN}",
        lambda: "sync: http://admin:xxxxx@prometheus:9090/metrics",
        lambda: "sync: url=https://user@host/x",
        lambda: "agent: glsa_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_AAAAAAAA",
        lambda: "agent: static void GLC_CreateLightmapTextureArray(void);",
        lambda: "backup: PVEAPIToken=root@pam!monitoring=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        lambda: "api: GET /api/x?token=&a=1",
        lambda: "config: password_file: /etc/prometheus/pw",
        lambda: '  password = sys.env("LOKI_PASSWORD")',
        lambda: "agent: -----BEGIN PUBLIC KEY-----MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-----END PUBLIC KEY-----",
    ]
    def cursor():
        return base64.urlsafe_b64encode(json.dumps({"page": rnd.randint(2, 900), "sort": "desc",
                                                    "after": rnd.randint(10**6, 10**7)}).encode()).decode().rstrip("=")

    def bad_glsa():
        good = glsa(rs(32))
        return good[:-8] + ("%08x" % ((int(good[-8:], 16) + 1) & 0xFFFFFFFF))

    near_misses = [
        lambda: '203.0.113.%d - - [27/Nov/2026:10:00:00 +0000] "GET /api/monitoring/targets?token=[REDACTED] HTTP/1.1" 200 %d "-" "Prometheus/2.42.0"' % (rnd.randint(1, 254), rnd.randint(100, 9000)),
        lambda: '198.51.100.%d - - [27/Nov/2026:10:00:01 +0000] "GET /api/servers/%d?access_token=**** HTTP/1.1" 401 0 "-" "curl/7.88.1"' % (rnd.randint(1, 254), rnd.randint(100, 999)),
        lambda: json.dumps({"level": "debug", "svc": "api", "msg": "upstream request", "headers": {"Authorization": "Bearer ***"}}),
        lambda: json.dumps({"level": "info", "svc": "api", "msg": "list servers", "cursor": "eyJ" + cursor()[3:], "vmid": rnd.randint(100, 999)}),
        lambda: "Nov 27 10:00:02 zlh-host zlh-agent[%d]: rejected grafana token %s (bad checksum)" % (rnd.randint(1000, 9999), bad_glsa()),
        lambda: json.dumps({"level": "info", "svc": "backup", "request_id": uuid(), "image": "sha256:" + hexs(64)}),
        lambda: "Nov 27 10:00:03 zlh-host monitor-sync[%d]: GET https://api.zlh.example/api/monitoring/targets Authorization: Bearer <token> -> 200" % rnd.randint(1000, 9999),
        lambda: '203.0.113.%d - - [27/Nov/2026:10:00:04 +0000] "GET /login?next=/d/zlh-core&password= HTTP/1.1" 200 %d "-" "Mozilla/5.0"' % (rnd.randint(1, 254), rnd.randint(100, 9000)),
    ]
    manifest_near = []
    paths = ["/api/monitoring/targets", "/api/servers/%d/status", "/api/game/%d/backup", "/healthz", "/metrics"]
    agents = ["Prometheus/2.42.0", "curl/7.88.1", "Mozilla/5.0 (X11; Linux x86_64)", "zlh-agent/1.4"]
    target = size_mb << 20
    manifest = {"planted": [], "decoys": []}
    line_no = 0
    written = 0
    # a plant or decoy every N lines, spread over the whole file
    approx_lines = target // 120
    plant_every = max(approx_lines // (6 * len(plants) + 1), 50)
    decoy_every = max(approx_lines // (3 * len(decoys) + 1), 60)
    pi = di = 0
    with open(os.path.join(out, "zlh.log"), "w") as f:
        while written < target:
            lines = []
            for _ in range(8192):
                line_no += 1
                if line_no % plant_every == 0 and pi < 6 * len(plants):
                    rule, mk = plants[pi % len(plants)]
                    pi += 1
                    lines.append(mk())
                    manifest["planted"].append([line_no, rule])
                    continue
                if line_no % decoy_every == 7 and di < 3 * len(decoys):
                    lines.append(decoys[di % len(decoys)]())
                    di += 1
                    manifest["decoys"].append(line_no)
                    continue
                if near and rnd.random() * 100 < near:
                    lines.append(rnd.choice(near_misses)())
                    manifest_near.append(line_no)
                    continue
                k = line_no % 3
                if k == 0:
                    p = rnd.choice(paths)
                    if "%d" in p:
                        p = p % rnd.randint(100, 999)
                    lines.append('%d.%d.%d.%d - - [27/Nov/2026:10:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "%s"' % (
                        203, 0, 113, rnd.randint(1, 254), rnd.randint(0, 59), rnd.randint(0, 59), p,
                        rnd.choice((200, 200, 200, 304, 404)), rnd.randint(100, 9000), rnd.choice(agents)))
                elif k == 1:
                    lines.append(json.dumps({"ts": "2026-11-27T10:%02d:%02dZ" % (rnd.randint(0, 59), rnd.randint(0, 59)),
                                             "level": rnd.choice(("info", "info", "warn", "debug")),
                                             "svc": rnd.choice(("api", "agent", "sync", "backup")),
                                             "vmid": rnd.randint(100, 999), "msg": "operation " + rs(12) + " done",
                                             "duration_ms": rnd.randint(1, 5000)}))
                else:
                    lines.append("Nov 27 10:%02d:%02d zlh-host %s[%d]: %s container %d %s" % (
                        rnd.randint(0, 59), rnd.randint(0, 59), rnd.choice(("zlh-api", "zlh-agent", "monitor-sync")),
                        rnd.randint(1000, 9999), rnd.choice(("started", "stopped", "backup done", "restore queued")),
                        rnd.randint(100, 999), rs(rnd.randint(4, 30))))
            block = "\n".join(lines) + "\n"
            f.write(block)
            written += len(block)
    manifest["near_misses"] = manifest_near
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    print("%d lines, %d planted, %d decoys, %d near-misses" % (line_no, len(manifest["planted"]),
                                                              len(manifest["decoys"]), len(manifest_near)))


if __name__ == "__main__":
    main()
