# Install the kiosk from this USB stick, with no internet. Run it from the stick as root:
#
#   sudo sh /media/<user>/<stick>/INSTALL.sh [--check] [--new-key] [install.sh options, e.g. --screen]
#
#   --check     check this computer and the kit, change nothing (root not needed)
#   --new-key   accept a kit signed by a key this kiosk does not trust yet (the publisher changed keys)
#   other options go to deploy/install.sh: --screen, --hotspot NAME [--hotspot-password PW], --feed URL
#
# It runs with `sh` because USB sticks (FAT) have no execute bits. Before it installs anything it checks:
# a 64-bit system of an architecture in the kit, a supported Python, enough free disk space, and that every
# file it will use matches SHA256SUMS and SHA256SUMS is signed by the key in publisher.pub. It copies only
# the files SHA256SUMS lists (and only those for this machine) to /var/tmp, checks and installs that copy,
# and deletes it at the end. Then deploy/install.sh (from the kit's program) installs Debian packages from
# the kit's folder, the venv from the kit's wheels, the signed content, and the services.
#
# For tests only: KIOSK_KIT_ARCH, KIOSK_KIT_PYTHON (a python3 command), KIOSK_KIT_FREE_MB, KIOSK_KIT_CGROUP
# (a cgroup.controllers file), KIOSK_KIT_TRUSTED (a trusted_keys folder), KIOSK_KIT_VERIFIER (openssl|python),
# KIOSK_KIT_WORK (where the checked copy goes instead of /var/tmp).
set -eu
umask 022

check_only=no
new_key=no
for arg in "$@"; do
  case "$arg" in
    --check) check_only=yes ;;
    --new-key) new_key=yes ;;
    -h|--help) sed -n '1,9p' "$0"; exit 0 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
# A refusal in both languages: the technician may read either; the last line is the English one for a log.
refuse() {
  printf '\nKHÔNG CÀI ĐẶT: %s\nNOT INSTALLED: %s\n' "$1" "$2" >&2
  exit 1
}

kit=$(cd "$(dirname "$0")" && pwd -P)
[ -f "$kit/kit.txt" ] && [ -f "$kit/SHA256SUMS" ] || refuse \
  "thư mục $kit không có đủ bộ cài (thiếu kit.txt hoặc SHA256SUMS). Hãy chép lại bộ cài vào USB." \
  "$kit is not a whole kit (kit.txt or SHA256SUMS is missing). Copy the kit to the stick again."
kit_value() { sed -n "s/^$1=//p" "$kit/kit.txt" | head -n 1; }

step "1/4 Checking this computer · Kiểm tra máy này"
if [ "$check_only" = no ] && [ "$(id -u)" != 0 ]; then
  refuse "cần quyền quản trị. Hãy gõ: sudo sh $0" "run it as root: sudo sh $0"
fi

arches=$(kit_value arches)
arch=${KIOSK_KIT_ARCH:-$(dpkg --print-architecture 2>/dev/null || uname -m)}
case "$arch" in
  armhf|armel|i386|i686|armv6l|armv7l) refuse \
    "máy này chạy hệ điều hành 32-bit ($arch). Hãy cài Raspberry Pi OS 64-bit (Bookworm) hoặc Debian 12 64-bit, rồi chạy lại." \
    "this is a 32-bit system ($arch). Install 64-bit Raspberry Pi OS (Bookworm) or 64-bit Debian 12 (arm64 or amd64), then run this again." ;;
esac
case " $arches " in
  *" $arch "*) echo "system: $arch (64-bit), in this kit" ;;
  *) refuse \
    "bộ cài này chỉ có gói cho: $arches. Máy này là $arch: cần bộ cài làm với --arch $arch." \
    "this kit holds packages for: $arches. This computer is $arch: make a kit with --arch $arch." ;;
esac

pythons=$(kit_value python)
py=${KIOSK_KIT_PYTHON:-python3}
pyver=$($py -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || pyver=""
if [ -n "$pyver" ]; then has_vi="có Python $pyver"; has_en="Python $pyver"; else has_vi="không có Python 3"; has_en="no Python 3"; fi
case " $pythons " in
  *" $pyver "*) echo "Python: $pyver, supported" ;;
  *) refuse \
    "máy này $has_vi; bộ cài này hỗ trợ Python $pythons (của Debian 12 và Raspberry Pi OS Bookworm)." \
    "this system has $has_en; this kit supports Python $pythons (as in Debian 12 and Raspberry Pi OS Bookworm)." ;;
esac

need_mb=$(kit_value need_mb)
free_mb=${KIOSK_KIT_FREE_MB:-$(df -Pk /var/tmp | awk 'NR == 2 { print int($4 / 1024) }')}
if [ "$free_mb" -lt "$need_mb" ]; then
  refuse "ổ đĩa còn trống $free_mb MB; cần ít nhất $need_mb MB. Hãy dùng thẻ nhớ lớn hơn hoặc xoá bớt tệp." \
    "too little free disk space: $free_mb MB free, the install needs $need_mb MB. Use a larger card or free some space."
fi
echo "disk: $free_mb MB free, $need_mb MB needed"

cgroup=${KIOSK_KIT_CGROUP:-/sys/fs/cgroup/cgroup.controllers}
if [ -f "$cgroup" ] && grep -qw memory "$cgroup"; then
  echo "memory limit: in force (the kiosk's web server may use at most 256 MB)"
else
  cat <<'NOTE'
memory limit: NOT in force. This system starts with the memory controller off (Raspberry Pi OS does so
  by default), so the 256 MB limit of the kiosk's web server does nothing. The kiosk works without it.
  To turn it on: open /boot/firmware/cmdline.txt (sudo nano /boot/firmware/cmdline.txt), add a space and
  cgroup_enable=memory at the end of its one line, save, and restart (sudo reboot).
Giới hạn bộ nhớ: CHƯA bật. Máy vẫn chạy được. Muốn bật: thêm một dấu cách và cgroup_enable=memory vào cuối
  dòng duy nhất của tệp /boot/firmware/cmdline.txt, lưu lại, rồi khởi động lại máy (sudo reboot).
NOTE
fi

step "2/4 Checking the kit: every file and the publisher's signature · Kiểm tra bộ cài và chữ ký"
work=$(mktemp -d "${KIOSK_KIT_WORK:-/var/tmp}/kiosk-kit.XXXXXX")
trap 'rm -rf "$work"' EXIT
wheels="wheels/$arch-py$pyver"
debs="debs/$arch"
damaged() {
  refuse "bộ cài trên USB bị hỏng hoặc đã bị sửa ($1). Đừng dùng nó: hãy xin nhà xuất bản bộ cài mới." \
    "the kit on this stick is damaged or was changed ($1). Do not use it: ask the publisher for the kit again."
}
# Names in SHA256SUMS are plain relative paths: no "..", no absolute path, nothing a shell could misread.
bad=$(grep -cvE '^[0-9a-f]{64}  [A-Za-z0-9][A-Za-z0-9._+~%-]*(/[A-Za-z0-9][A-Za-z0-9._+~%-]*)*$' "$kit/SHA256SUMS") || true
[ "$bad" = 0 ] || damaged "SHA256SUMS has $bad line(s) that are not a file's hash and name"
for name in SHA256SUMS SHA256SUMS.sig publisher.pub; do
  cp "$kit/$name" "$work/$name" 2>/dev/null || damaged "$name is missing"
done
# Only the files listed, and only this machine's wheels and packages: nothing else on the stick is used.
while read -r sum name; do
  case "$name" in
    wheels/*) case "$name" in "$wheels"/*) ;; *) continue ;; esac ;;
    debs/*) case "$name" in "$debs"/*) ;; *) continue ;; esac ;;
  esac
  mkdir -p "$work/$(dirname "$name")"
  cp "$kit/$name" "$work/$name" 2>/dev/null || damaged "$name is missing"
  printf '%s  %s\n' "$sum" "$name" >> "$work/.sums"
done < "$work/SHA256SUMS"
if ! failed=$(cd "$work" && sha256sum --strict --quiet -c .sums 2>/dev/null); then
  damaged "$(printf '%s\n' "$failed" | grep -c FAILED) file(s) do not match SHA256SUMS, first $(printf '%s\n' "$failed" | head -n 1 | cut -d: -f1)"
fi
echo "files: $(wc -l < "$work/.sums") match SHA256SUMS"

key=$(sed -n 's/^kiosk-ed25519-public \([A-Za-z0-9+/]\{43\}=\)\( .*\)\{0,1\}$/\1/p' "$work/publisher.pub" | head -n 1)
[ -n "$key" ] || damaged "publisher.pub is not a publisher key"
fingerprint=$(printf '%s' "$key" | base64 -d | sha256sum | cut -c 1-16)
verifier=${KIOSK_KIT_VERIFIER:-}
if [ -z "$verifier" ]; then
  # The system's own openssl (3.0 in Debian 12) verifies Ed25519; without it, PyNaCl from the kit's
  # wheels (their hashes were just checked) with the system's Python.
  if command -v openssl >/dev/null 2>&1 && openssl pkeyutl -help 2>&1 | grep -q rawin; then
    verifier=openssl
  else
    verifier=python
  fi
fi
signed=no
case "$verifier" in
  openssl)
    # The raw 32-byte key behind the fixed DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410).
    { printf '\060\052\060\005\006\003\053\145\160\003\041\000'; printf '%s' "$key" | base64 -d; } > "$work/.key.der"
    openssl pkeyutl -verify -pubin -keyform DER -inkey "$work/.key.der" -rawin \
      -in "$work/SHA256SUMS" -sigfile "$work/SHA256SUMS.sig" >/dev/null 2>&1 && signed=yes ;;
  python)
    mkdir "$work/.nacl"
    for wheel in "$work/$wheels"/pynacl-*.whl "$work/$wheels"/cffi-*.whl; do
      [ -f "$wheel" ] && $py -m zipfile -e "$wheel" "$work/.nacl"
    done
    PYTHONPATH="$work/.nacl" $py - "$key" "$work" <<'PY' && signed=yes
import base64, sys
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
folder = sys.argv[2]
data, sig = open(folder + "/SHA256SUMS", "rb").read(), open(folder + "/SHA256SUMS.sig", "rb").read()
try:
    VerifyKey(base64.b64decode(sys.argv[1])).verify(data, sig)
except (BadSignatureError, ValueError):
    sys.exit(1)
PY
    ;;
esac
[ "$signed" = yes ] || damaged "SHA256SUMS is not signed by the key in publisher.pub"
echo "signature: good ($verifier), publisher key $fingerprint"

trusted=${KIOSK_KIT_TRUSTED:-/var/lib/kiosk/trusted_keys}
if [ "$new_key" = no ] && ls "$trusted"/*.pub >/dev/null 2>&1 && ! cat "$trusted"/*.pub | grep -q "^kiosk-ed25519-public $key"; then
  refuse "máy này chỉ tin khoá của nhà xuất bản đã cài trước; bộ cài này ký bằng khoá khác ($fingerprint). Nếu nhà xuất bản báo đã đổi khoá, chạy lại với --new-key." \
    "this kiosk trusts other publisher keys; this kit is signed by key $fingerprint. If the publisher told you their key changed, run again with --new-key."
fi

if [ "$check_only" = yes ]; then
  printf '\nThe kit and this computer are ready; nothing was changed. · Bộ cài và máy này đã sẵn sàng.\n'
  exit 0
fi

step "3/4 Unpacking the program · Giải nén chương trình"
mkdir "$work/src"
tar -xzf "$work/kiosk-src.tar.gz" -C "$work/src"
# Options for install.sh, without this script's own (kept as they were, spaces and all).
n=$#
while [ "$n" -gt 0 ]; do
  arg=$1; shift; n=$((n - 1))
  case "$arg" in --check|--new-key) ;; *) set -- "$@" "$arg" ;; esac
done

step "4/4 Installing from the kit, with no network · Cài đặt từ bộ cài, không cần mạng"
sh "$work/src/deploy/install.sh" --debs "$work/$debs" --wheels "$work/$wheels" \
  --trust "$work/publisher.pub" --bundle "$work/$(kit_value bundle)" "$@"
printf '\nInstalled from the kit: program %s, content version %s, publisher key %s.\n' \
  "$(kit_value kiosk)" "$(kit_value content)" "$fingerprint"
printf 'Đã cài xong: nội dung phiên bản %s. Khoá nhà xuất bản: %s.\n' "$(kit_value content)" "$fingerprint"
