#!/bin/bash
# sshwizard --batch --lang ja against a port nothing listens on (the lab's
# server, not this machine, whose own sshd the test does not control): the
# verdict (port.refused) reads in Japanese in the summary and in the JSON and
# Markdown reports, the commands stay as they are, and every id, key, probe
# name and outcome equals the English run's.
. "${abs_top_srcdir:-.}/tests/i18n/i18n-lib.sh"
. "$SRCDIR/tests/lab/lab.sh"
lab_require
lab_up
port=47022
run() {
	lang=$1
	lab_client "$SW" --batch --no-ssh-config --lang "$lang" "$LAB_SERVER_IP" -p "$port" \
		--report "$TMP/$lang.json" --report "$TMP/$lang.md" >"$TMP/$lang.out" 2>&1
}
run en; rc_en=$?
LANG=ja_JP.UTF-8 run ja; rc_ja=$?
cat "$TMP/ja.out"
check "English run: exit status 1" [ "$rc_en" -eq 1 ]
check "Japanese run: exit status 1" [ "$rc_ja" -eq 1 ]
check "the Japanese JSON is valid" jq -e . "$TMP/ja.json" >/dev/null || finish
check "the English verdict is port.refused" \
	[ "$(jq -r .verdict.cause "$TMP/en.json")" = port.refused ]
check "the JSON says lang ja" [ "$(jq -r .lang "$TMP/ja.json")" = ja ]
check "the JSON says lang en" [ "$(jq -r .lang "$TMP/en.json")" = en ]

# Everything a program compares is the same in both languages.
ids='{status, cause: .verdict.cause, side: .verdict.side, node: .verdict.node,
	current_node, target: (.target | del(.timeout_ms)),
	where: [.verdict.suggestions[].where],
	commands: [.verdict.suggestions[].command],
	steps: [.steps[] | {index, node, kind, probe, outcome, state,
		keys: (.evidence | keys)}]}'
jq -S "$ids" "$TMP/en.json" >"$TMP/en.ids"
jq -S "$ids" "$TMP/ja.json" >"$TMP/ja.ids"
check "ids, keys, probes, outcomes and commands equal the English run's" \
	diff -u "$TMP/en.ids" "$TMP/ja.ids"

# The texts are the catalogue's Japanese for the English run's texts.
same_as_catalogue() {
	en=$(jq -r "$1" "$TMP/en.json"); ja=$(jq -r "$1" "$TMP/ja.json")
	[ -n "$en" ] && [ "$en" != null ] && [ "$ja" != "$en" ] &&
		[ "$ja" = "$(tr_msg ja "$en")" ]
}
check "verdict.title is Japanese" same_as_catalogue .verdict.title
check "verdict.explanation is Japanese" same_as_catalogue .verdict.explanation
n=$(jq '.verdict.suggestions | length' "$TMP/en.json")
check "there are suggestions" [ "$n" -gt 0 ]
for i in $(seq 0 $((n - 1))); do
	check "suggestion $i: why is Japanese" same_as_catalogue ".verdict.suggestions[$i].why"
done
for i in $(seq 0 $(($(jq '.steps | length' "$TMP/en.json") - 1))); do
	check "step $i: title is Japanese" same_as_catalogue ".steps[$i].title"
done

# Markdown: the Japanese explanation, each command verbatim, the cause id.
expl=$(jq -r .verdict.explanation "$TMP/ja.json")
sed -e 's/\\\(.\)/\1/g' "$TMP/ja.md" >"$TMP/ja.md.plain"
check "the Markdown report holds the Japanese explanation" \
	grep -qF -- "$expl" "$TMP/ja.md.plain"
check "the Markdown report holds the Japanese title" \
	grep -qF -- "$(jq -r .verdict.title "$TMP/ja.json")" "$TMP/ja.md.plain"
check "the Markdown report names port.refused" grep -q 'port\\\?\.refused' "$TMP/ja.md"
while IFS= read -r cmd; do
	check "the Markdown report holds the command: $cmd" grep -qF -- "$cmd" "$TMP/ja.md"
done < <(jq -r '.verdict.suggestions[].command' "$TMP/ja.json")
check "the English Markdown has no Japanese" eval '! has_japanese "$TMP/en.md"'
check "the summary on the terminal is Japanese" has_japanese "$TMP/ja.out"
check "the summary names port.refused" grep -q 'port\.refused' "$TMP/ja.out"
finish
