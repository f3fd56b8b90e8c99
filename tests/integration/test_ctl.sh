#!/usr/bin/env bash
# test_ctl.sh: curtainctl end to end on real SQLite files: init, practice,
# departments, users, templates, demo and bulk seeding, the audit chain
# (verify, export, tamper detection), devices and the sim outbox. TAP output.
#
#   BUILD=build bash tests/integration/test_ctl.sh
set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
CTL=$BUILD/curtainctl

T=$(mktemp -d "${TMPDIR:-/tmp}/curtain-ctl.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
# check NAME CMD...: passes when CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}
# run CMD...: runs it, leaving OUT, ERR and RC.
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}
mode_of() { stat -c %a "$1"; }

if [ ! -x "$CTL" ]; then
	echo "1..1"
	echo "not ok 1 - $CTL is built"
	exit 1
fi

DB=$T/clinic.db
ctl() { "$CTL" -d "$DB" "$@"; }

# ---- command line ------------------------------------------------------------
run "$CTL" --help
is "$RC" 0 "--help exits 0"
check "--help lists the commands" grep -q "audit verify" "$T/out"
run "$CTL" --version
check "--version names the program" grep -q "^curtainctl (Curtain) " "$T/out"
run "$CTL" frobnicate
is "$RC" 2 "unknown command: exit 2"
check "unknown command: named" grep -q "frobnicate" "$T/err"
run "$CTL" dept list
is "$RC" 2 "missing -d DB: exit 2"
run "$CTL" -d "$T/none.db" dept list
is "$RC" 1 "database that does not exist: exit 1"
check "database that does not exist: named" grep -q "none.db" "$T/err"

# ---- init --------------------------------------------------------------------
run ctl init --practice-name "Test Clinic" --practice-phone +15555550150
is "$RC" 0 "init creates a database"
check "init made the database file" test -f "$DB"
is "$(mode_of "$DB.key")" 600 "key file mode is 0600"
run ctl init
is "$RC" 1 "init twice refuses"
check "init twice names the database" grep -q "already exists" "$T/err"
run "$CTL" -d "$T/other.db" --key "$DB.key" init
is "$RC" 1 "init refuses an existing key file"
check "...and leaves no database behind" test ! -e "$T/other.db"
run ctl practice show
check "practice show gives the name" grep -q "Test Clinic" "$T/out"
run ctl practice set --phone 12345
is "$RC" 2 "practice set with a bad phone: exit 2"
run ctl practice set --name "Lakeview Clinic"
run ctl practice show
check "practice set changes the name" grep -q "Lakeview Clinic" "$T/out"

# ---- departments ---------------------------------------------------------------
run ctl dept add "Front Desk" --number +15555550100
is "$RC" 0 "dept add"
run ctl dept add Billing --number +15555550101
run ctl dept list
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "dept list shows two departments"
is "$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "Front Desk" { print $2 }')" +15555550100 \
	"dept list: name and number"
check "dept list: an id column" test -n "$(printf '%s\n' "$OUT" | awk -F'\t' 'NR == 1 { print $3 }')"
run ctl dept add Nursing --number 5550102
is "$RC" 2 "bad E.164 refused with exit 2"
check "bad E.164: the number is named" grep -q "5550102" "$T/err"
run ctl dept add Nursing --number +0123456789
is "$RC" 2 "E.164 with a leading 0 refused"
run ctl dept add Billing --number +15555550109
is "$RC" 1 "duplicate department name refused"
run ctl dept add Nursing --number +15555550100
is "$RC" 1 "duplicate department number refused"
check "duplicate number: the owner is named" grep -q "Front Desk" "$T/err"

# ---- users ---------------------------------------------------------------------
SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
run sh -c "printf 'correct horse battery\n' | \"$CTL\" -d \"$DB\" user add dana --name 'Dana Reyes' \
	--role agent --dept 'Front Desk' --password-stdin --totp-secret $SECRET"
is "$RC" 0 "user add with --password-stdin and --totp-secret"
check "a given TOTP secret is not echoed" sh -c "! grep -q otpauth '$T/out' && ! grep -q $SECRET '$T/out' '$T/err'"
run sh -c "printf 'another long passphrase\n' | \"$CTL\" -d \"$DB\" user add Miguel --name 'Miguel Ortiz' \
	--role supervisor --dept 'Front Desk' --dept Billing --password-stdin"
is "$RC" 0 "user add generating a secret"
check "user add prints the otpauth:// URI" grep -q '^otpauth://totp/.*secret=' "$T/out"
URI_SECRET=$(sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p' "$T/out")
check "the generated secret works with oathtool" sh -c "oathtool --totp -b '$URI_SECRET' >/dev/null"
run sh -c "printf 'short\n' | \"$CTL\" -d \"$DB\" user add sam --name 'Sam Lee' --role agent \
	--dept Billing --password-stdin"
is "$RC" 1 "short password refused"
check "short password: says so" grep -q "too short" "$T/err"
run sh -c "printf 'correct horse battery\n' | \"$CTL\" -d \"$DB\" user add dana --name 'Dana Again' \
	--role agent --dept 'Front Desk' --password-stdin"
is "$RC" 1 "duplicate username refused"
run sh -c "printf 'correct horse battery\n' | \"$CTL\" -d \"$DB\" user add nora --name 'Nora Kim' \
	--role agent --dept Nursing --password-stdin"
is "$RC" 1 "unknown department refused"
check "unknown department: named" grep -q "Nursing" "$T/err"
run ctl user add nora --name 'Nora Kim' --role nurse --dept Billing --password-stdin </dev/null
is "$RC" 2 "unknown role: exit 2"
run ctl user add nora --name 'Nora Kim' --role agent --dept Billing --totp-secret 'not base32!' \
	--password-stdin </dev/null
is "$RC" 2 "bad TOTP secret: exit 2"
run ctl user add nora --name 'Nora Kim' --role agent --dept Billing </dev/null
is "$RC" 1 "no password and no terminal: refused"
run ctl user list
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "user list shows two users"
is "$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "miguel" { print $2 "|" $3 "|" $4 "|" $5 }')" \
	"Miguel Ortiz|supervisor|Billing,Front Desk|active" "user list: name, role, departments, state"
run ctl user disable dana
is "$RC" 0 "user disable"
is "$(ctl user list | awk -F'\t' '$1 == "dana" { print $5 }')" disabled "user list shows disabled"
run ctl user enable dana
is "$(ctl user list | awk -F'\t' '$1 == "dana" { print $5 }')" active "user enable"
run sh -c "printf 'a brand new passphrase\n' | \"$CTL\" -d \"$DB\" user set-password dana --password-stdin"
is "$RC" 0 "user set-password"
run sh -c "printf 'x\n' | \"$CTL\" -d \"$DB\" user set-password nobody --password-stdin"
is "$RC" 1 "set-password for an unknown user refused"

# ---- templates -----------------------------------------------------------------
run ctl template add --name "Please call" --body "Hi {patient.first_name}, please call {practice.phone}."
is "$RC" 0 "template add with --body"
run sh -c "printf 'Hola {patient.first_name}, llame al {practice.phone}.\n' | \
	\"$CTL\" -d \"$DB\" template add --name 'Please call' --lang es --dept Billing --body-stdin"
is "$RC" 0 "template add with --body-stdin, --lang and --dept"
run ctl template list
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "template list shows two templates"
is "$(printf '%s\n' "$OUT" | awk -F'\t' '$4 == "es" { print $2 "|" $3 "|" $5 }')" \
	"Please call|Billing|Hola {patient.first_name}, llame al {practice.phone}." \
	"template list: name, department, language, text"
run ctl template add --name X
is "$RC" 2 "template add without a body: exit 2"
TID=$(ctl template list | awk -F'\t' '$4 == "es" { print $1 }')
run ctl template remove "$TID"
is "$RC" 0 "template remove"
is "$(ctl template list | wc -l)" 1 "template removed from the list"
run ctl template remove "$TID"
is "$RC" 1 "removing it again fails"

# ---- devices and sim outbox on an empty database -----------------------------------
run ctl device list
is "$RC|$OUT" "0|" "device list on no devices: empty, exit 0"
run ctl device list --user nobody
is "$RC" 1 "device list for an unknown user fails"
run ctl device revoke d0000000000000000
is "$RC" 1 "revoking an unknown device fails"
run ctl sim outbox
is "$RC|$OUT" "0|" "sim outbox on a new database: empty"

# ---- sms-in without a server ----------------------------------------------------
run "$CTL" sms-in --server http://127.0.0.1:9 --from 15555551234 --to +15555550100 hi
is "$RC" 2 "sms-in with a bad --from: exit 2"
run "$CTL" sms-in --server http://127.0.0.1:9 --from +15555551234 --to +15555550100 hi
is "$RC" 1 "sms-in with no server listening: exit 1"

# ---- audit ---------------------------------------------------------------------
run ctl audit verify
is "$RC" 0 "audit verify on an untouched log"
check "audit verify: 'audit log OK: N entries'" grep -Eq '^audit log OK: [0-9]+ entr' "$T/out"
ENTRIES=$(sed -n 's/^audit log OK: \([0-9]*\).*/\1/p' "$T/out")
run ctl audit export
is "$RC" 0 "audit export"
check "audit export: every line is JSON" sh -c "jq -e . '$T/out' >/dev/null"
is "$(printf '%s\n' "$OUT" | wc -l)" $((ENTRIES + 1)) "audit export: every entry plus the export itself"
is "$(printf '%s\n' "$OUT" | tail -n 1 | jq -r .action)" audit.export "audit export records itself"
is "$(printf '%s\n' "$OUT" | jq -r 'select(.action == "staff.create") | .detail.via' | sort -u)" \
	curtainctl "admin entries say via curtainctl"
check "audit export: detail is parsed JSON with osUser" \
	sh -c "jq -se 'map(select(.action == \"department.create\")) | length > 0 and
		all(.detail.osUser | type == \"string\")' '$T/out' >/dev/null"
check "audit export: seq, at, hashes" sh -c "jq -e 'select((.seq|type) != \"number\" or
	(.at|test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T\")|not) or (.hash|length) != 64 or
	(.prevHash|length) != 64)' '$T/out' | grep -q . && exit 1 || exit 0"
check "audit export: no password or secret in the log" \
	sh -c "! grep -Eq 'correct horse|another long|$SECRET|argon2' '$T/out'"
FIRST=$(printf '%s\n' "$OUT" | head -n 1 | jq -r .seq)
run ctl audit export --since "$FIRST"
check "audit export --since skips older entries" \
	sh -c "jq -r .seq '$T/out' | awk -v f=$FIRST '\$1 <= f { bad = 1 } END { exit bad }'"

# Tamper with one entry the way someone with the file could: drop any
# protective triggers on the audit table, then edit a row.
AUDIT_TABLE=$(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'audit%' ORDER BY length(name) LIMIT 1")
check "the schema has an audit table" test -n "$AUDIT_TABLE"
for trg in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '$AUDIT_TABLE'"); do
	sqlite3 "$DB" "DROP TRIGGER \"$trg\""
done
SEQ_COL=$(sqlite3 "$DB" "SELECT name FROM pragma_table_info('$AUDIT_TABLE') WHERE pk = 1")
TAMPER=$(sqlite3 "$DB" "SELECT $SEQ_COL FROM $AUDIT_TABLE ORDER BY $SEQ_COL LIMIT 1 OFFSET 2")
sqlite3 "$DB" "UPDATE $AUDIT_TABLE SET action = 'staff.tampered' WHERE $SEQ_COL = $TAMPER"
is "$(sqlite3 "$DB" "SELECT action FROM $AUDIT_TABLE WHERE $SEQ_COL = $TAMPER")" staff.tampered \
	"tampered with entry $TAMPER"
run ctl audit verify
is "$RC" 1 "audit verify after tampering: exit 1"
is "$OUT" "audit log BROKEN at entry $TAMPER" "audit verify names the tampered entry"

# ---- demo seed -------------------------------------------------------------------
DEMO=$T/demo.db
"$CTL" -d "$DEMO" init >/dev/null
run "$CTL" -d "$DEMO" seed --demo
is "$RC" 0 "seed --demo"
CRED=$DEMO.demo-credentials
check "seed --demo writes the credentials file" test -s "$CRED"
is "$(mode_of "$CRED")" 600 "credentials file mode is 0600"
is "$(wc -l <"$CRED")" 6 "credentials for six staff"
is "$(awk -F'\t' 'NF != 4' "$CRED" | wc -l)" 0 "credentials lines have four tab-separated fields"
is "$(awk -F'\t' '$1 == "priya" { print $4 }' "$CRED")" supervisor "priya is a supervisor"
check "a demo TOTP secret works with oathtool" \
	sh -c "oathtool --totp -b '$(awk -F'\t' '$1 == "dana" { print $3 }' "$CRED")' >/dev/null"
check "demo passwords are long enough" \
	sh -c "awk -F'\t' 'length(\$2) < 10 { bad = 1 } END { exit bad }' '$CRED'"
run "$CTL" -d "$DEMO" dept list
is "$(printf '%s\n' "$OUT" | wc -l)" 3 "seed --demo creates three departments"
check "Front Desk has its number" grep -q "^Front Desk	+15555550100	" "$T/out"
run "$CTL" -d "$DEMO" user list
is "$(printf '%s\n' "$OUT" | wc -l)" 6 "seed --demo creates six staff"
is "$(printf '%s\n' "$OUT" | awk -F'\t' '$1 == "miguel" { print $4 }')" "Billing,Front Desk" \
	"miguel is in Front Desk and Billing"
run "$CTL" -d "$DEMO" template list
check "demo has about a dozen templates" test "$(printf '%s\n' "$OUT" | wc -l)" -ge 12
check "demo has Spanish templates" sh -c "awk -F'\t' '\$4 == \"es\"' '$T/out' | grep -q ."
check "demo has the Secure message template" grep -q "You have a new secure message from {practice.name}" "$T/out"
run "$CTL" -d "$DEMO" practice show
check "demo practice name" grep -q "Lakeside Family Medicine" "$T/out"
run "$CTL" -d "$DEMO" seed --demo
is "$RC" 1 "seed --demo twice refuses"
check "...and keeps the first credentials" test "$(wc -l <"$CRED")" -eq 6
run "$CTL" -d "$DEMO" audit verify
is "$RC" 0 "audit verify after the demo seed"
cut -f2 "$CRED" >"$T/passwords"
check "demo seed audit has no passwords" bash -c "! \"$CTL\" -d \"$DEMO\" audit export 2>/dev/null |
	grep -Fqf '$T/passwords'"

# ---- bulk seed -------------------------------------------------------------------
BULK=$T/bulk.db
"$CTL" -d "$BULK" init >/dev/null
run "$CTL" -d "$BULK" seed --conversations 1000 --messages-per-conversation 3
is "$RC" 0 "seed --conversations 1000 --messages-per-conversation 3"
check "bulk seed reports its timing" grep -q "seeded 1000 conversations with 3000 messages" "$T/out"
is "$("$CTL" -d "$BULK" dept list | wc -l)" 3 "bulk seed made the departments it needed"
is "$("$CTL" -d "$BULK" user list | wc -l)" 3 "bulk seed made one agent per department"
run "$CTL" -d "$BULK" seed --conversations 500 --messages-per-conversation 2 --dept Billing
is "$RC" 0 "a second bulk seed into one department"
run "$CTL" -d "$BULK" seed --conversations 10 --messages-per-conversation 2 --dept Nowhere
is "$RC" 1 "bulk seed into an unknown department fails"
run "$CTL" -d "$BULK" seed --conversations 10 --messages-per-conversation 0
is "$RC" 2 "bulk seed with 0 messages: exit 2"
run "$CTL" -d "$BULK" audit verify
is "$RC" 0 "audit verify after bulk seeds"
is "$("$CTL" -d "$BULK" audit export 2>/dev/null | jq -r 'select(.action == "seed.bulk") | .detail.conversations' | paste -sd,)" \
	"1000,500" "bulk seeds are audited with their sizes"

echo "1..$n"
[ "$failed" -eq 0 ]
