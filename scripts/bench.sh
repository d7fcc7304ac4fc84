#!/usr/bin/env bash
# Runs the benchmark workloads (each run in a fresh JVM through ./weir bench), keeps every JSON
# line in docs/bench-results/<date>.jsonl, and rewrites docs/benchmarks.md with the medians, the
# targets (met / not met), the machine, the exact commands, peak RSS, and three charts
# (docs/benchmarks-throughput.png, docs/benchmarks-checkpoints.png, docs/benchmarks-timeline.png).
#
# usage: scripts/bench.sh [--runs R] [--quick] [--n N] [--big-n N] [--jmh] [--kafka] [-h]
#   --runs R    runs per configuration (default 3); rounds run every configuration once, in turn
#   --n N       records for plain-java and the keyed-count workloads (default 20000000)
#   --big-n N   records for big-state-checkpoint (default 20000000)
#   --quick     big-state-checkpoint with N=2000000 (the slowest workload)
#   --jmh       also build the JMH jar (-Pjmh) and run the micro-benchmarks briefly into the page
#   --kafka     also run kafka-keyed-count (embedded broker, N=2000000, exactly-once and
#               at-least-once) and big-state-checkpoint --store kafka; their lines go to the raw
#               results file only (docs/kafka.md#performance has the figures), not into the page
# Environment: WEIR_JAVA_OPTS (extra JVM flags for every run), WEIR_LOG_LEVEL (default warn).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs=3
n=20000000
big_n=20000000
quick=0
jmh=0
kafka=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --big-n) big_n="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --jmh) jmh=1; shift ;;
    --kafka) kafka=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  big_n=2000000
fi
export WEIR_LOG_LEVEL="${WEIR_LOG_LEVEL:-warn}"

log() { echo "bench.sh: $*" >&2; }

# --- build (./weir builds the reactor when sources changed; the report needs bench classes) ---
./weir --version >/dev/null
# The report runs from bench/target/classes plus the classpath file the bench build writes
# (Jackson, JFreeChart).
if [ ! -f bench/target/classes/dev/weir/bench/BenchReport.class ] || [ ! -f bench/target/report-classpath.txt ] \
   || [ -n "$(find bench/src -type f -newer bench/target/classes/dev/weir/bench/BenchReport.class -print -quit)" ]; then
  log "building (mvn -q -B -DskipTests package) ..."
  mvn -q -B -DskipTests package >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/weir-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
data="$work/data"
mkdir -p "$data" "$work/logs"
session="$work/session.jsonl"
commands="$work/commands.txt"
: > "$session"
: > "$commands"
loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# Configurations: name | arguments of ./weir bench (the --data directory is added per run).
configs=(
  "plain-java|plain-java --n $n"
  "keyed-count-off|keyed-count --n $n --k 100000 --p 2 --checkpoint-interval 0"
  "keyed-count-chronicle|keyed-count --n $n --k 100000 --p 2 --checkpoint-interval 1000 --store chronicle"
  "keyed-count-memory|keyed-count --n $n --k 100000 --p 2 --checkpoint-interval 1000 --store memory"
  "keyed-count-recovery|keyed-count-recovery --n $n --k 100000 --p 2 --checkpoint-interval 1000 --store chronicle"
  "big-state-checkpoint|big-state-checkpoint --n $big_n --k 1000000 --p 2 --checkpoint-interval 1000 --store chronicle"
)
echo 'DATA="$(mktemp -d)"   # any empty directory for the runs'"'"' data' >> "$commands"
for c in "${configs[@]}"; do
  echo "./weir bench ${c#*|} --runs 1 --data \"\$DATA\"" >> "$commands"
done

failed=0
for ((r = 1; r <= runs; r++)); do
  for c in "${configs[@]}"; do
    name="${c%%|*}"
    # shellcheck disable=SC2206  # word splitting of the argument list is intended
    args=(${c#*|})
    log "round $r/$runs: $name"
    out="$work/logs/$name-$r.out"
    rc=0
    ./weir bench "${args[@]}" --runs 1 --data "$data" > "$out" 2> "$work/logs/$name-$r.err" || rc=$?
    if ! grep '^{' "$out" >> "$session"; then
      log "  $name run $r printed no result (exit $rc); last lines of its log:"
      tail -5 "$work/logs/$name-$r.err" >&2 || true
      failed=$((failed + 1))
    elif [ "$rc" != 0 ]; then
      log "  $name run $r exited $rc (4 = not verified)"
      failed=$((failed + 1))
    fi
    grep '^{' "$out" | sed 's/, "checkpointDurationsMs".*/}/' >&2 || true
  done
done

# --- Kafka workloads (optional): raw results only, not in the page's tables ---
kafka_session="$work/kafka-session.jsonl"
: > "$kafka_session"
if [ "$kafka" = 1 ]; then
  kafka_configs=(
    "kafka-keyed-count-eo|kafka-keyed-count --n 2000000 --k 100000 --p 2 --checkpoint-interval 1000 --store chronicle --guarantee exactly-once"
    "kafka-keyed-count-alo|kafka-keyed-count --n 2000000 --k 100000 --p 2 --checkpoint-interval 1000 --store chronicle --guarantee at-least-once"
    "big-state-checkpoint-kafka|big-state-checkpoint --n $big_n --k 1000000 --p 2 --checkpoint-interval 1000 --store kafka"
  )
  for ((r = 1; r <= runs; r++)); do
    for c in "${kafka_configs[@]}"; do
      name="${c%%|*}"
      # shellcheck disable=SC2206  # word splitting of the argument list is intended
      args=(${c#*|})
      log "round $r/$runs: $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
      rc=0
      ./weir bench "${args[@]}" --runs 1 --data "$data" > "$work/logs/$name-$r.out" 2> "$work/logs/$name-$r.err" || rc=$?
      if ! grep '^{' "$work/logs/$name-$r.out" | sed 's/, "checkpointDurationsMs".*/}/' | tee -a "$kafka_session" >&2; then
        log "  $name run $r printed no result (exit $rc)"; tail -5 "$work/logs/$name-$r.err" >&2 || true
        failed=$((failed + 1))
      elif [ "$rc" != 0 ]; then
        log "  $name run $r exited $rc (4 = not verified)"; failed=$((failed + 1))
      fi
    done
  done
fi

# --- peak RSS of one keyed-count run ---
rss_file="$work/rss.txt"
rss_cmd="./weir bench keyed-count --n $n --k 100000 --p 2 --checkpoint-interval 1000 --store chronicle --runs 1 --data \"\$DATA\""
if [ -x /usr/bin/time ]; then
  log "peak RSS: one keyed-count run under /usr/bin/time -v"
  rc=0
  /usr/bin/time -v ./weir bench keyed-count --n "$n" --k 100000 --p 2 --checkpoint-interval 1000 \
      --store chronicle --runs 1 --data "$data" > "$work/rss.out" 2> "$work/rss.err" || rc=$?
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$work/rss.err")"
  echo "${rss:-not measured: /usr/bin/time -v printed no Maximum resident set size (exit $rc)}" > "$rss_file"
  echo "/usr/bin/time -v $rss_cmd   # peak RSS (Maximum resident set size); not in the medians" >> "$commands"
else
  echo "not measured: /usr/bin/time is not installed (Debian package 'time')" > "$rss_file"
fi

# --- delta size at 1 % churn: measured by a runner-local test, which prints the figures ---
churn_file="$work/churn.txt"
churn_test='RescaleAndIncrementalTest#aDeltaWithOnePercentChurnIsAtMostOneTwentiethOfAFullCheckpoint'
log "delta at 1 % churn: running $churn_test"
mvn -q -B test -pl runner-local -am -Dtest="$churn_test" -Dsurefire.failIfNoSpecifiedTests=false \
    > "$work/churn.log" 2>&1 || log "  the churn test failed; see the page"
grep -o 'incremental checkpoints, 100000 keys, 1% churn:.*' "$work/churn.log" > "$churn_file" \
  || echo "the test printed no figures" > "$churn_file"
echo "mvn -q -B test -pl runner-local -am -Dtest='$churn_test' -Dsurefire.failIfNoSpecifiedTests=false   # delta at 1 % churn" >> "$commands"

# --- JMH micro-benchmarks (optional) ---
report_jmh=()
if [ "$jmh" = 1 ]; then
  log "JMH: building the benchmark jar (-Pjmh) and running it briefly"
  mvn -q -B -Pjmh -DskipTests package -pl bench -am >&2
  java -jar bench/target/weir-bench-jmh.jar -f 1 -wi 2 -i 3 -w 1 -r 1 -rf text -rff "$work/jmh.txt" \
      > "$work/jmh.log" 2>&1 || { log "JMH failed; see its log:"; tail -20 "$work/jmh.log" >&2; }
  if [ -s "$work/jmh.txt" ]; then
    report_jmh=(--jmh "$work/jmh.txt")
    echo "mvn -q -B -Pjmh -DskipTests package -pl bench -am && java -jar bench/target/weir-bench-jmh.jar -f 1 -wi 2 -i 3 -w 1 -r 1" >> "$commands"
  fi
fi

# --- machine ---
machine="$work/machine.txt"
{
  echo "date (UTC):    $(date -u '+%Y-%m-%d %H:%M')"
  echo "commit:        $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':!docs' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:           $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory:        $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "os:            $(uname -sr)"
  echo "java -version:"
  java -version 2>&1 | sed 's/^/  /'
  echo "JVM options:   ${WEIR_GC_OPTS:--XX:+UseParallelGC} -Xmx${WEIR_HEAP:-1g} ${WEIR_JAVA_OPTS:-} plus the Chronicle flags (./weir's defaults)"
  echo "load average:  $loadavg_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (1, 5, 15 min)"
  echo "runs:          $runs per configuration, each in a fresh JVM, configurations interleaved by round"
} > "$machine"

# --- results, medians, charts, page ---
mkdir -p docs/bench-results
day="$(date -u +%F)"
results="docs/bench-results/$day.jsonl"
cat "$session" "$kafka_session" >> "$results"
log "appended $(wc -l < "$session") result lines to $results"

java -Djava.awt.headless=true -cp "bench/target/classes:$(cat bench/target/report-classpath.txt)" \
  dev.weir.bench.BenchReport \
  --results "$session" --results-link "$results" \
  --machine "$machine" --commands "$commands" --rss "$rss_file" --churn "$churn_file" "${report_jmh[@]}" \
  --md docs/benchmarks.md \
  --throughput-png docs/benchmarks-throughput.png \
  --checkpoints-png docs/benchmarks-checkpoints.png \
  --timeline-png docs/benchmarks-timeline.png
# Hand-measured sections that the generated page keeps.
for extra in docs/benchmarks-snapshot-warmup.md; do
  if [ -f "$extra" ]; then cat "$extra" >> docs/benchmarks.md; fi
done
log "wrote docs/benchmarks.md, docs/benchmarks-throughput.png, docs/benchmarks-checkpoints.png, docs/benchmarks-timeline.png"
if [ "$failed" != 0 ]; then
  log "$failed run(s) failed or were not verified"
  exit 1
fi
