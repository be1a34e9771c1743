#!/usr/bin/env bash
# Make headless Chromium available for the browser tests. Uses Debian's packages when run as root;
# otherwise says how, and the browser tests skip with that reason.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium with apt-get for the browser tests (once, about a minute)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    && exit 0
fi
echo "note: headless Chromium is not installed; browser tests will be skipped (sudo apt-get install chromium)"
exit 1
