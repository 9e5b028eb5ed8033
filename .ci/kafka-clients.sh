#!/usr/bin/env bash
# Installs the real Kafka clients the Kafka edge's specs run, from Debian's packages, when missing:
# kcat (librdkafka) and python3-kafka (kafka-python 2.0.2, run with /usr/bin/python3) with the codec modules
# kafka-python compresses with (python3-snappy, python3-lz4, python3-zstandard); node and npm from Debian's
# packages, and kafkajs from npm into tests/clients/node_modules (git-ignored) as its committed package-lock
# pins it. Source it.
set -euo pipefail

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
for module in kafka:python3-kafka snappy:python3-snappy lz4:python3-lz4 zstandard:python3-zstandard; do
  /usr/bin/python3 -c "import ${module%%:*}" >/dev/null 2>&1 || missing+=("${module#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ci: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# kafkajs 2.2.4 (pure JavaScript) for the kafkajs scenarios (tests/clients/*.js).
if [ ! -f tests/clients/node_modules/kafkajs/package.json ]; then
  echo "ci: installing kafkajs into tests/clients from npm"
  npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error >/dev/null
fi
