#!/usr/bin/env bash
# Credentials written into a URL (user:pass@host) are never sent: the auth
# gate's "two GETs without credentials" stays without credentials even when
# the policy's grafana_url carries them. A loopback server that answers 401
# unless it is sent an Authorization header records what arrived.
source "$(dirname "$0")/lib.sh" "$@"
cat >srv.py <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open("seen.log", "a") as f:
            f.write("%s auth=%s\n" % (self.path, "yes" if self.headers.get("Authorization") else "no"))
        if self.headers.get("Authorization"):
            body = b"[]" if self.path.startswith("/api/search") else b"<html>Grafana</html>"
            self.send_response(200)
        else:
            body = b"{}"
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="grafana"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open("port", "w").write(str(s.server_address[1]))
s.serve_forever()
PY
/usr/bin/python3 srv.py &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s port ] && break; sleep 0.1; done
PORT=$(cat port)
cat >p.json <<JSON
{"name": "url-creds", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "grafana_url": "http://admin:hunter2@127.0.0.1:$PORT/"}
JSON
run 0 gate scan --policy p.json --vantage-name admin-box --out out --format json
grep -q 'auth=' seen.log && ok "the server was asked" || bad "no request reached the server"
if grep -q 'auth=yes' seen.log; then bad "credentials from the URL were sent: $(cat seen.log)"; else ok "no Authorization header was sent"; fi
/usr/bin/python3 - out/report.json <<'PY' && ok "grafana.auth-gate passes: authentication is demanded" || bad "grafana.auth-gate"
import json, sys
st = [c["status"] for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "grafana.auth-gate"]
assert st == ["pass"], st
PY
if grep -rqF hunter2 out ./*.out ./*.err; then bad "the URL's password reached an output"; else ok "the URL's password appears nowhere"; fi

# a bearer token is never sent over plain HTTP to a host other than loopback:
# the check is an error naming why, and no request leaves (198.51.100.7 is a
# documentation address; nothing is sent to it)
printf 'sekr3t-token-value\n' >t.token
chmod 600 t.token
cat >plain.json <<JSON
{"name": "plain-token", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "token_files": {"prom": "$T/t.token"},
 "prometheus_url": "http://198.51.100.7:9/", "prometheus_token": "prom"}
JSON
run 3 plain scan --policy plain.json --vantage-name admin-box --out plain-out --format json
/usr/bin/python3 - plain-out/report.json <<'PY' && ok "the token is not sent over plain HTTP to another host: an error says so" || bad "plain-HTTP token rule"
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "prometheus.targets-down"]
assert c and c[0]["status"] == "error" and "not sent over plain HTTP" in c[0]["message"], c
PY
if grep -rqF sekr3t-token-value plain-out ./*.out ./*.err; then bad "the token reached an output"; else ok "the token appears nowhere"; fi
finish
