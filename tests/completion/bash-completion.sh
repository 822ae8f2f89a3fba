#!/bin/bash
# Drives the bash completion of sshwizard without a terminal: sources
# completion/sshwizard, sets COMP_LINE/COMP_POINT/COMP_WORDS/COMP_CWORD
# as bash would, calls _sshwizard and checks COMPREPLY, in a scratch HOME
# whose ssh config has Include and patterns.
. "$abs_top_srcdir/tests/e2e/common.sh"
. "$abs_top_srcdir/completion/sshwizard"

cat >"$HOME/.ssh/config" <<'CFG'
# a comment
Host alpha beta
    HostName 127.0.0.1
Host *.internal !bad gamma? pat*
Include conf.d/*.conf
  include ~/.ssh/extra "missing-file"
Match host alpha
    User root
HOST=omega
Host *
Host $(touch${IFS}$HOME/pwned) `touch${IFS}$HOME/pwned2` a&b
CFG
mkdir -p "$HOME/.ssh/conf.d"
printf 'Host delta\n  Port 2222\nHost=epsilon\n' >"$HOME/.ssh/conf.d/one.conf"
printf 'Host zeta # trailing comment\n' >"$HOME/.ssh/extra"
cat >"$HOME/.ssh/known_hosts" <<'KH'
eta,192.0.2.5 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA
|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB
[theta]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC
@cert-authority *.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID
@revoked iota ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE
KH
printf 'Host kappa\n' >"$TMP/other.conf"
# Completion runs in the user's folder: its file names must not leak in
# through a glob (Host *).
mkdir "$TMP/cwd" && touch "$TMP/cwd/decoy" && cd "$TMP/cwd" || exit 99

# complete LINE: COMPREPLY for the cursor at the end of LINE, one a line.
complete_line() {
	COMP_LINE=$1
	COMP_POINT=${#1}
	# bash's own split: blanks, and = and : as words of their own.
	read -ra COMP_WORDS <<<"$(printf '%s' "$1" | sed 's/\([=:@]\)/ \1 /g')"
	[[ $1 == *[[:space:]] ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_sshwizard
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect DESC LINE WORD...: exactly these candidates.
expect() {
	local desc=$1 line=$2 got want
	shift 2
	got=$(complete_line "$line" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then ok "$desc"
	else not_ok "$desc: '$line' gave [$got], want [$want]"; fi
}

# has DESC LINE WORD...: these among the candidates.
has() {
	local desc=$1 line=$2 got w
	shift 2
	got=$(complete_line "$line")
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" || { not_ok "$desc: '$line' lacks $w ($(echo $got))"; return; }
	done
	ok "$desc"
}

# lacks DESC LINE WORD...: none of these among the candidates.
lacks() {
	local desc=$1 line=$2 got w
	shift 2
	got=$(complete_line "$line")
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" && { not_ok "$desc: '$line' offers $w"; return; }
	done
	ok "$desc"
}

hosts="alpha beta delta epsilon zeta omega eta 192.0.2.5 theta"
has "hosts of the config, Include'd files and known_hosts" "$SW " $hosts
lacks "no patterns, hashed names, markers or keywords" "$SW " \
	'*.internal' '!bad' 'gamma?' 'pat*' '*.example.org' iota '|1|c2FsdA==|aGFzaA==' \
	'[theta]:2222' alpha,beta root host '#' decoy '*' 'a&b'
if [ ! -e "$HOME/pwned" ] && [ ! -e "$HOME/pwned2" ]; then
	ok "nothing in a Host line is run"
else
	not_ok "a command in a Host line was run"
fi
expect "-F FILE replaces the user's config" "$SW -F $TMP/other.conf " \
	kappa eta 192.0.2.5 theta
expect "a host prefix" "$SW de" delta
# @ is a word-break character: readline replaces only what follows it.
expect "user@host" "$SW alice@ep" epsilon
expect "--via user@host" "$SW --via bob@ze" zeta
expect "an option prefix" "$SW --la" --lang
expect "--lang values from the catalogues" "$SW --lang " \
	$("$SW" --list langs)
expect "--lang=VALUE" "$SW --lang=j" ja
has "--answer offers the tree's question ids" "$SW --batch --answer " \
	$("$SW" --list questions | sed 's/=.*/=/' | sort -u)
choices=$("$SW" --list questions | sed -n '1s/=.*//p')
[ -n "$choices" ] || not_ok "--list questions printed nothing"
# bash's COMP_WORDS then ends in "=", but readline replaces what follows.
expect "--answer NODE= offers that node's choices" "$SW --answer $choices=" \
	$("$SW" --list questions | sed -n "s/^$choices=//p")
first=$("$SW" --list questions | sed -n "1s/^$choices=//p")
expect "--answer NODE=PREFIX" "$SW --answer $choices=${first%?}" \
	$("$SW" --list questions | sed -n "s/^$choices=\(${first%?}\)/\1/p")
expect "--list" "$SW --list " questions langs causes

# Every option --help shows is offered after '-'.
opts=$("$SW" --help | awk '/^  -/ { for (i = 1; i <= NF; i++) {
	w = $i; sub(/,$/, "", w); if (w !~ /^--?[a-zA-Z]/) break; print w } }' | sort -u)
has "every --help option" "$SW -" $opts
[ "$(echo $opts | wc -w)" -ge 20 ] || not_ok "too few options in --help"

[ "$failures" -eq 0 ]
