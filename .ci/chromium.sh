#!/usr/bin/env bash
# Installs Debian's chromium when missing, for the web console's browser spec (ConsolePageSpecs drives it with
# Microsoft.Playwright: the NuGet package brings its node driver; no `playwright install` download), and exports
# ACTORS_TEST_CHROMIUM, the browser binary Playwright launches. Source it.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  echo "ci: installing chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export ACTORS_TEST_CHROMIUM="$(command -v chromium)"
echo "ci: $("$ACTORS_TEST_CHROMIUM" --version 2>/dev/null | head -n 1) at $ACTORS_TEST_CHROMIUM"
