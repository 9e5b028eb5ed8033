#!/usr/bin/env bash
# Installs the real Kafka clients the Kafka edge's specs run, from Debian's packages, when missing:
# kcat (librdkafka) and python3-kafka (kafka-python 2.0.2, run with /usr/bin/python3). Source it.
set -euo pipefail

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || missing+=(python3-kafka)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ci: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
