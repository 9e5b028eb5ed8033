#!/usr/bin/env bash
# The command line's own speed, as issue 12 states its aims: `seq 1 N | actors publish T` and
# `actors consume T --max N > /dev/null` against one node on its default embedded storage (SQLite, synchronous=FULL:
# a confirm means the write is on disk). Each round starts a fresh node in a temporary folder, publishes N lines to a
# new 8-partition topic, then reads them all with a new group, and stops the node. Prints each round and the medians.
#
#   bench/cli-throughput.sh [LINES] [ROUNDS]      (default 1000000 lines, 3 rounds; builds Release first)
#
# publish lines/s is what `actors publish` prints (first line read to last confirm); consume lines/s is LINES over the
# wall time of the whole `actors consume` process, start-up included. CPU-seconds are the processes' user+system; the
# node's peak RSS (VmHWM) is read before it stops.
set -euo pipefail
lines=${1:-1000000}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/Nodes" -c Release -v q -nologo >/dev/null
actors="$root/src/Nodes/bin/Release/net10.0/actors"
work=$(mktemp -d)
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cpu_of() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

echo "actors CLI throughput: $lines lines per round, $rounds rounds, 8 partitions; $(nproc) cores, $(dotnet --version | cut -d. -f1-2) SDK, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-6s %14s %14s %12s %12s %12s %14s\n' round publish/s consume/s pub-node-cpu pub-cli-cpu cons-cli-cpu node-peak-rss
publish_rates=(); consume_rates=()
for round in $(seq 1 "$rounds"); do
  dir="$work/round-$round"; mkdir -p "$dir"
  (cd "$dir" && exec "$actors" node --port 0 --kafka-port off >"$dir/node.log" 2>&1) &
  node_pid=$!
  for _ in $(seq 1 240); do grep -q "node starting at" "$dir/node.log" && break; sleep 0.25; done
  address=$(grep -o 'node starting at akka.tcp://actors@[0-9.]*:[0-9]*' "$dir/node.log" | sed 's|.*@||')
  [ -n "$address" ] || { echo "the node did not start: $(tail -3 "$dir/node.log")" >&2; exit 1; }
  "$actors" topics create "cli-$round" --partitions 8 --node "$address" >/dev/null

  node_before=$(cpu_of "$node_pid")
  seq 1 "$lines" | /usr/bin/time -o "$dir/publish.time" -f '%U %S' "$actors" publish "cli-$round" --quiet --node "$address" >"$dir/publish.out"
  node_after=$(cpu_of "$node_pid")
  publish_rate=$(grep -o '([0-9,]* msg/s)' "$dir/publish.out" | tr -d '(,)' | cut -d' ' -f1)
  start=$(date +%s.%N)
  /usr/bin/time -o "$dir/consume.time" -f '%U %S' "$actors" consume "cli-$round" --group bench --max "$lines" --node "$address" >/dev/null
  end=$(date +%s.%N)
  consume_rate=$(awk -v n="$lines" -v a="$start" -v b="$end" 'BEGIN { printf "%d", n / (b - a) }')

  rss=$(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$node_pid/status")
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""
  printf '%-6s %14s %14s %11.1fs %11.1fs %11.1fs %14s\n' "$round" "$publish_rate" "$consume_rate" \
    "$(awk -v a="$node_before" -v b="$node_after" 'BEGIN { print b - a }')" \
    "$(awk '{ print $1 + $2 }' "$dir/publish.time")" "$(awk '{ print $1 + $2 }' "$dir/consume.time")" "$rss"
  publish_rates+=("$publish_rate"); consume_rates+=("$consume_rate")
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "median publish $(median "${publish_rates[@]}") lines/s (aim 100,000), consume $(median "${consume_rates[@]}") lines/s (aim 150,000)"
