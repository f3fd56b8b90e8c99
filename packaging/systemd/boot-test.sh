#!/usr/bin/env bash
# boot-test.sh: the hardened curtaind.service under a real systemd. Boots
# this machine's own Debian in a throwaway systemd-nspawn container (an
# overlay on / whose writes go to a tmpfs), installs the packages from
# `make deb` there with dpkg -i (postinst: user, state directory, enabled
# unit), creates a practice as the curtain user, starts the unit and checks
# it answers over HTTP and over TLS with LoadCredential=, that a password
# sign-in works (argon2id under MemoryDenyWriteExecute and the system-call
# filter), that the sqlite3 online backup of curtaind(8) verifies, and that
# it stops cleanly. Nothing stays on the machine.
#
#   sudo bash packaging/systemd/boot-test.sh [DEB_DIR]      (build-deb)
#
# Needs root, overlayfs and systemd-container (systemd-nspawn). Not part of
# make check: it boots an OS. Prints the container's log; exits 0 when
# every step passed.

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEB_DIR=${1:-$TOP/build-deb}
die() {
	printf 'boot-test: %s\n' "$*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "run as root"
command -v systemd-nspawn >/dev/null 2>&1 || die "systemd-nspawn is missing (apt-get install systemd-container)"
arch=$(dpkg --print-architecture)
debs=("$DEB_DIR"/curtain_*_"$arch".deb "$DEB_DIR"/curtaind_*_"$arch".deb)
for d in "${debs[@]}"; do [ -f "$d" ] || die "no $d: run make deb"; done

MNT=$(mktemp -d /run/curtain-boot.XXXXXX) || die "cannot make a mount point"
cleanup() {
	umount "$MNT/root" 2>/dev/null
	umount "$MNT" 2>/dev/null
	rmdir "$MNT" 2>/dev/null
}
trap cleanup EXIT
mount -t tmpfs -o size=2G tmpfs "$MNT" || die "cannot mount a tmpfs"
mkdir -p "$MNT/up" "$MNT/work" "$MNT/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$MNT/up,workdir=$MNT/work" "$MNT/root" ||
	die "cannot mount an overlay on /"
R=$MNT/root

mkdir -p "$R/root/debs"
cp "${debs[@]}" "$R/root/debs/"
# The container needs its own machine id (nspawn refuses the host's).
systemd-id128 new >"$R/etc/machine-id"
cat >"$R/root/boot-test-inside.sh" <<'INSIDE'
#!/bin/bash
exec >/root/boot-test.log 2>&1
fails=0
step() { if "$@"; then echo "PASS: $*"; else echo "FAIL: $*"; fails=$((fails + 1)); fi; }
DB=/var/lib/curtain/practice.db
as_curtain() { runuser -u curtain -- "$@"; }
login_json() { printf '{"username":"dana","password":"%s","deviceName":"boot-test"}' "$1"; }

step env DEBIAN_FRONTEND=noninteractive dpkg -i /root/debs/*.deb
step getent passwd curtain
step test "$(stat -c '%a %U' /var/lib/curtain)" = "700 curtain"
step systemctl is-enabled curtaind
step as_curtain curtainctl -d $DB init --practice-name "Boot Test"
step as_curtain curtainctl -d $DB seed --demo
pw=$(awk -F '\t' '$1 == "dana" { print $2 }' $DB.demo-credentials)
step systemctl start curtaind
sleep 2
step systemctl is-active curtaind
step curl -fsS http://127.0.0.1:8750/v1/health
step sh -c "curl -fsS -H 'Content-Type: application/json' --data '$(login_json "$pw")' \
	http://127.0.0.1:8750/v1/auth/login | grep -q mfaToken"

install -d -m 0700 /etc/ssl/curtain
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-keyout /etc/ssl/curtain/privkey.pem -out /etc/ssl/curtain/fullchain.pem 2>/dev/null
mkdir -p /etc/systemd/system/curtaind.service.d
cat >/etc/systemd/system/curtaind.service.d/tls.conf <<'UNIT'
[Service]
LoadCredential=tls.crt:/etc/ssl/curtain/fullchain.pem
LoadCredential=tls.key:/etc/ssl/curtain/privkey.pem
ExecStart=
ExecStart=/usr/sbin/curtaind \
    -d /var/lib/curtain/practice.db --listen 127.0.0.1:8443 \
    --tls-cert %d/tls.crt --tls-key %d/tls.key
UNIT
systemctl daemon-reload
step systemctl restart curtaind
sleep 2
step curl -fsSk https://127.0.0.1:8443/v1/health
step sh -c "curl -fsSk -H 'Content-Type: application/json' --data '$(login_json "$pw")' \
	https://127.0.0.1:8443/v1/auth/login | grep -q mfaToken"

install -d -o curtain -g curtain -m 0700 /var/lib/curtain/backup
step as_curtain sqlite3 $DB ".backup /var/lib/curtain/backup/practice.db"
step as_curtain curtainctl -d /var/lib/curtain/backup/practice.db --key $DB.key audit verify
systemd-analyze security curtaind --no-pager | tail -n 1
journalctl -u curtaind --no-pager | tail -n 20
step systemctl stop curtaind
step test "$(systemctl show curtaind -p Result --value)" = success
echo "RESULT: $fails failed"
systemctl poweroff
INSIDE
chmod +x "$R/root/boot-test-inside.sh"
cat >"$R/etc/systemd/system/boot-test.service" <<'UNIT'
[Unit]
Description=curtaind boot test
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/root/boot-test-inside.sh
[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/boot-test.service "$R/etc/systemd/system/multi-user.target.wants/"

echo "boot-test: booting the container (up to 4 minutes)"
timeout 240 systemd-nspawn -D "$R" -b -q --register=no --keep-unit --link-journal=no \
	--console=pipe >"$MNT/nspawn.log" 2>&1
[ -f "$MNT/up/root/boot-test.log" ] || {
	cat "$MNT/nspawn.log" >&2
	die "the container did not run the test"
}
cat "$MNT/up/root/boot-test.log"
grep -q '^RESULT: 0 failed' "$MNT/up/root/boot-test.log"
