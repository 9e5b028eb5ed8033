#!/usr/bin/env bash
# Installs the real Kafka clients the Kafka edge's specs run, from Debian's packages, when missing:
# kcat (librdkafka) and python3-kafka (kafka-python 2.0.2, run with /usr/bin/python3) with the codec modules
# kafka-python compresses with (python3-snappy, python3-lz4, python3-zstandard). Source it.
set -euo pipefail

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
for module in kafka:python3-kafka snappy:python3-snappy lz4:python3-lz4 zstandard:python3-zstandard; do
  /usr/bin/python3 -c "import ${module%%:*}" >/dev/null 2>&1 || missing+=("${module#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ci: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
