#!/bin/sh
# Install or upgrade the kiosk on Raspberry Pi OS (Bookworm) or Debian 12. Safe to run again: each step
# checks what is already there. Run from the unpacked project folder, as root:
#
#   sudo deploy/install.sh [--port 8080] [--host 0.0.0.0] [--trust publisher.pub] [--feed URL]
#                          [--screen] [--hotspot NAME [--hotspot-password PW]] [--wheels DIR]
#                          [--debs DIR] [--bundle FILE]
#
#   --trust FILE  trust this publisher key for content updates (USB bundles and the feed)
#   --feed URL    check this publisher feed every 6 hours (kiosk-update.timer)
#   --screen      open the kiosk full screen in Chromium when the desktop starts (kiosk mode on)
#   --hotspot NAME  make the kiosk's own Wi-Fi network NAME (NetworkManager); phones that join it and
#                 open any web address land on the kiosk (captive portal); password optional (8+ chars)
#   --wheels DIR  install Python packages from this folder only (a device with no internet)
#   --debs DIR    install Debian packages from this folder only (.deb files and their Packages index, as in
#                 an install kit), with no network
#   --bundle FILE install this signed content bundle (checked against the trusted keys) instead of
#                 building the content that came with the program
#   The install kit's INSTALL.sh (deploy/kit/) runs this script with --debs, --wheels, --trust and --bundle.
set -eu
umask 022

port=8080
host=0.0.0.0
trust=""
feed=""
screen=no
wheels=""
debs=""
bundle=""
hotspot=""
hotspot_password=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --trust) trust=$2; shift 2 ;;
    --feed) feed=$2; shift 2 ;;
    --screen) screen=yes; shift ;;
    --wheels) wheels=$2; shift 2 ;;
    --debs) debs=$2; shift 2 ;;
    --bundle) bundle=$2; shift 2 ;;
    --hotspot) hotspot=$2; shift 2 ;;
    --hotspot-password) hotspot_password=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
# apt with one source, a folder of .debs and their Packages index, and its own lists: it sees that folder and
# what is installed, nothing else, so it installs what is missing (upgrading what must match) offline.
# The folder's files were checked against the kit's signed SHA256SUMS, hence [trusted=yes].
apt_offline() {
  folder=$(cd "$1" && pwd); shift
  state=$(mktemp -d /var/tmp/kiosk-apt.XXXXXX)
  mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/parts"
  printf 'deb [trusted=yes] file:%s ./\n' "$(printf '%s' "$folder" | sed 's/ /%20/g')" > "$state/sources.list"
  opts="-o Dir::Etc::SourceList=$state/sources.list -o Dir::Etc::SourceParts=$state/parts
    -o Dir::State::Lists=$state/lists -o Dir::Cache::Archives=$state/archives -o Dir::Cache::pkgcache=
    -o Dir::Cache::srcpkgcache= -o APT::Get::List-Cleanup=0 -o Acquire::Languages=none
    -o APT::Sandbox::User=root"
  # shellcheck disable=SC2086 # $opts is words without spaces (a mktemp path)
  if apt-get -qq $opts update && DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends $opts install "$@"; then
    rm -rf "$state"
  else
    rm -rf "$state"
    die "the Debian packages could not be installed from $folder"
  fi
}
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (sudo deploy/install.sh ...)"
src=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$src/pyproject.toml" ] && [ -d "$src/content" ] || die "run the script from the unpacked project folder"
case "$port" in *[!0-9]*|"") die "--port needs a number" ;; esac
[ -z "$trust" ] || [ -f "$trust" ] || die "no key file at $trust"
[ -z "$debs" ] || [ -f "$debs/Packages" ] || die "no Debian packages (Packages index) in $debs"
[ -z "$bundle" ] || [ -f "$bundle" ] || die "no content bundle at $bundle"
[ -z "$hotspot_password" ] || [ ${#hotspot_password} -ge 8 ] || die "--hotspot-password needs 8 characters or more"
. /etc/os-release
[ "${VERSION_ID:-0}" -ge 12 ] 2>/dev/null || echo "warning: made for Debian 12 / Raspberry Pi OS Bookworm; this is ${PRETTY_NAME:-unknown}"

say "System packages"
need="python3 python3-venv"
[ "$screen" = yes ] && need="$need fonts-noto-color-emoji"  # the icons beside words
# Raspberry Pi OS ships Chromium as chromium-browser on older images, chromium on newer ones.
[ "$screen" = yes ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
  && need="$need chromium"
[ -n "$hotspot" ] && need="$need nginx-light network-manager"
missing=""
for pkg in $need; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
if [ -n "$missing" ] && [ -n "$debs" ]; then
  apt_offline "$debs" $missing
elif [ -n "$missing" ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
else
  echo "already installed: $need"
fi

say "System user 'kiosk' and folders"
getent passwd kiosk >/dev/null || adduser --system --group --home /var/lib/kiosk --no-create-home kiosk
install -d -o root -g root -m 755 /opt/kiosk /opt/kiosk/bin /etc/kiosk
install -d -o kiosk -g kiosk -m 750 /var/lib/kiosk
install -d -o kiosk -g kiosk -m 700 /var/lib/kiosk/usage  # the server's usage counts (issue 19)

say "Program in /opt/kiosk (venv)"
rm -rf /opt/kiosk/src.new
mkdir /opt/kiosk/src.new
(cd "$src" && tar --exclude=.git --exclude=.venv --exclude=instance --exclude='__pycache__' -cf - .) \
  | tar -C /opt/kiosk/src.new -xf -
rm -rf /opt/kiosk/src.old
[ -d /opt/kiosk/src ] && mv /opt/kiosk/src /opt/kiosk/src.old
mv /opt/kiosk/src.new /opt/kiosk/src
rm -rf /opt/kiosk/src.old
[ -x /opt/kiosk/venv/bin/python ] || /usr/bin/python3 -m venv /opt/kiosk/venv  # Debian's Python, readable by all
# Editable, so the program finds its content/ and translations/ folders next to it in /opt/kiosk/src.
if [ -n "$wheels" ]; then
  /opt/kiosk/venv/bin/pip install -q --no-index --find-links "$wheels" -e /opt/kiosk/src
else
  /opt/kiosk/venv/bin/pip install -q -e /opt/kiosk/src
fi
install -m 755 "$src/deploy/usb/kiosk-usb-update" /opt/kiosk/bin/
sed "s/@PORT@/$port/" "$src/deploy/kiosk-browser" > /opt/kiosk/bin/kiosk-browser
chmod 755 /opt/kiosk/bin/kiosk-browser
# `sudo kiosk ...` runs the kiosk command as the kiosk user with the device's settings.
cat > /usr/local/bin/kiosk <<'WRAP'
#!/bin/sh
instance=${KIOSK_INSTANCE:-}
set -a; . /etc/kiosk/kiosk.env; set +a
[ -z "$instance" ] || KIOSK_INSTANCE=$instance
[ "$(id -u)" = 0 ] || { echo "use: sudo kiosk $*" >&2; exit 1; }
exec runuser -u kiosk -- /opt/kiosk/venv/bin/kiosk "$@"
WRAP
chmod 755 /usr/local/bin/kiosk

say "Settings in /etc/kiosk/kiosk.env"
if [ ! -f /etc/kiosk/kiosk.env ]; then
  cat > /etc/kiosk/kiosk.env <<ENV
# Read by the kiosk services. Settings are KIOSK_<NAME> (see the settings table in the README).
KIOSK_INSTANCE=/var/lib/kiosk
KIOSK_CONTENT_DIR=/opt/kiosk/src/content
KIOSK_HOST=$host
KIOSK_PORT=$port
KIOSK_KIOSK_MODE=$([ "$screen" = yes ] && echo true || echo false)
ENV
else
  sed -i "s/^KIOSK_PORT=.*/KIOSK_PORT=$port/; s/^KIOSK_HOST=.*/KIOSK_HOST=$host/" /etc/kiosk/kiosk.env
  [ "$screen" = yes ] && sed -i 's/^KIOSK_KIOSK_MODE=.*/KIOSK_KIOSK_MODE=true/' /etc/kiosk/kiosk.env
fi
chgrp kiosk /etc/kiosk/kiosk.env && chmod 640 /etc/kiosk/kiosk.env  # may hold the Wi-Fi password
[ -z "$feed" ] || printf '%s\n' "$feed" > /etc/kiosk/feed.url

as_kiosk() { /usr/local/bin/kiosk "$@"; }

say "Content"
if [ -n "$trust" ]; then
  cp "$trust" /var/lib/kiosk/.incoming.pub && chown kiosk:kiosk /var/lib/kiosk/.incoming.pub
  as_kiosk trust /var/lib/kiosk/.incoming.pub
  rm -f /var/lib/kiosk/.incoming.pub
fi
if [ -n "$bundle" ]; then
  install -o kiosk -g kiosk -m 600 "$bundle" /var/lib/kiosk/.incoming.kbundle
  if out=$(as_kiosk update /var/lib/kiosk/.incoming.kbundle 2>&1); then
    echo "$out"
  elif [ -e /var/lib/kiosk/content/current ] && printf '%s' "$out" | grep -q 'not_newer'; then
    echo "content: this kiosk already has this version or a newer one; it keeps it"
  else
    rm -f /var/lib/kiosk/.incoming.kbundle
    die "the content bundle was refused: $out"
  fi
  rm -f /var/lib/kiosk/.incoming.kbundle
elif [ -e /var/lib/kiosk/content/current ]; then
  echo "content already installed; updates come by USB bundle or the feed"
else
  as_kiosk build --content /opt/kiosk/src/content
fi
# The server only reads /var/lib/kiosk, so its compiled translations are made here.
as_kiosk translations compile

say "Services"
install -m 644 "$src/deploy/systemd/kiosk.service" "$src/deploy/systemd/kiosk-update.service" \
  "$src/deploy/systemd/kiosk-update.timer" /etc/systemd/system/
install -m 644 "$src/deploy/usb/kiosk-usb-update@.service" /etc/systemd/system/
install -m 644 "$src/deploy/usb/99-kiosk-usb.rules" /etc/udev/rules.d/
udevadm control --reload 2>/dev/null || true
install -d /etc/systemd/journald.conf.d
install -m 644 "$src/deploy/systemd/journald-kiosk.conf" /etc/systemd/journald.conf.d/kiosk.conf
systemctl daemon-reload
systemctl restart systemd-journald
systemctl enable kiosk.service
systemctl restart kiosk.service
if [ -f /etc/kiosk/feed.url ]; then
  systemctl enable --now kiosk-update.timer
else
  echo "no feed configured: content updates by USB bundle only (add one with --feed URL)"
fi
if [ "$screen" = yes ]; then
  install -m 644 "$src/deploy/kiosk-browser.desktop" /etc/xdg/autostart/kiosk-browser.desktop
  echo "Chromium opens the kiosk full screen at the next desktop login (turn on auto-login in raspi-config)"
fi

if [ -n "$hotspot" ]; then
  say "Wi-Fi hotspot '$hotspot' with a captive portal"
  nmcli connection delete kiosk-hotspot >/dev/null 2>&1 || true
  nmcli connection add type wifi ifname wlan0 con-name kiosk-hotspot autoconnect yes ssid "$hotspot" \
    802-11-wireless.mode ap 802-11-wireless.band bg ipv4.method shared ipv4.addresses 10.42.0.1/24
  if [ -n "$hotspot_password" ]; then
    nmcli connection modify kiosk-hotspot wifi-sec.key-mgmt wpa-psk wifi-sec.psk "$hotspot_password"
  fi
  install -d /etc/NetworkManager/dnsmasq-shared.d
  install -m 644 "$src/deploy/hotspot/kiosk-dnsmasq.conf" /etc/NetworkManager/dnsmasq-shared.d/kiosk.conf
  install -m 644 "$src/deploy/hotspot/nginx-portal.conf" /etc/nginx/sites-available/kiosk-portal
  ln -sf /etc/nginx/sites-available/kiosk-portal /etc/nginx/sites-enabled/kiosk-portal
  rm -f /etc/nginx/sites-enabled/default
  nginx -t && systemctl reload-or-restart nginx
  sed -i '/^KIOSK_PUBLIC_URL=/d; /^KIOSK_WIFI_SSID=/d; /^KIOSK_WIFI_PASSWORD=/d' /etc/kiosk/kiosk.env
  printf 'KIOSK_PUBLIC_URL=http://10.42.0.1/\nKIOSK_WIFI_SSID=%s\nKIOSK_WIFI_PASSWORD=%s\n' \
    "$hotspot" "$hotspot_password" >> /etc/kiosk/kiosk.env
  systemctl restart kiosk.service
  nmcli connection up kiosk-hotspot || echo "the hotspot starts at the next boot (is a Wi-Fi adapter free?)"
fi

say "Health"
for _ in $(seq 30); do
  if /opt/kiosk/venv/bin/python -c "import sys, urllib.request; \
print(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())" \
    "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; then
    printf '\nThe kiosk answers on port %s. Phones on this network: http://<this device address>:%s/\n' "$port" "$port"
    exit 0
  fi
  sleep 1
done
die "the kiosk did not answer on port $port: see 'journalctl -u kiosk'"
