#!/bin/sh
# Update the replicas behind nginx one at a time from the publisher's signed feed:
#   take one out of the pool (marked `down`, graceful nginx reload, in-flight requests finish), run
#   `kiosk update --from FEED` on its own content copy, wait until its health route answers with the new
#   version, put it back, then the next. The rollout stops (exit 1) at the first replica whose update is
#   refused (it goes back into the pool on its old content) or that does not come back healthy (it stays
#   out of the pool); the replicas not yet reached keep serving.
#
#   sudo deploy/online/rolling-update.sh https://updates.example.org/kiosk/
#
# Settings (environment, defaults for the layout in README.md):
#   REPLICAS       "PORT=INSTANCE ..."       default: each port in $UPSTREAM, /var/lib/kiosk/replica-PORT
#   UPSTREAM       upstream list nginx includes        /etc/nginx/kiosk-upstream.conf
#   NGINX_RELOAD   command that reloads nginx          nginx -s reload
#   KIOSK          the kiosk command                   /opt/kiosk/venv/bin/kiosk
#   RUN_AS         prefix to run it as the kiosk user  runuser -u kiosk --
#   DRAIN_SECONDS  wait after leaving the pool         3
set -eu
feed=${1:?usage: rolling-update.sh FEED_URL}
UPSTREAM=${UPSTREAM:-/etc/nginx/kiosk-upstream.conf}
NGINX_RELOAD=${NGINX_RELOAD:-nginx -s reload}
KIOSK=${KIOSK:-/opt/kiosk/venv/bin/kiosk}
RUN_AS=${RUN_AS-runuser -u kiosk --}
DRAIN_SECONDS=${DRAIN_SECONDS:-3}
if [ -z "${REPLICAS:-}" ]; then
  REPLICAS=$(sed -n 's/^server 127\.0\.0\.1:\([0-9]*\).*/\1=\/var\/lib\/kiosk\/replica-\1/p' "$UPSTREAM")
fi
ports=$(for r in $REPLICAS; do printf '%s ' "${r%%=*}"; done)

pool() {  # rewrite the upstream list with $1 (a port, or "none") marked down, then reload nginx
  tmp="$UPSTREAM.tmp"
  {
    echo "# The replicas behind nginx (rewritten by rolling-update.sh)."
    for p in $ports; do
      if [ "$p" = "$1" ]; then down=" down"; else down=""; fi
      echo "server 127.0.0.1:$p max_fails=1 fail_timeout=5s$down;"
    done
  } > "$tmp"
  mv "$tmp" "$UPSTREAM"
  $NGINX_RELOAD
}

health_version() {  # the content version replica $1 serves, or nothing
  python3 -c "import json, sys, urllib.request
try:
    print(json.load(urllib.request.urlopen(sys.argv[1], timeout=3))['content_version'])
except Exception:
    pass" "http://127.0.0.1:$1/api/v1/health"
}

expected=""
for r in $REPLICAS; do
  port=${r%%=*}
  instance=${r#*=}
  echo "replica $port: leaving the pool"
  pool "$port"
  sleep "$DRAIN_SECONDS"
  if ! $RUN_AS env KIOSK_INSTANCE="$instance" "$KIOSK" update --from "$feed"; then
    echo "replica $port: update refused; it keeps its old content and goes back into the pool" >&2
    pool none
    exit 1
  fi
  version=""
  for _ in $(seq 60); do
    version=$(health_version "$port")
    [ -n "$version" ] && { [ -z "$expected" ] || [ "$version" = "$expected" ]; } && break
    sleep 0.5
  done
  if [ -z "$version" ] || { [ -n "$expected" ] && [ "$version" != "$expected" ]; }; then
    echo "replica $port: not healthy on version ${expected:-?} after its update; rollout stopped" >&2
    pool "$port"
    exit 1
  fi
  expected=$version
  echo "replica $port: serving version $version; back in the pool"
  pool none
done
echo "all replicas serve version $expected"
