#!/usr/bin/env bash
# cluster-bench.sh - publisher on node A, subscriber on node B: nats-server pair against jnatsd pair.
#
#   scripts/cluster-bench.sh [options]
#
# For each round and each server (A = nats-server, B = jnatsd through the launcher, A B A B ...),
# starts two nodes on 127.0.0.1 (free client and cluster ports; node 2 routes to node 1), waits
# until both accept, runs an unrecorded warm-up, then runs io.jnatsd.bench.ClusterPubSub
# (benchmarks module, jnats client) for each scenario: it subscribes on node 2, publishes on node 1,
# waits until the interest has crossed the route, then checks every sequence number. Server CPU
# (utime+stime of each node from /proc/PID/stat) is read around every run. The nodes get SIGTERM
# (SIGKILL after 10 s) at the end of each side. Prints a table of medians with B/A ratios.
#
# Options:
#   --rounds N        rounds (default 3, max 20)
#   --scale F         multiply the message counts by F (default 1; 16 B x 2,000,000, 1 KB x 500,000)
#   --window N        max messages in flight, published but not received (default 20000; 0 = none:
#                     then the 1 KB run overruns the jnats subscriber and both servers cut it off
#                     as a slow consumer)
#   --timeout S       per-run limit in seconds (default 60)
#   --nats-server CMD nats-server binary (default: nats-server on PATH, else /usr/sbin/nats-server)
#   --jnatsd CMD      jnatsd launcher (default: ./jnatsd of this repo)
#   --only A|B        measure one side only
#   --out DIR         results folder (default $TMPDIR/cluster-bench/<date-time>)
#
# Needs java/javac 17+, python3 and the jnats jar in the local Maven repository ($MAVEN_REPO, default
# ~/.m2/repository; fetched with mvn dependency:get when missing). The driver is compiled from the benchmarks module's source into
# the results folder, so the script does not depend on the rest of the build.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=3 SCALE=1 WINDOW=20000 TIMEOUT=60 ONLY="" OUT=""
NATS=$(command -v nats-server || echo /usr/sbin/nats-server)
JNATSD="$ROOT/jnatsd"
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=${2:-}; shift 2 ;;
    --scale) SCALE=${2:-}; shift 2 ;;
    --window) WINDOW=${2:-}; shift 2 ;;
    --timeout) TIMEOUT=${2:-}; shift 2 ;;
    --nats-server) NATS=${2:-}; shift 2 ;;
    --jnatsd) JNATSD=${2:-}; shift 2 ;;
    --only) ONLY=${2:-}; shift 2 ;;
    --out) OUT=${2:-}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 1 ;;
  esac
done
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 20 ] || { echo "--rounds must be 1..20" >&2; exit 1; }
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -ge 5 ] && [ "$TIMEOUT" -le 600 ] || { echo "--timeout must be 5..600" >&2; exit 1; }
[[ "$WINDOW" =~ ^[0-9]+$ ]] || { echo "--window must be a number >= 0" >&2; exit 1; }
[[ "$SCALE" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "--scale must be a positive number" >&2; exit 1; }
SIDES=(A B)
case "$ONLY" in "") ;; A) SIDES=(A) ;; B) SIDES=(B) ;; *) echo "--only takes A or B" >&2; exit 1 ;; esac
for tool in java javac python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done

# name size messages
SCENARIOS=(
  "cluster16 16 2000000"
  "cluster1k 1024 500000"
)

OUTDIR=${OUT:-"${TMPDIR:-/tmp}/cluster-bench/$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$OUTDIR" || exit 1
RAW="$OUTDIR/raw.txt"
: > "$RAW"

# ---- the driver: compile ClusterPubSub.java against the jnats version the parent pom pins
JNATS_VERSION=$(sed -n 's:.*<jnats.version>\(.*\)</jnats.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
M2=${MAVEN_REPO:-"$HOME/.m2/repository"}
JNATS_JAR="$M2/io/nats/jnats/$JNATS_VERSION/jnats-$JNATS_VERSION.jar"
if [ ! -f "$JNATS_JAR" ]; then
  (cd "$ROOT" && timeout 300 mvn -q -B dependency:get -Dartifact="io.nats:jnats:$JNATS_VERSION" -Dtransitive=false) >&2 \
    || { echo "cannot fetch io.nats:jnats:$JNATS_VERSION" >&2; exit 1; }
fi
DRIVER_SRC="$ROOT/benchmarks/src/main/java/io/jnatsd/bench/ClusterPubSub.java"
mkdir -p "$OUTDIR/driver"
javac --release 17 -d "$OUTDIR/driver" -cp "$JNATS_JAR" "$DRIVER_SRC" || { echo "driver does not compile" >&2; exit 1; }
DRIVER_CP="$OUTDIR/driver:$JNATS_JAR"
DRIVER_OPTS=(-Xms1g -Xmx2g -XX:+UseParallelGC)

# ---- build jnatsd once up front (the launcher builds when the jar is stale)
if [[ " ${SIDES[*]} " == *" B "* ]]; then
  timeout 600 "$JNATSD" -v > "$OUTDIR/jnatsd-version.txt" 2>&1 || { cat "$OUTDIR/jnatsd-version.txt" >&2; echo "jnatsd build failed" >&2; exit 1; }
fi

CLK=$(getconf CLK_TCK)
{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) CPUs"
  echo "A: $NATS ($("$NATS" --version 2>&1 | head -n 1))"
  echo "B: $JNATSD ($(tail -n 1 "$OUTDIR/jnatsd-version.txt" 2>/dev/null))"
  echo "jdk: $(java -version 2>&1 | head -n 2 | tail -n 1)"
  echo "client: jnats $JNATS_VERSION, driver JVM ${DRIVER_OPTS[*]}"
  echo "rounds=$ROUNDS scale=$SCALE window=$WINDOW timeout=$TIMEOUT sides=${SIDES[*]}"
  echo "uptime at start: $(uptime)"
} > "$OUTDIR/meta.txt"
cat "$OUTDIR/meta.txt"

alive() { # true while PID exists and is not a zombie
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [ "${s:0:1}" != Z ]
}
cpu_ticks() { # utime+stime of PID in clock ticks
  local s f
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  read -r -a f <<< "$s"
  echo $((f[11] + f[12]))
}
machine_busy() { # busy ticks of the whole machine (all CPUs)
  local cpu u n s i io irq sirq st rest
  read -r cpu u n s i io irq sirq st rest < /proc/stat
  echo $((u + n + s + irq + sirq + st))
}
free_ports() { # four ports that were free a moment ago (bound together, then released)
  python3 -c '
import socket
ss = [socket.socket() for _ in range(4)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss:
    s.close()'
}

PIDS=()
stop_nodes() {
  local p i
  for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do alive "$p" || break; sleep 0.1; done
    if alive "$p"; then
      echo "  node $p did not stop in 10 s, sending KILL"
      kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
    fi
    wait "$p" 2>/dev/null
  done
  PIDS=()
}
trap 'stop_nodes' EXIT
trap 'echo interrupted; exit 130' INT TERM

wait_accept() { # wait_accept PID PORT LOG: up to 60 s (a jnatsd build may still be running)
  local i
  for ((i = 0; i < 600; i++)); do
    alive "$1" || { echo "  node exited during start-up, see $3"; return 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "  node not accepting on port $2 after 60 s, see $3"
  return 1
}

# start_pair SIDE ROUND: sets C1 C2 (client ports), PIDS
start_pair() {
  local side=$1 round=$2 bin ports r1 r2 log1 log2
  bin=$NATS; [ "$side" = B ] && bin=$JNATSD
  read -r C1 r1 C2 r2 <<< "$(free_ports)"
  log1="$OUTDIR/$side-r$round-node1.log" log2="$OUTDIR/$side-r$round-node2.log"
  echo "\$ $bin -a 127.0.0.1 -p $C1 --cluster nats://127.0.0.1:$r1 --cluster_name bench" > "$log1"
  setsid "$bin" -a 127.0.0.1 -p "$C1" --cluster "nats://127.0.0.1:$r1" --cluster_name bench >> "$log1" 2>&1 < /dev/null &
  PIDS+=($!)
  echo "\$ $bin -a 127.0.0.1 -p $C2 --cluster nats://127.0.0.1:$r2 --cluster_name bench --routes nats-route://127.0.0.1:$r1" > "$log2"
  setsid "$bin" -a 127.0.0.1 -p "$C2" --cluster "nats://127.0.0.1:$r2" --cluster_name bench \
    --routes "nats-route://127.0.0.1:$r1" >> "$log2" 2>&1 < /dev/null &
  PIDS+=($!)
  wait_accept "${PIDS[0]}" "$C1" "$log1" && wait_accept "${PIDS[1]}" "$C2" "$log2"
}

# run_driver OUTFILE NAME SIZE MSGS: bounded by timeout
run_driver() {
  local out=$1 name=$2 size=$3 msgs=$4
  timeout -k 5 $((TIMEOUT + 30)) java "${DRIVER_OPTS[@]}" -cp "$DRIVER_CP" io.jnatsd.bench.ClusterPubSub \
    --pub "nats://127.0.0.1:$C1" --sub "nats://127.0.0.1:$C2" --size "$size" --msgs "$msgs" \
    --window "$WINDOW" --timeout "$TIMEOUT" --probe-timeout 15 --name "$name" > "$out" 2>&1
}

run_side() {
  local side=$1 round=$2 sc name size msgs out line a0 b0 m0 a1 b1 m1 t0 t1 load
  echo "== round $round, server $side"
  if ! start_pair "$side" "$round"; then
    for sc in "${SCENARIOS[@]}"; do
      read -r name size msgs <<< "$sc"
      echo "RESULT side=$side round=$round name=$name status=fail err=server_start" >> "$RAW"
    done
    stop_nodes
    return
  fi
  echo "   node1 :$C1 pid ${PIDS[0]}, node2 :$C2 pid ${PIDS[1]}, $(uptime | sed 's/.*load average/load average/')"
  run_driver "$OUTDIR/$side-r$round-warmup.txt" warmup 128 300000
  for sc in "${SCENARIOS[@]}"; do
    read -r name size msgs <<< "$sc"
    msgs=$(python3 -c "print(max(1, int($msgs * $SCALE)))")
    out="$OUTDIR/$side-r$round-$name.txt"
    if ! alive "${PIDS[0]}" || ! alive "${PIDS[1]}"; then
      echo "RESULT side=$side round=$round name=$name status=fail err=server_died" >> "$RAW"
      echo "$side r$round $name: FAILED (server died)"
      continue
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    a0=$(cpu_ticks "${PIDS[0]}") b0=$(cpu_ticks "${PIDS[1]}") m0=$(machine_busy) t0=$(date +%s%N)
    run_driver "$out" "$name" "$size" "$msgs"
    a1=$(cpu_ticks "${PIDS[0]}") b1=$(cpu_ticks "${PIDS[1]}") m1=$(machine_busy) t1=$(date +%s%N)
    line=$(grep '^RESULT ' "$out" | tail -n 1)
    if [ -z "$line" ]; then
      line="RESULT name=$name status=fail err=no_result"
    fi
    # CPU per message in microseconds: ticks * 1e6 / CLK / msgs; busy cores over the whole driver run
    line="RESULT side=$side round=$round ${line#RESULT } load1=$load"
    line+=" srvA_us_per_msg=$(python3 -c "print(f'{($a1-$a0)*1e6/$CLK/$msgs:.4f}')")"
    line+=" srvB_us_per_msg=$(python3 -c "print(f'{($b1-$b0)*1e6/$CLK/$msgs:.4f}')")"
    line+=" srv_cores=$(python3 -c "print(f'{($a1-$a0+$b1-$b0)/$CLK/(($t1-$t0)/1e9):.3f}')")"
    line+=" machine_cores=$(python3 -c "print(f'{($m1-$m0)/$CLK/(($t1-$t0)/1e9):.3f}')")"
    line+=" wall_s=$(python3 -c "print(f'{($t1-$t0)/1e9:.3f}')")"
    echo "$line" >> "$RAW"
    echo "$line"
    sleep 0.3
  done
  stop_nodes
}

T0=$(date +%s)
for ((r = 1; r <= ROUNDS; r++)); do
  for side in "${SIDES[@]}"; do
    run_side "$side" "$r"
    echo "uptime after round $r $side: $(uptime)" >> "$OUTDIR/meta.txt"
  done
done
echo "uptime at end: $(uptime)" >> "$OUTDIR/meta.txt"

{
  echo
  echo "==== summary ($(($(date +%s) - T0)) s; medians over $ROUNDS round(s); results in $OUTDIR)"
  sed -n '2,7p' "$OUTDIR/meta.txt"
  grep '^uptime' "$OUTDIR/meta.txt" | sed -n '1p;$p'
  echo
  python3 - "$RAW" <<'EOF'
import sys, statistics, shlex
rows = []
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "):
        continue
    kv = {}
    for tok in shlex.split(line[7:]):
        if "=" in tok:
            k, v = tok.split("=", 1)
            kv[k] = v
    rows.append(kv)

metrics = [  # key, label, better, unit scale
    ("pub_rate", "publish msgs/s", "higher"),
    ("recv_rate", "receive msgs/s", "higher"),
    ("srvA_us_per_msg", "node1 (pub) CPU us/msg", "lower"),
    ("srvB_us_per_msg", "node2 (sub) CPU us/msg", "lower"),
    ("srv_total", "both nodes CPU us/msg", "lower"),
    ("srv_cores", "both nodes, cores busy", "lower"),
    ("cli_cores", "driver (jnats), cores busy", "-"),
    ("oth_cores", "other processes, cores busy", "-"),
]
def fmt(x):
    if x >= 1e6: return f"{x/1e6:.2f}M"
    if x >= 1e4: return f"{x/1e3:.1f}k"
    if x >= 100: return f"{x:.0f}"
    return f"{x:.3f}"
names = []
for r in rows:
    if r.get("name") not in names:
        names.append(r.get("name"))
sides = sorted({r["side"] for r in rows})
def oth(r):
    if "cli_cpu_s" not in r or "machine_cores" not in r:
        return 0.0
    return max(0.0, float(r["machine_cores"]) - float(r["srv_cores"]) - float(r["cli_cpu_s"]) / float(r["wall_s"]))
def table(rows, keys):
    print(f"{'scenario':<10} {'metric':<27} {'A median':>9} {'A sprd':>6} {'B median':>9} {'B sprd':>6} {'B/A':>6} {'B/A rounds':>12}  better")
    for n in names:
      for key, label, better in [m for m in metrics if m[0] in keys]:
          per = {}
          for s in sides:
              vals = {}
              for r in rows:
                  if r.get("name") != n or r["side"] != s or r.get("status") not in ("ok", "bad"):
                      continue
                  if key == "srv_total":
                      v = float(r["srvA_us_per_msg"]) + float(r["srvB_us_per_msg"])
                  elif key == "cli_cores":
                      v = float(r["cli_cpu_s"]) / float(r["wall_s"])
                  elif key == "oth_cores":
                      v = oth(r)
                  else:
                      v = float(r[key])
                  vals[int(r["round"])] = v
              per[s] = vals
          cells = []
          med = {}
          for s in ("A", "B"):
              vals = list(per.get(s, {}).values())
              if vals:
                  m = statistics.median(vals)
                  med[s] = m
                  sp = (max(vals) - min(vals)) / m * 100 if m else 0
                  cells += [fmt(m), f"{sp:.0f}%"]
              else:
                  cells += ["-", "-"]
          ratio = rr = "-"
          if "A" in med and "B" in med and med["A"]:
              ratio = f"{med['B']/med['A']:.3f}"
              common = sorted(set(per["A"]) & set(per["B"]))
              rs = [per["B"][i] / per["A"][i] for i in common if per["A"][i]]
              if rs:
                  rr = f"{min(rs):.2f}..{max(rs):.2f}"
          print(f"{n:<10} {label:<27} {cells[0]:>9} {cells[1]:>6} {cells[2]:>9} {cells[3]:>6} {ratio:>6} {rr:>12}  {better}")
problems = []
table(rows, [m[0] for m in metrics])
for r in rows:
    bad = [f"{k}={r.get(k)}" for k in ("lost", "dups", "ooo", "slow", "dropped", "discarded", "errors") if r.get(k, "0") != "0"]
    if r.get("status") != "ok" or bad:
        problems.append(f"  {r['side']} r{r['round']} {r.get('name')}: status={r.get('status')} {' '.join(bad)} {r.get('err', '')} {r.get('last_error', '')}".rstrip())
loads = [float(r["load1"]) for r in rows if "load1" in r]
print()
print("CPU us/msg = server utime+stime (from /proc/PID/stat) over the run divided by messages published;")
print("cores busy = CPU seconds / wall seconds of the driver process (its JVM start-up included); other processes =")
print("whole machine (/proc/stat) minus both nodes minus the driver. sprd = (max-min)/median over rounds.")
if loads:
    print(f"1-min load average before the runs: min {min(loads):.2f}, median {statistics.median(loads):.2f}, max {max(loads):.2f}")
busy = [r for r in rows if "machine_cores" in r and oth(r) > 0.25]
ok = [r for r in rows if r.get("status") in ("ok", "bad") and "machine_cores" in r]
print(f"Runs where other processes used > 0.25 core: {len(busy)} of {len(ok)}")
quiet = [r for r in ok if oth(r) <= 0.25]
if busy and quiet:
    print()
    print("The same, quiet runs only (other processes <= 0.25 core; B/A rounds then pairs only rounds quiet on both sides):")
    table(quiet, ["pub_rate", "recv_rate", "srv_total", "srv_cores", "cli_cores", "oth_cores"])
print()
if problems:
    print("Runs with loss, duplicates, reordering, slow consumers or errors:")
    print("\n".join(problems))
else:
    print("No loss, duplicates, reordering, slow consumers or errors in any run.")
EOF
} | tee "$OUTDIR/summary.txt"
