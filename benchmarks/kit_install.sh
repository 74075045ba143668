#!/usr/bin/env bash
# Install a kit (`kiosk kit`) into a throwaway Debian 12 root with the network cut, as a technician does
# from a stick (`sudo sh /media/<user>/<label>/INSTALL.sh`), then ask the kiosk for /vi/ and /api/v1/health.
# Outside CI: it needs root, mmdebstrap (a fresh root, cached in $KIT_ROOTS), and for arm64 qemu-user-static
# with its binfmt entry (systemd-binfmt registers it at boot; where binfmt_misc is not mounted:
# `mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc` and write
# /usr/lib/binfmt.d/qemu-aarch64.conf into /proc/sys/fs/binfmt_misc/register). Every arm64 program then
# runs under qemu, in the chroot as on a Pi.
#
#   sudo bash benchmarks/kit_install.sh KIT [amd64|arm64] [INSTALL.sh options]
#
# The root has no systemd running, so a small systemctl stand-in starts a unit's ExecStart (as its User=,
# with its EnvironmentFile) in the background; everything else in the install is the real thing. Prints each
# line of INSTALL.sh with the seconds since it started, the sizes, and the two answers. With KIT_AGAIN=1 (the
# default for amd64) it then runs INSTALL.sh again, as a program update does, and asks again.
set -euo pipefail
kit=$(realpath "$1")
arch=${2:-amd64}
shift $(($# < 2 ? $# : 2))
cache=${KIT_ROOTS:-/var/tmp/kit-roots}
mkdir -p "$cache"
tarball=$cache/$arch.tar
if [ "$arch" != amd64 ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  echo "arm64 needs qemu-user-static's binfmt entry (see the top of this script)" >&2
  exit 1
fi
if [ ! -f "$tarball" ]; then
  echo "== making a fresh Debian 12 $arch root (mmdebstrap, variant important, with python3)"
  mmdebstrap --variant=important --include=python3 --architectures="$arch" bookworm "$tarball" \
    http://deb.debian.org/debian
fi
root=$(mktemp -d /var/tmp/kit-root.XXXXXX)
cleanup() {
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill "${p#/proc/}" 2>/dev/null
  done
  sleep 1
  umount "$root/proc" 2>/dev/null || umount -l "$root/proc" 2>/dev/null || true
  # Never delete through a mount: a live mount inside the root would take the host's files with it.
  if mount | grep -q " on $root/"; then
    echo "left $root in place: something is still mounted inside it" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT
tar -C "$root" -xf "$tarball"
mount -t proc proc "$root/proc"  # the root's own /dev holds the device nodes mmdebstrap made; no bind
stick="$root/media/tech/KIOSK KIT"  # a label with a space, as sticks often have
mkdir -p "$stick"
cp -r "$kit/." "$stick/"
chmod -R a-x+X "$stick"  # FAT: no execute bits
cat > "$root/usr/local/sbin/systemctl" <<'STUB'
#!/bin/sh
# Stand-in for systemctl in a root with no systemd: start a unit's ExecStart in the background.
cmd=${1:-}; shift || true
[ "$cmd" = enable ] && [ "${1:-}" = --now ] && { shift; cmd=start; }
case "$cmd" in restart|start|reload-or-restart) ;; *) exit 0 ;; esac
for unit in "$@"; do
  case "$unit" in *.*) ;; *) unit=$unit.service ;; esac
  case "$unit" in systemd-*|*.timer) continue ;; esac
  file=$(ls "/etc/systemd/system/$unit" "/lib/systemd/system/$unit" 2>/dev/null | head -n 1)
  [ -n "$file" ] || continue
  for p in $(cat "/run/stub-$unit.pids" 2>/dev/null); do kill "$p" 2>/dev/null; done
  [ "$unit" = nginx.service ] && { /usr/sbin/nginx -s stop 2>/dev/null; sleep 1; }
  sleep 1
  user=$(sed -n 's/^User=//p' "$file")
  for d in $(sed -n 's/^RuntimeDirectory=//p' "$file"); do
    mkdir -p "/run/$d" && { [ -z "$user" ] || chown "$user:" "/run/$d"; }
  done
  envfile=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$file")
  (
    if [ -n "$envfile" ] && [ -f "$envfile" ]; then set -a; . "$envfile"; set +a; fi
    for e in $(sed -n 's/^Environment=//p' "$file"); do export "$e"; done
    sed -n 's/^ExecStartPre=-\{0,1\}//p' "$file" | while read -r pre; do sh -c "$pre" >/dev/null 2>&1; done
    line=$(sed -n 's/^ExecStart=[-@+!]*//p' "$file" | tail -n 1 | sed 's/\${\([A-Za-z_]*\)}/$\1/g')
    if [ -n "$user" ]; then
      runuser -u "$user" -- sh -c "exec $line" >> "/run/stub-$unit.log" 2>&1 &
    else
      sh -c "exec $line" >> "/run/stub-$unit.log" 2>&1 &
    fi
    echo $! > "/run/stub-$unit.pids"
  )
done
STUB
chmod 755 "$root/usr/local/sbin/systemctl"

run() {  # a command in the root
  # A fresh system's environment, not this shell's (no pip settings, no proxies).
  set -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
  chroot "$root" "$@"
}
export -f run
again=${KIT_AGAIN:-$([ "$arch" = amd64 ] && echo 1 || echo 0)}  # run INSTALL.sh a second time
export root arch again
echo "== kit: $(du -sh "$kit" | cut -f1) in all; installing $arch with the network cut (unshare -n)"
start=$(date +%s.%N)
unshare -n bash -c '
  ip link set lo up
  echo "network: $(ip -brief link | tr "\n" " ")"
  install_kit() {
    run sh "/media/tech/KIOSK KIT/INSTALL.sh" "$@" 2>&1 | while IFS= read -r line; do
      printf "%7.1fs %s\n" "$(echo "$(date +%s.%N) - '"$start"'" | bc)" "$line"
    done
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "INSTALL.sh failed"; exit 1; }
  }
  ask() {
  echo "== the kiosk, asked inside the same cut-off network"
  run /usr/bin/python3 - <<PY
import json, time, urllib.request
def get(path):
    for _ in range(60):
        try:
            with urllib.request.urlopen("http://127.0.0.1:8080" + path, timeout=5) as r:
                return r.status, r.read().decode()
        except OSError:
            time.sleep(1)
    raise SystemExit("no answer on " + path)
status, page = get("/vi/")
print("/vi/", status, len(page), "bytes;", "Vietnamese page" if "lang=\"vi\"" in page else "NOT a Vietnamese page")
status, body = get("/api/v1/health")
health = json.loads(body)
print("/api/v1/health", status, health["status"], "content version", health["content_version"])
PY
  }
  install_kit "$@"
  ask
  if [ "$again" = 1 ]; then
    echo "== INSTALL.sh again, as for a newer program (same kit: the kiosk keeps its content)"
    install_kit "$@"
    ask
  fi
' bash "$@"
printf '== done in %.0f s; installed size: /opt/kiosk %s, /var/lib/kiosk %s\n' \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$(du -sh "$root/opt/kiosk" | cut -f1)" "$(du -sh "$root/var/lib/kiosk" | cut -f1)"
