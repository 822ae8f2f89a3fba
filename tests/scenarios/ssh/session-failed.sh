#!/bin/bash
# The login is accepted but a ForceCommand fails (prints a line and exits
# 3): ssh exits 3.  The verdict is session.failed with the exit status and
# the first line of output.  A second run with /bin/false as the shell gets
# session.no_shell (exit 1 without a word).
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "ForceCommand echo 'quota exceeded for alice' >&2; exit 3"
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "logged in with the password" [ "$(step_ev ssh.auth logged_in_with)" = password ]
check "cause is session.failed" [ "$(cause)" = session.failed ]
check "the exit status is 3" [ "$(step_ev ssh.session exit_status)" = 3 ]
check "the output is quoted" grep -q "quota exceeded for alice" <<<"$(step_ev ssh.session output)"
check "the password is not in the report" not grep -qF "$LAB_PASSWORD" "$REPORT"
lab_sshd_stop
lab_user_shell /bin/false
lab_sshd
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "/bin/false: cause is session.no_shell" [ "$(cause)" = session.no_shell ]
check "/bin/false: nothing printed, exit 1" [ "$(step_ev ssh.session exit_status)" = 1 ]
finish
