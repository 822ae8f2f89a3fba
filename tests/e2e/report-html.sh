#!/bin/bash
# The HTML report (--report FILE.html): one self-contained page that parses
# back with python3's html.parser, with no script, no resource or link to
# anywhere, every value escaped (an -o value full of markup shows as text),
# the verdict, its cause and the tool's version at the top, and no value of
# a command-running option (which may carry a password).
. "${abs_top_srcdir:-.}/tests/e2e/common.sh"
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
# A refused port of the lab's server (a loopback target would be this
# machine, and its report would hold this machine's own server checks).
. "$SRCDIR/tests/lab/lab.sh"
lab_require
lab_up
port=47022
lab_client "$SW" --batch --no-ssh-config "$LAB_SERVER_IP" -p "$port" \
	-o 'SetEnv=X=<script>alert("&")</script>' \
	-o 'LocalCommand=echo SECRETPW' \
	--report "$TMP/r.html" --report "$TMP/r.json" >/dev/null 2>&1
check "the HTML report exists" [ -s "$TMP/r.html" ]
check "the HTML report is mode 600" [ "$(stat -c %a "$TMP/r.html")" = 600 ]
check "no secret of a command-running option" bash -c "! grep -q SECRETPW \"\$1\"" _ "$TMP/r.html"
check "the version is named" grep -qF "sshwizard $(jq -r .tool.version "$TMP/r.json")" "$TMP/r.html"
check "JSON: the options are listed" \
	[ "$(jq -r '.tool.options | index("LocalCommand=(not shown)") != null' "$TMP/r.json")" = true ]
python3 - "$TMP/r.html" <<'PY'
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "link", "input"}
URL_ATTRS = {"src", "href", "action", "srcset", "data", "poster", "formaction"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.text = [], [], {}
        self.tags = set()
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("script", "iframe", "object", "embed", "link", "img", "form", "base"):
            self.problems.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event attribute %s" % k)
            if k in URL_ATTRS:
                self.problems.append("URL attribute %s=%r" % (k, v))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("unbalanced </%s> (open: %s)" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
    def handle_data(self, data):
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)

c = Check()
page = open(sys.argv[1], encoding="utf-8").read()
c.feed(page)
c.close()
fails = list(c.problems)
if c.stack:
    fails.append("left open: %s" % c.stack)
for needle in ("://", "url(", "@import"):
    if needle in page:
        fails.append("external reference %r" % needle)
h2 = " ".join(c.text.get("h2", []))
if "Verdict: The SSH port refuses connections" not in h2:
    fails.append("no verdict heading: %r" % h2)
code = " ".join(c.text.get("code", []))
if "port.refused" not in code:
    fails.append("cause not shown")
if 'SetEnv=X=<script>alert("&")</script>' not in code:
    fails.append("the -o value is not shown as text")
for f in fails:
    print("FAIL: html: " + f)
print("ok: html parsed, %d kinds of element" % len(c.tags))
sys.exit(1 if fails else 0)
PY
check "the HTML parses back clean (see above)" [ $? -eq 0 ]
# The JSON of the same run against the published schema (when python3 has
# jsonschema).
if python3 -c 'import jsonschema' 2>/dev/null; then
	check "the JSON report matches data/report.schema.json" python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
' "$SRCDIR/data/report.schema.json" "$TMP/r.json"
else
	echo "ok: # SKIP schema check: python3 has no jsonschema"
fi
finish
