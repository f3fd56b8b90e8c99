#!/usr/bin/env bash
# test_install.sh: `make install` and `make uninstall` with DESTDIR put
# every file where the man pages and the systemd unit say it is, with the
# right modes, and take all of it away again; the installed unit passes
# systemd-analyze verify. Uses the tree's own build ($BUILD), installed
# under the default PREFIX into a scratch DESTDIR.

. "$(dirname "$0")/../lib/common.sh"

DEST=$TMP/dest
PREFIX=/usr/local
P=$DEST$PREFIX

run_make() { make -C "$TOP" --no-print-directory BUILD="$BUILD" DESTDIR="$DEST" "$@"; }

if run_make install >"$TMP/install.log" 2>&1; then
	pass "make install DESTDIR=..."
else
	fail "make install DESTDIR=..." "$(tail -n 30 "$TMP/install.log")"
	bail_out "nothing installed"
fi

expect=(
	"0755 $P/bin/curtain"
	"0755 $P/sbin/curtaind"
	"0755 $P/sbin/curtainctl"
	"0644 $P/share/man/man1/curtain.1"
	"0644 $P/share/man/man5/curtain.conf.5"
	"0644 $P/share/man/man8/curtaind.8"
	"0644 $P/share/man/man8/curtainctl.8"
	"0644 $P/share/curtain/curtain.conf"
	"0644 $P/share/curtain/themes/theme.template"
	"0644 $P/share/curtain/keymaps/default.keys"
	"0644 $P/share/locale/es/LC_MESSAGES/curtain.mo"
	"0644 $P/lib/systemd/system/curtaind.service"
	"0644 $P/lib/sysusers.d/curtain.conf"
	"0644 $P/lib/tmpfiles.d/curtain.conf"
)
wrong=
for e in "${expect[@]}"; do
	mode=${e%% *} f=${e#* }
	got=$(stat -c '%04a' "$f" 2>/dev/null) || got=missing
	[ "$got" = "$mode" ] || wrong+=" ${f#"$DEST"}($got)"
done
is "${wrong# }" "" "every file is installed with its mode (${#expect[@]} checked)"
for t in "$TOP"/themes/*.theme; do
	cmp -s "$t" "$P/share/curtain/themes/${t##*/}" || wrong+=" ${t##*/}"
done
for k in "$TOP"/keymaps/*.keys; do
	cmp -s "$k" "$P/share/curtain/keymaps/${k##*/}" || wrong+=" ${k##*/}"
done
is "${wrong# }" "" "every theme and keymap is installed"

# The installed pages and unit name the paths they were installed to.
like "$(cat "$P/share/man/man1/curtain.1")" "$PREFIX/share/curtain/themes" \
	"curtain(1) names the installed themes directory"
like "$(grep '^ExecStart=' "$P/lib/systemd/system/curtaind.service")" \
	"^ExecStart=$PREFIX/sbin/curtaind " "the unit starts the installed curtaind"
like "$(grep -E '^(u|d) ' "$P/lib/sysusers.d/curtain.conf" "$P/lib/tmpfiles.d/curtain.conf")" \
	'u curtain .* /var/lib/curtain' "sysusers.d makes the curtain user the unit runs as"
like "$(grep -E '^User=' "$P/lib/systemd/system/curtaind.service")" '^User=curtain$' \
	"the unit runs as curtain"

if command -v systemd-analyze >/dev/null 2>&1; then
	# verify checks that ExecStart's program exists: point it into DESTDIR.
	mkdir -p "$TMP/unit"
	sed "s|^ExecStart=$PREFIX/|ExecStart=$P/|" "$P/lib/systemd/system/curtaind.service" \
		>"$TMP/unit/curtaind.service"
	out=$(systemd-analyze verify --man=no "$TMP/unit/curtaind.service" 2>&1)
	is "$out" "" "systemd-analyze verify finds nothing in the installed unit"
	# ...and it does notice a broken one.
	sed 's/^ProtectSystem=strict/ProtectSystem=sometimes/' "$TMP/unit/curtaind.service" \
		>"$TMP/unit/broken.service"
	out=$(systemd-analyze verify --man=no "$TMP/unit/broken.service" 2>&1)
	like "$out" 'ProtectSystem|protect system' "systemd-analyze verify reports a bad setting"
else
	skip "systemd-analyze verify finds nothing in the installed unit" "systemd-analyze not installed"
	skip "systemd-analyze verify reports a bad setting" "systemd-analyze not installed"
fi

out=$("$P/bin/curtain" --version 2>&1)
like "$out" '^curtain ' "the installed curtain runs"

if run_make uninstall >"$TMP/uninstall.log" 2>&1; then
	pass "make uninstall DESTDIR=..."
else
	fail "make uninstall DESTDIR=..." "$(tail -n 30 "$TMP/uninstall.log")"
fi
is "$(find "$DEST" ! -type d | sed "s|^$DEST||")" "" "make uninstall leaves no file behind"

done_testing
