#!/bin/sh
# expect.sh RC STREAM TEXT... -- COMMAND [ARGS...]
# Runs COMMAND and passes if it exits with RC and its STREAM (stdout or stderr) contains every
# TEXT (fixed strings). Used by the oauth-mock-server CLI tests in mock_server/CMakeLists.txt.
expected_rc=$1
stream=$2
shift 2
texts=""
count=0
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
    count=$((count + 1))
    eval "text_$count=\$1"
    shift
done
[ "$1" = "--" ] || { echo "expect.sh: missing -- before the command" >&2; exit 2; }
shift
out=$(mktemp) && err=$(mktemp) || exit 2
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
rc=$?
status=0
if [ "$rc" != "$expected_rc" ]; then
    echo "FAIL: exit code $rc, expected $expected_rc" >&2
    status=1
fi
case "$stream" in
    stdout) file=$out ;;
    stderr) file=$err ;;
    *) echo "expect.sh: STREAM must be stdout or stderr" >&2; exit 2 ;;
esac
i=1
while [ "$i" -le "$count" ]; do
    eval "text=\$text_$i"
    if ! grep -qF -- "$text" "$file"; then
        echo "FAIL: $stream does not contain: $text" >&2
        status=1
    fi
    i=$((i + 1))
done
if [ "$status" != 0 ]; then
    echo "--- stdout:" >&2; cat "$out" >&2
    echo "--- stderr:" >&2; cat "$err" >&2
fi
exit $status
