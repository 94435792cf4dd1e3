#!/bin/sh
# Runs mdediag.exe under Wine for the Windows tests: `run-exe.sh WINE64 EXE [ARGS...]`.
# Wine 8 now and then ends a process with SIGSEGV after the exe has written all its output (about one CI
# run in three or five, a different case each time, never in 40 direct reruns of one): the exe is then run
# once more on the same stdin, and only the last run's output is passed on. A status the exe gives (0, 1,
# 2, 75), or a crash on every try, is passed on as it is.
wine=$1
exe=$2
shift 2
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
if [ -t 0 ]; then
  : > "$dir/in"
else
  cat > "$dir/in"
fi
for try in 1 2 3; do
  "$wine" "$exe" "$@" < "$dir/in" > "$dir/out" 2> "$dir/err"
  rc=$?
  # The exe itself ends with 0, 1, 2 or 75; anything else (139: 128 + SIGSEGV, the Wine loader's crash)
  # is Wine's.
  case $rc in 0|1|2|75) break ;; esac
  echo "note: Wine ended the exe with status $rc after try $try ($*); running it again" >> "$dir/retries"
done
[ -f "$dir/retries" ] && cat "$dir/retries" >> "${MDEDIAG_WINE_RETRY_LOG:-/dev/null}"
cat "$dir/out"
cat "$dir/err" >&2
exit "$rc"
