#!/usr/bin/python3
"""placeholder_corpus.py fp|tp - the false-positive corpus of the secrets rules.

Every placeholder and redaction form (REDACTED, [FILTERED], ***, xxxx, <TOKEN>,
${VAR}, {{ .Token }}, YOUR_TOKEN, changeme, percent-encoded and quoted forms,
documentation URLs) is put beside every rule's context: a scan of `fp` must
find nothing. `tp` writes the same contexts with random-looking values (one
per line, each a different value) and must be found in full: a scanner that
finds nothing cannot pass both halves.

Every line of `tp` must carry a finding; the test compares line numbers.
"""
import hashlib
import sys
import urllib.parse

PLACEHOLDERS = [
    "REDACTED", "[REDACTED]", "[FILTERED]", "[MASKED]", "***", "********", "xxxx", "xxxxxxxxxxxxxxxx",
    "XXXXXXXXXXXX", "<TOKEN>", "<your-token>", "${VAR}", "${DISCOVERY_TOKEN}", "$TOKEN", "{{ .Token }}",
    "{{token}}", "YOUR_TOKEN", "your_api_key_here", "YOUR-API-TOKEN", "changeme", "CHANGEME", "change_me",
    "password", "secret", "placeholder", "dummy", "example", "<redacted>", "(redacted)", "*****REDACTED*****",
    "%5BFILTERED%5D", "%5BREDACTED%5D", "%2A%2A%2A", "%24%7BTOKEN%7D", "%3CTOKEN%3E", "REDACTED_TOKEN",
    "<hidden>", "[HIDDEN]", "[removed]", "...", "None", "null",
]

# Rule contexts: each has {v}, the value slot. Quoted variants come from QUOTES.
CONTEXTS = [
    "Authorization: Bearer {v}",
    "authorization={v}",
    "\"authorization\": \"Bearer {v}\"",
    "Proxy-Authorization: Token {v}",
    "GET /api/monitoring/targets?token={v} HTTP/1.1",
    "GET /x?a=1&access_token={v}&b=2 HTTP/1.1",
    "url=https://user:{v}@prometheus.example.com/metrics",
    "http://admin:{v}@localhost:9090/",
    "  password: {v}",
    "  bearer_token: {v}",
    "    password = {v}",
    "client_secret={v}",
    "PVEAPIToken=root@pam!monitoring={v}",
]
QUOTES = ["{v}", "\"{v}\"", "'{v}'"]

# Documentation forms that use the literal words, whatever the host.
DOC_LINES = [
    "see https://user:password@example.com/path for the format",
    "proxy=http://username:password@example.org:3128",
    "DATABASE_URL=postgres://user:pass@example.net/db",
    "curl -H 'Authorization: Bearer YOUR_TOKEN' https://grafana.example.com/api/search",
    "level=info msg=\"request\" headers=\"Authorization: Bearer [REDACTED]\" path=/api/monitoring/targets",
    "{\"level\":\"info\",\"authorization\":\"[FILTERED]\",\"token\":\"[FILTERED]\"}",
    "GET /api/monitoring/targets?token=%5BFILTERED%5D HTTP/1.1",
    "glsa_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_AAAAAAAA",
    "a token with a failing checksum: glsa_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY_00000000",
    "PVEAPIToken=root@pam!monitoring=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
]


def value(i):
    """A random-looking value, different on every line (no placeholder shape)."""
    return hashlib.sha256(b"zlh-tp-%d" % i).hexdigest()[:32]


def pve_uuid(i):
    h = hashlib.sha256(b"zlh-pve-%d" % i).hexdigest()
    return "%s-%s-4%s-8%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "fp"
    out = []
    if mode == "fp":
        for c in CONTEXTS:
            if c.startswith("authorization="):
                continue  # no scheme: not a header the rule knows (the placeholder half keeps it)
            for q in QUOTES:
                for p in PLACEHOLDERS:
                    v = q.format(v=p)
                    out.append(c.format(v=v))
        out.extend(DOC_LINES)
    else:
        i = 0
        for c in CONTEXTS:
            if c.startswith("authorization="):
                continue  # no scheme: not a header the rule knows (the placeholder half keeps it)
            for q in QUOTES if c.lstrip().startswith(("password", "bearer_token", "client_secret")) else ["{v}"]:
                i += 1
                v = pve_uuid(i) if "PVEAPIToken" in c else value(i)
                out.append(c.format(v=q.format(v=v)))
        # a real secret on a line that also holds a redaction is still found
        i += 1
        out.append("Authorization: Bearer [REDACTED] then GET /x?token=%s HTTP/1.1" % value(i))
        i += 1
        out.append("GET /x?token=[FILTERED]&password=%s HTTP/1.1" % value(i))
        # localhost and example.com do not make a random-looking credential a placeholder
        i += 1
        out.append("http://user:%s@example.com/" % value(i))
        # near-placeholders that are real (weak or odd) secrets: a symbol, another
        # script, an encoded leading $ < {{ before random text, digits after a word
        for v in ["Password!", "ChangeMe!", "Secret!1", "\u041f\u0430\u0440\u043e\u043b\u044c\u0421\u0435\u043a\u0440\u0435\u0442",
                  "$Kx9mQ2vLp8Zr7", "redacted2024", "xxxx1234yz"]:
            out.append("  password: %s" % v)
        for v in ["%24Kx9mQ2vLp8Zr7", "%3CKx9mQ2vLp8Zr7", "%7B%7BKx9mQ2vLp8Zr7"]:
            out.append("https://admin:%s@h.example/" % v)
            out.append("GET /x?token=%s HTTP/1.1" % v)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
