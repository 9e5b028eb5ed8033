#!/usr/bin/env bash
# The command line's own speed, as issue 12 states its aims: `seq 1 N | actors publish T` and
# `actors consume T --max N > /dev/null` against one node on its default embedded storage (SQLite, synchronous=FULL:
# a confirm means the write is on disk). Each round starts a fresh node in a temporary folder, publishes N lines to a
# new 8-partition topic, then reads them all with a new group, and stops the node. Prints each round and the medians.
#
#   bench/cli-throughput.sh [LINES] [ROUNDS] [MODES]   (default 1000000 lines, 3 rounds, plain; builds Release first)
#
# MODES "plain tls" measures both in the same run, plain then mutual TLS in each round (certificates from
# `actors certs create`, node and CLI over akka.ssl.tcp), and prints the TLS/plain ratio of the medians. MODES
# "plain nometrics" measures the cost of metrics: plain nodes record every instrument (the node's OpenTelemetry
# meter provider aggregates them for /metrics whether or not anyone scrapes), nometrics nodes run with --metrics off.
#
# Each fresh node is warmed first, as the peer benchmark's round 0 warms its targets: WARMUP lines (default 300000)
# are published to another topic and consumed back, not counted. A cold node's first million ran at about 85k lines/s
# where a warm node took 100-128k from the same CLI (the JIT of a fresh process has not reached its optimised code
# yet); WARMUP=0 measures the cold node.
#
# publish lines/s is what `actors publish` prints (first line read to last confirm); consume lines/s is LINES over the
# wall time of the whole `actors consume` process, start-up included. CPU-seconds are the processes' user+system; the
# node's peak RSS (VmHWM) is read before it stops.
set -euo pipefail
lines=${1:-1000000}
rounds=${2:-3}
modes=${3:-plain}
warmup=${WARMUP:-300000}
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

"$actors" certs create --ca "$work/ca" >/dev/null
"$actors" certs create --ca "$work/ca" --node 127.0.0.1 --out "$work/node" >/dev/null
"$actors" certs create --ca "$work/ca" --client bench --out "$work/client" >/dev/null
tls_options() { # MODE KIND: the --tls-* options of a node or client in that mode (none for plain)
  [ "$1" = tls ] && echo "--tls-cert $work/$2/$2.crt --tls-key $work/$2/$2.key --tls-ca $work/$2/ca.crt" || true
}

cpu_of() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

echo "actors CLI throughput: $lines lines per round, $rounds rounds, 8 partitions, modes: $modes, node warmed by $warmup lines; $(nproc) cores, $(dotnet --version | cut -d. -f1-2) SDK, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-6s %-6s %14s %14s %12s %12s %12s %14s\n' round mode publish/s consume/s pub-node-cpu pub-cli-cpu cons-cli-cpu node-peak-rss
declare -A publish_rates consume_rates pub con
for round in $(seq 1 "$rounds"); do
# Odd rounds take the modes in the order given, even rounds in reverse: the second run of a round was measured
# about 10% slower whatever its mode (CLI CPU too, which no mode changes), so alternating keeps that out of ratios.
order=$modes; [ $((round % 2)) -eq 0 ] && order=$(echo "$modes" | tr ' ' '\n' | tac | tr '\n' ' ')
for mode in $order; do
  node_tls=$(tls_options "$mode" node); client_tls=$(tls_options "$mode" client)
  dir="$work/round-$round-$mode"; mkdir -p "$dir"
  node_metrics=""; [ "$mode" = nometrics ] && node_metrics="--metrics off"
  # shellcheck disable=SC2086 # the options split into words
  (cd "$dir" && exec "$actors" node --port 0 --kafka-port off --http-port 0 $node_metrics $node_tls >"$dir/node.log" 2>&1) &
  node_pid=$!
  for _ in $(seq 1 240); do grep -q "node starting at" "$dir/node.log" && break; sleep 0.25; done
  address=$(grep -o 'node starting at akka[.a-z]*://actors@[0-9.]*:[0-9]*' "$dir/node.log" | sed 's|.*@||')
  [ -n "$address" ] || { echo "the node did not start: $(tail -3 "$dir/node.log")" >&2; exit 1; }
  # shellcheck disable=SC2086
  "$actors" topics create "cli-$round" --partitions 8 --node "$address" $client_tls >/dev/null
  if [ "$warmup" -gt 0 ]; then
    # shellcheck disable=SC2086
    seq 1 "$warmup" | "$actors" publish "warm-$round" --quiet --node "$address" $client_tls >/dev/null
    # shellcheck disable=SC2086
    "$actors" consume "warm-$round" --group warm --max "$warmup" --node "$address" $client_tls >/dev/null
  fi

  node_before=$(cpu_of "$node_pid")
  seq 1 "$lines" | /usr/bin/time -o "$dir/publish.time" -f '%U %S' "$actors" publish "cli-$round" --quiet --node "$address" $client_tls >"$dir/publish.out"
  node_after=$(cpu_of "$node_pid")
  publish_rate=$(grep -o '([0-9,]* msg/s)' "$dir/publish.out" | tr -d '(,)' | cut -d' ' -f1)
  start=$(date +%s.%N)
  /usr/bin/time -o "$dir/consume.time" -f '%U %S' "$actors" consume "cli-$round" --group bench --max "$lines" --node "$address" $client_tls >/dev/null
  end=$(date +%s.%N)
  consume_rate=$(awk -v n="$lines" -v a="$start" -v b="$end" 'BEGIN { printf "%d", n / (b - a) }')

  rss=$(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$node_pid/status")
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""
  printf '%-6s %-6s %14s %14s %11.1fs %11.1fs %11.1fs %14s\n' "$round" "$mode" "$publish_rate" "$consume_rate" \
    "$(awk -v a="$node_before" -v b="$node_after" 'BEGIN { print b - a }')" \
    "$(awk '{ print $1 + $2 }' "$dir/publish.time")" "$(awk '{ print $1 + $2 }' "$dir/consume.time")" "$rss"
  publish_rates[$mode]+="$publish_rate "; consume_rates[$mode]+="$consume_rate "
done
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for mode in $modes; do
  # shellcheck disable=SC2086
  pub[$mode]=$(median ${publish_rates[$mode]}); con[$mode]=$(median ${consume_rates[$mode]})
  echo "$mode: median publish ${pub[$mode]} lines/s (aim 100,000), consume ${con[$mode]} lines/s (aim 150,000)"
done
if [[ " $modes " == *" plain "* && " $modes " == *" tls "* ]]; then
  awk -v pt="${pub[tls]}" -v pp="${pub[plain]}" -v ct="${con[tls]}" -v cp="${con[plain]}" \
    'BEGIN { printf "tls/plain: publish %.2f, consume %.2f (aim 0.8)\n", pt / pp, ct / cp }'
fi
if [[ " $modes " == *" plain "* && " $modes " == *" nometrics "* ]]; then
  awk -v pm="${pub[plain]}" -v po="${pub[nometrics]}" -v cm="${con[plain]}" -v co="${con[nometrics]}" \
    'BEGIN { printf "metrics on vs off: publish %+.1f%%, consume %+.1f%% (aim: within 5%%)\n", 100 * (pm / po - 1), 100 * (cm / co - 1) }'
fi
