#!/usr/bin/env bash
# test_deb.sh: the Debian packages. `make deb` builds curtain and curtaind
# with dpkg-buildpackage and lintian (no error allowed) into build-deb/, or
# reuses them while no source file changed (a stamp), so the second CI run
# builds nothing. The test checks each package's files, control data and
# maintainer scripts, unpacks both into a scratch root (dpkg -x: nothing is
# installed on this machine), runs the packaged programs from there
# (curtain --version, curtaind --help, and a real curtainctl + curtaind on
# loopback), checks the packaged systemd unit, and removes the scratch root.
#
# Skipped in the sanitizer build (make asan): it tests packaging, not memory,
# and the packages are built without sanitizers either way.

. "$(dirname "$0")/../lib/common.sh"

if grep -qa '__asan_init' "$CURTAIND" 2>/dev/null; then
	echo "1..0 # SKIP packaging is tested in the plain build, not under AddressSanitizer"
	_ct_done=1
	exit 0
fi
need_cmd dpkg-buildpackage dh fakeroot lintian dpkg-deb

VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
DEB_DIR=$TOP/build-deb
ARCH=$(dpkg --print-architecture)

# --- build (or reuse) ---------------------------------------------------------

start=$SECONDS
if make -C "$TOP" --no-print-directory deb >"$TMP/make-deb.log" 2>&1; then
	pass "make deb (${VERSION}, $((SECONDS - start)) s)"
else
	fail "make deb" "$(tail -n 40 "$TMP/make-deb.log")"
	bail_out "no packages to test"
fi
diag "$(cat "$TMP/make-deb.log")"

CLIENT_DEB=$DEB_DIR/curtain_${VERSION}_${ARCH}.deb
SERVER_DEB=$DEB_DIR/curtaind_${VERSION}_${ARCH}.deb
for d in "$CLIENT_DEB" "$SERVER_DEB"; do
	[ -s "$d" ] || bail_out "$d was not built"
done
pass "both packages exist"

errors=$(grep -E '^E: ' "$DEB_DIR/lintian.txt")
is "$errors" "" "lintian reports no error"
warnings=$(grep -cE '^W: ' "$DEB_DIR/lintian.txt")
diag "lintian: $warnings warning(s)"

# --- contents -----------------------------------------------------------------

# files DEB: the package's paths, one per line, without the leading "."
files() { dpkg-deb -c "$1" | awk '{ print $NF }' | sed 's|^\.||'; }
client_files=$(files "$CLIENT_DEB")
server_files=$(files "$SERVER_DEB")
missing=
for f in /usr/bin/curtain /usr/share/man/man1/curtain.1.gz /usr/share/man/man5/curtain.conf.5.gz \
	/usr/share/curtain/curtain.conf /usr/share/curtain/themes/default.theme \
	/usr/share/curtain/themes/theme.template /usr/share/curtain/keymaps/default.keys \
	/usr/share/curtain/keymaps/vim.keys /usr/share/locale/es/LC_MESSAGES/curtain.mo \
	/usr/share/doc/curtain/copyright; do
	grep -qxF "$f" <<<"$client_files" || missing+=" $f"
done
is "${missing# }" "" "curtain has the client, its man pages, themes, keymaps, example config, translations"
missing=
for f in /usr/sbin/curtaind /usr/sbin/curtainctl /usr/share/man/man8/curtaind.8.gz \
	/usr/share/man/man8/curtainctl.8.gz /lib/systemd/system/curtaind.service \
	/usr/lib/sysusers.d/curtain.conf /usr/lib/tmpfiles.d/curtain.conf \
	/usr/share/doc/curtaind/copyright; do
	grep -qxF "$f" <<<"$server_files" || missing+=" $f"
done
is "${missing# }" "" "curtaind has the server, curtainctl, their man pages and the systemd unit"
missing=
for p in curtain curtaind; do
	grep -qE "^/usr/share/doc/$p/README\.md(\.gz)?$" <<<"$client_files
$server_files" || missing+=" $p"
done
is "${missing# }" "" "both packages carry README.md"
grep -v '/$' <<<"$client_files" | sort >"$TMP/client.files"
grep -v '/$' <<<"$server_files" | sort >"$TMP/server.files"
is "$(comm -12 "$TMP/client.files" "$TMP/server.files")" "" \
	"no file is in both packages"

like "$(dpkg-deb -f "$SERVER_DEB" Depends)" '(^|, )adduser(,|$)' "curtaind depends on adduser"
# Every -dev package the Makefile's libraries come from is a Build-Depends.
bd=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$TOP/packaging/debian/control")
missing=
for p in $(sed -n '/^BUILD_PKGS="/,/"/p' "$TOP/packaging/install-deps.sh" | tr -d '"' |
	sed 's/^BUILD_PKGS=//' | tr ' ' '\n' | grep -- '-dev$'); do
	[ "$p" = libc6-dev ] && continue
	grep -qE "(^|[[:space:]])$p([,[:space:]]|$)" <<<"$bd" || missing+=" $p"
done
is "${missing# }" "" "control's Build-Depends has every library install-deps.sh builds with"

mkdir -p "$TMP/control"
dpkg-deb -e "$SERVER_DEB" "$TMP/control"
postinst=$(cat "$TMP/control/postinst")
like "$postinst" 'adduser --system' "curtaind.postinst creates the system user"
like "$postinst" 'deb-systemd-helper enable .curtaind\.service' "curtaind.postinst enables the unit"
like "$postinst" 'systemd-tmpfiles .*--create curtain\.conf' "curtaind.postinst creates the state directory"
check "curtaind.postinst is valid sh" sh -n "$TMP/control/postinst"

# --- unpacked into a scratch root --------------------------------------------

ROOT=$TMP/root
dpkg -x "$CLIENT_DEB" "$ROOT"
dpkg -x "$SERVER_DEB" "$ROOT"
out=$("$ROOT/usr/bin/curtain" --version 2>&1)
like "$out" "^curtain .*${VERSION//./\\.}" "the packaged curtain --version says $VERSION"
out=$("$ROOT/usr/sbin/curtaind" --help 2>&1)
rc=$?
is "$rc" 0 "the packaged curtaind --help exits 0"
like "$out" '--tls-cert' "the packaged curtaind --help lists its options"
like "$("$ROOT/usr/sbin/curtainctl" --version 2>&1)" "$VERSION" "the packaged curtainctl --version says $VERSION"
# Built for /usr: the client looks for themes and translations there.
check "the packaged curtain looks in /usr/share/curtain" grep -qa '/usr/share/curtain' "$ROOT/usr/bin/curtain"
out=$(printf 'Your A1C came back 7.8\n' | "$ROOT/usr/bin/curtain" scan 2>&1)
like "$out" '"nag":true' "the packaged curtain scan flags a lab result"

# The packaged curtainctl makes a practice that the packaged curtaind serves.
DB=$TMP/pkg.db
check "the packaged curtainctl creates a database" "$ROOT/usr/sbin/curtainctl" -d "$DB" init \
	--practice-name "Package Test"
CURTAIND=$ROOT/usr/sbin/curtaind
if start_server "$DB"; then
	pass "the packaged curtaind serves it on loopback"
	like "$(curl -fsS "$SERVER_URL/v1/health")" "\"version\":\"$VERSION\"" "its /v1/health answers"
	stop_server
	is "$?" 0 "it stops cleanly on SIGTERM"
else
	fail "the packaged curtaind serves it on loopback"
fi

# The packaged unit, with its ExecStart pointed into the scratch root:
# systemd-analyze verify reports nothing (it prints problems and still
# exits 0), and the offline security score stays low.
unit=$ROOT/lib/systemd/system/curtaind.service
like "$(grep '^ExecStart=' "$unit")" '^ExecStart=/usr/sbin/curtaind ' "the unit starts /usr/sbin/curtaind"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$TMP/unit"
	sed "s|^ExecStart=/usr/sbin/|ExecStart=$ROOT/usr/sbin/|" "$unit" >"$TMP/unit/curtaind.service"
	out=$(systemd-analyze verify --man=no "$TMP/unit/curtaind.service" 2>&1)
	is "$out" "" "systemd-analyze verify finds nothing in the unit"
	score=$(systemd-analyze security --offline=yes --no-pager "$TMP/unit/curtaind.service" 2>&1 |
		sed -n 's/.*Overall exposure level for curtaind.service: \([0-9.]*\).*/\1/p')
	if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
		pass "systemd-analyze security rates the unit $score (2.0 or less)"
	else
		fail "systemd-analyze security rates the unit 2.0 or less" "score: '${score}'"
	fi
else
	skip "systemd-analyze verify finds nothing in the unit" "systemd-analyze not installed"
	skip "systemd-analyze security rates the unit 2.0 or less" "systemd-analyze not installed"
fi

rm -rf "$ROOT"
check "the scratch root is removed" test ! -e "$ROOT"

done_testing
