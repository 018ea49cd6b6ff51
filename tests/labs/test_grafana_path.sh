#!/usr/bin/env bash
# Grafana's intended path: the real Debian nginx with TLS (a certificate the
# test makes) and basic auth in front of the Grafana fixture passes every
# check; a second nginx that proxies an anonymous Grafana without auth, still
# accepts TLS 1.0 and serves an expired certificate fails each of them.
# Covers probes/grafana.c (grafana.auth-gate), tls.c and engines/tlsprobe.c end to end.
source "$(dirname "$0")/common.sh"
lab_require
lab_ca
lab_ca_expired
lab_start_grafana 127.0.0.1:3000
lab_start_grafana 127.0.0.1:3001 --anonymous
printf 'admin:%s\n' "$(openssl passwd -apr1 'lab-only-password')" >"$LAB_DIR/htpasswd"
lab_start_nginx good "
  server {
    listen 203.0.113.10:443 ssl;
    ssl_certificate $LAB_CERT;
    ssl_certificate_key $LAB_KEY;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      auth_basic \"ZeroLagHub monitoring\";
      auth_basic_user_file $LAB_DIR/htpasswd;
      proxy_pass http://127.0.0.1:3000;
    }
  }"
lab_start_nginx bad "
  server {
    listen 203.0.113.10:8443 ssl;
    ssl_certificate $LAB_OLD_CERT;
    ssl_certificate_key $LAB_OLD_KEY;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers DEFAULT:@SECLEVEL=0;
    location / { proxy_pass http://127.0.0.1:3001; }
  }"
lab_wait "$LAB_NS_MON" 203.0.113.10 443
lab_wait "$LAB_NS_MON" 203.0.113.10 8443

policy() { # URL
	cat <<-JSON
		{"name": "grafana-path", "version": "1",
		 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
		 "fingerprints": "$ROOT/policies/fingerprints.json",
		 "grafana_url": "$1", "tls": {"ca_file": "$LAB_CA", "min_days": 14}}
	JSON
}
policy https://203.0.113.10/ >good.json
scan good --policy good.json --vantage "netns:$LAB_NS_OUT"
expect_rc good 0
G=https://203.0.113.10/
$ASSERT good/report.json verdict=pass count=4 \
	"grafana.auth-gate@$G=pass" "grafana.auth-gate@$G.message~authentication is demanded (401" \
	"grafana.auth-gate@$G.evidence~WWW-Authenticate: Basic" \
	"tls.required@$G=pass" "tls.version@$G=pass" "tls.certificate@$G=pass"

policy https://203.0.113.10:8443/ >bad.json
scan bad --policy bad.json --vantage "netns:$LAB_NS_OUT"
expect_rc bad 1
B=https://203.0.113.10:8443/
$ASSERT bad/report.json verdict=fail \
	"grafana.auth-gate@$B=fail" "grafana.auth-gate@$B.message~dashboards are listed without credentials" \
	"tls.version@$B=fail" "tls.version@$B.message~still accepts TLSv1" \
	"tls.certificate@$B=fail" "tls.certificate@$B.message~expired"

# a certificate that expires within the policy's window fails too
sed -e 's/"min_days": 14/"min_days": 365/' good.json >soon.json
scan soon --policy soon.json --vantage "netns:$LAB_NS_OUT"
$ASSERT soon/report.json "tls.certificate@$G=fail" "tls.certificate@$G.message~(policy: at least 365)"
