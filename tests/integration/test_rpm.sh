#!/usr/bin/env bash
# test_rpm.sh: packaging/rpm/curtain.spec builds with rpmbuild -bb (`make
# rpm`, reused while no source file changed), its %files hold exactly what
# `make install` installs, split as in the Debian packages, and the
# unpacked programs run. On Debian rpmbuild cannot check BuildRequires
# (packaging/rpm.sh passes --nodeps there), so this checks the spec and its
# file lists, not a Fedora build root.
#
# Skipped in the sanitizer build (make asan), like test_deb.sh.

. "$(dirname "$0")/../lib/common.sh"

if grep -qa '__asan_init' "$CURTAIND" 2>/dev/null; then
	echo "1..0 # SKIP packaging is tested in the plain build, not under AddressSanitizer"
	_ct_done=1
	exit 0
fi
need_cmd rpmbuild rpm rpm2cpio cpio

VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
RPM_DIR=$TOP/build-rpm
ARCH=$(rpm --eval '%{_arch}')

start=$SECONDS
if make -C "$TOP" --no-print-directory rpm >"$TMP/make-rpm.log" 2>&1; then
	pass "make rpm ($VERSION, $((SECONDS - start)) s)"
else
	fail "make rpm" "$(tail -n 40 "$TMP/make-rpm.log")"
	bail_out "no packages to test"
fi
diag "$(cat "$TMP/make-rpm.log")"

CLIENT_RPM=$RPM_DIR/curtain-$VERSION-1.$ARCH.rpm
SERVER_RPM=$RPM_DIR/curtaind-$VERSION-1.$ARCH.rpm
for r in "$CLIENT_RPM" "$SERVER_RPM"; do
	[ -s "$r" ] || bail_out "$r was not built"
done
pass "both packages exist"

# Files only (rpm -qpl also lists the directories a package owns).
files() { rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$1" | awk '$1 !~ /^d/ { print $2 }'; }
client=$(files "$CLIENT_RPM")
server=$(files "$SERVER_RPM")
missing=
for f in /usr/bin/curtain /usr/share/curtain/curtain.conf /usr/share/curtain/themes/theme.template \
	/usr/share/curtain/keymaps/default.keys /usr/share/locale/es/LC_MESSAGES/curtain.mo; do
	grep -q "^$f" <<<"$client" || missing+=" $f"
done
grep -q '^/usr/share/man/man1/curtain\.1' <<<"$client" || missing+=" curtain.1"
grep -q '^/usr/share/man/man5/curtain\.conf\.5' <<<"$client" || missing+=" curtain.conf.5"
is "${missing# }" "" "curtain has the client, man pages, themes, keymaps, config, translations"
missing=
for f in /usr/sbin/curtaind /usr/sbin/curtainctl /usr/lib/systemd/system/curtaind.service \
	/usr/lib/sysusers.d/curtain.conf /usr/lib/tmpfiles.d/curtain.conf; do
	grep -q "^$f" <<<"$server" || missing+=" $f"
done
grep -q '^/usr/share/man/man8/curtaind\.8' <<<"$server" || missing+=" curtaind.8"
grep -q '^/usr/share/man/man8/curtainctl\.8' <<<"$server" || missing+=" curtainctl.8"
is "${missing# }" "" "curtaind has the server, curtainctl, man pages, the unit"
sort <<<"$client" >"$TMP/client.files"
sort <<<"$server" >"$TMP/server.files"
is "$(comm -12 "$TMP/client.files" "$TMP/server.files" | grep -v '^/usr/lib/\.build-id')" "" \
	"no file is in both packages"
like "$(rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILENAMES}\n]' "$SERVER_RPM")" \
	'drwx------ curtain /var/lib/curtain' "curtaind owns /var/lib/curtain, 0700, as curtain"
like "$(rpm -qp --scripts "$SERVER_RPM")" 'useradd -r -g curtain' "curtaind's %pre creates the system user"

ROOT=$TMP/root
mkdir -p "$ROOT"
for r in "$CLIENT_RPM" "$SERVER_RPM"; do
	(cd "$ROOT" && rpm2cpio "$r" | cpio -idm --quiet)
done
like "$("$ROOT/usr/bin/curtain" --version 2>&1)" "^curtain .*$VERSION" "the packaged curtain --version says $VERSION"
out=$("$ROOT/usr/sbin/curtaind" --help 2>&1)
is "$?" 0 "the packaged curtaind --help exits 0"
like "$out" '--listen' "the packaged curtaind --help lists its options"
like "$(grep '^ExecStart=' "$ROOT/usr/lib/systemd/system/curtaind.service")" '^ExecStart=/usr/sbin/curtaind ' \
	"the packaged unit starts /usr/sbin/curtaind"
rm -rf "$ROOT"
check "the scratch root is removed" test ! -e "$ROOT"

done_testing
