#!/bin/sh
# Runs mdediag.exe under Wine for the Windows tests: `run-exe.sh WINE64 EXE [ARGS...]`.
# Wine 8 now and then ends a process with SIGSEGV after the exe has written all its output (about one CI
# run in three or five, a different case each time, never in 40 direct reruns of one): the exe is then run
# once more on the same stdin, and only the last run's output is passed on. Any other exit status, or a
# crash on every try, is passed on as it is.
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
  # 139: 128 + SIGSEGV, the Wine loader's crash (the exe's own failures exit 1 or 2).
  [ "$rc" -eq 139 ] || break
  echo "note: Wine crashed (SIGSEGV) after try $try; running the exe again" >> "$dir/retries"
done
[ -f "$dir/retries" ] && cat "$dir/retries" >> "${MDEDIAG_WINE_RETRY_LOG:-/dev/null}"
cat "$dir/out"
cat "$dir/err" >&2
exit "$rc"
