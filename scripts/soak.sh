#!/usr/bin/env bash
# soak.sh - pushes many messages through one jnatsd with pub/sub and queue groups and fails on
# any lost, duplicated or reordered message, or on a server that grew or died along the way.
#
#   scripts/soak.sh [options]
#
# Starts ./jnatsd (this repo's launcher) on a free port on 127.0.0.1, then alternates natsbench
# runs until --msgs messages went through: `-mode pubsub` (1 publisher -> 1 subscriber) and
# `-mode queue` (1 publisher -> 5 subscribers in one group, exactly-once checked), in rounds of
# --round messages each, with 16 B and 1 KiB payloads. natsbench numbers every payload and counts
# lost/dup/ooo itself. After every round the server's RSS and the /varz connection count are
# logged; at the end the server must still be running with no client connections left.
#
# Options:
#   --msgs N       messages in total over all rounds (default 10000000)
#   --round N      messages per natsbench run (default 1000000)
#   --jnatsd CMD   server launcher (default: ./jnatsd of this repo)
#   --natsbench B  natsbench binary (default: ~/.cache/natsbench/natsbench; build it with
#                  ../shared/bench/setup.sh)
#   --out DIR      results folder (default $TMPDIR/soak/<date-time>)
#
# Exit status 0 only when every run reported status=ok, lost=0, dup=0 (queue), ooo=0 and bad=0.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MSGS=10000000
ROUND=1000000
JNATSD="$ROOT/jnatsd"
NATSBENCH="${NATSBENCH:-$HOME/.cache/natsbench/natsbench}"
OUT="${TMPDIR:-/tmp}/soak/$(date +%Y%m%d-%H%M%S)"

while [ $# -gt 0 ]; do
    case "$1" in
        --msgs) MSGS=$2; shift 2 ;;
        --round) ROUND=$2; shift 2 ;;
        --jnatsd) JNATSD=$2; shift 2 ;;
        --natsbench) NATSBENCH=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "soak: unknown option $1" >&2; exit 2 ;;
    esac
done

[ -x "$NATSBENCH" ] || { echo "soak: natsbench not found at $NATSBENCH (run ../shared/bench/setup.sh)" >&2; exit 2; }
mkdir -p "$OUT"
PORT=$("$NATSBENCH" -mode freeport -ports 14300-14399) || { echo "soak: no free port" >&2; exit 2; }
MON=$("$NATSBENCH" -mode freeport -ports 18300-18399) || { echo "soak: no free monitor port" >&2; exit 2; }

setsid "$JNATSD" -a 127.0.0.1 -p "$PORT" -m "$MON" > "$OUT/server.log" 2>&1 &
SERVER_PGID=$!
stop_server() { kill -TERM -- "-$SERVER_PGID" 2>/dev/null; wait "$SERVER_PGID" 2>/dev/null; }
trap stop_server EXIT

for _ in $(seq 1 600); do
    PID=$("$NATSBENCH" -mode findpid -port "$PORT" 2>/dev/null) && [ -n "$PID" ] && break
    sleep 0.1
done
[ -n "${PID:-}" ] || { echo "soak: server did not start; see $OUT/server.log" >&2; exit 1; }

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null; }
conns() { curl -s "http://127.0.0.1:$MON/varz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"])' 2>/dev/null; }

echo "soak: jnatsd pid $PID on port $PORT, $MSGS messages in rounds of $ROUND, results in $OUT"
echo "round mode size msgs msgs_per_s lost dup ooo bad status rss_kb conns" > "$OUT/rounds.txt"
done_msgs=0
round=0
failed=0
start=$(date +%s)
while [ "$done_msgs" -lt "$MSGS" ]; do
    for mode in pubsub queue; do
        for size in 16 1024; do
            [ "$done_msgs" -ge "$MSGS" ] && break 3
            n=$(( MSGS - done_msgs < ROUND ? MSGS - done_msgs : ROUND ))
            round=$((round + 1))
            line=$("$NATSBENCH" -mode "$mode" -url "nats://127.0.0.1:$PORT" -size "$size" -msgs "$n" \
                -pid "$PID" -timeout 5m 2>>"$OUT/natsbench.err" | tee -a "$OUT/raw.txt" | grep '^RESULT')
            kv() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
            # pubsub lines have no dup field (a duplicate shows as ooo there); queue lines have dup but no ooo
            rate=$(kv agg_rate); lost=$(kv lost); dup=$(kv dup); ooo=$(kv ooo); bad=$(kv bad); status=$(kv status)
            rss=$(rss_kb); c=$(conns)
            echo "$round $mode $size $n ${rate:-?} ${lost:-?} ${dup:-0} ${ooo:-0} ${bad:-?} ${status:-?} ${rss:-dead} ${c:-?}" \
                | tee -a "$OUT/rounds.txt"
            if [ -z "$line" ] || [ "${lost:-1}" != 0 ] || [ "${dup:-0}" != 0 ] || [ "${ooo:-0}" != 0 ] \
                || [ "${bad:-1}" != 0 ] || [ "${status:-}" != ok ] || [ -z "$rss" ]; then
                echo "soak: round $round FAILED: ${line:-no RESULT line}" >&2
                failed=1
            fi
            done_msgs=$((done_msgs + n))
        done
    done
done
secs=$(( $(date +%s) - start ))
sleep 1
left=$(conns)
echo "soak: $done_msgs messages in $round runs, ${secs}s; server RSS now $(rss_kb) kB; connections left ${left:-?}" \
    | tee "$OUT/summary.txt"
[ "${left:-1}" = 0 ] || { echo "soak: connections left behind" >&2; failed=1; }
kill -0 "$PID" 2>/dev/null || { echo "soak: server died" >&2; failed=1; }
[ "$failed" = 0 ] && echo "soak: PASS" || echo "soak: FAIL"
exit "$failed"
