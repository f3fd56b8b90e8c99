#!/usr/bin/env bash
# test_auth.sh: sign-in (password, TOTP, PIN), unlock, PIN lockout, revocation,
# login rate limiting, bearer checks, the session document and the audit
# entries sign-in leaves (PROTOCOL.md sections 3, 4 and 11), against a real
# curtaind on loopback with a fresh demo database.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/common.sh"
. "$HERE/../lib/api.sh"

DB=$TMP/auth.db
ctl init >/dev/null 2>&1
ctl seed --demo >/dev/null 2>&1
check "demo seed wrote the credentials file" test -s "$DB.demo-credentials"
start_server "$DB"

# ---- health ------------------------------------------------------------------
req GET /v1/health
is "$RESP_STATUS" 200 "health: 200"
is "$(jr .status)" ok "health: status ok"
is "$(jr .version)" 0.1.0 "health: version 0.1.0"
is "$(hdr Cache-Control)" no-store "health: Cache-Control no-store"

# ---- password step ---------------------------------------------------------------
DANA_PW=$(pw_of dana)
DANA_SECRET=$(secret_of dana)
check "dana has demo credentials" test -n "$DANA_PW" -a -n "$DANA_SECRET"

post_json /v1/auth/login '{"username":"dana","password":"wrong-password-Qx7","deviceName":"itest"}'
is_problem 401 invalidCredentials "login with a wrong password"
WRONG_PW_TITLE=$(jr .title)
WRONG_PW_DETAIL=$(jr '.detail // ""')

post_json /v1/auth/login '{"username":"nobody-here","password":"wrong-password-Qx7","deviceName":"itest"}'
is_problem 401 invalidCredentials "login as an unknown user"
is "$(jr .title)|$(jr '.detail // ""')" "$WRONG_PW_TITLE|$WRONG_PW_DETAIL" \
	"unknown user and wrong password get the same words"

login_body() { jq -cn --arg u "$1" --arg p "$2" '{username: $u, password: $p, deviceName: "itest-ws"}'; }
mfa_body() { jq -cn --arg t "$1" --arg c "$2" --arg p "$3" '{mfaToken: $t, code: $c, pin: $p}'; }

post_json /v1/auth/login "$(login_body dana "$DANA_PW")"
is "$RESP_STATUS" 200 "login dana: 200"
MFA=$(jr '.mfaToken // empty')
check "login: mfaToken given" test -n "$MFA"
is "$(jr -c .mfaMethods)" '["totp"]' "login: mfaMethods [totp]"
is "$(jr .expiresIn)" 300 "login: expiresIn 300"

# ---- MFA step --------------------------------------------------------------------
post_json /v1/auth/mfa "$(mfa_body "$MFA" "$(bad_totp "$DANA_SECRET")" 4071)"
is_problem 401 invalidCode "mfa with a wrong code"
post_json /v1/auth/mfa "$(mfa_body "$MFA" "12ab56" 4071)"
is_problem 401 invalidCode "mfa with a malformed code"

CODE=$(totp_at "$DANA_SECRET" 0)
# PIN policy on a challenge of its own, so these refusals cannot spend the first.
post_json /v1/auth/login "$(login_body dana "$DANA_PW")"
MFA_P=$(jr '.mfaToken // empty')
for pin in 1111 1234 9876 12 12a4; do
	post_json /v1/auth/mfa "$(mfa_body "$MFA_P" "$CODE" "$pin")"
	is_problem 400 pinPolicy "PIN $pin refused by policy"
	check "PIN $pin: detail says why" test -n "$(jr '.detail // empty')"
done

post_json /v1/auth/mfa "$(mfa_body "$MFA" "$CODE" 4071)"
if [ "$(problem_type)" = codeReused ]; then
	# The code was spent by a pinPolicy refusal; go on with the next step's code.
	note "a pinPolicy refusal consumed the TOTP code"
	post_json /v1/auth/mfa "$(mfa_body "$MFA" "$(totp_at "$DANA_SECRET" 30)" 4071)"
fi
is "$RESP_STATUS" 200 "mfa dana with a good code: 200"
DANA_STAFF=$(jr '.staffId // empty')
DANA_DEV=$(jr '.deviceId // empty')
DANA_DEVTOK=$(jr '.deviceToken // empty')
DANA_AT1=$(jr '.accessToken // empty')
check "mfa: staffId, deviceId, deviceToken, accessToken" \
	test -n "$DANA_STAFF" -a -n "$DANA_DEV" -a -n "$DANA_DEVTOK" -a -n "$DANA_AT1"
is "$(jr .expiresIn)" 900 "mfa: expiresIn 900"

# The MFA token is spent once it succeeded.
post_json /v1/auth/mfa "$(mfa_body "$MFA" "$(totp_at "$DANA_SECRET" 30)" 4071)"
is_problem 401 mfaExpired "the MFA token cannot be used twice"

# Reused code: a second sign-in with the code that was just accepted.
post_json /v1/auth/login "$(login_body dana "$DANA_PW")"
MFA2=$(jr '.mfaToken // empty')
post_json /v1/auth/mfa "$(mfa_body "$MFA2" "$CODE" 4071)"
# (If the first success used the next step's code, the current one is older: also refused.)
is "$RESP_STATUS" 401 "second mfa with the same code: 401"
check "second mfa with the same code: codeReused (got $(problem_type))" \
	test "$(problem_type)" = codeReused

# ---- session ---------------------------------------------------------------------
get_auth /v1/session "$DANA_AT1"
is "$RESP_STATUS" 200 "session: 200"
is "$(hdr Cache-Control)" no-store "session: Cache-Control no-store"
is "$(jr .staff.username)" dana "session: staff.username"
is "$(jr .staff.id)" "$DANA_STAFF" "session: staff.id is the mfa staffId"
is "$(jr .staff.role)" agent "session: role agent"
is "$(jr .deviceId)" "$DANA_DEV" "session: deviceId"
is "$(jr '[.departments[].name] | join(",")')" "Front Desk" "session: departments = Front Desk"
is "$(jr '.departments[0].smsNumber')" "+15555550100" "session: Front Desk number"
is "$(jr -c '.staff.departmentIds')" "$(jr -c '[.departments[].id]')" "session: departmentIds match departments"
check "session: practice name and phone" test -n "$(jr '.practice.name // empty')" -a -n "$(jr '.practice.phone // empty')"
is "$(jr .limits.maxSizeRequest)" 1000000 "session: limits.maxSizeRequest"
is "$(jr .limits.maxCallsInRequest)" 32 "session: limits.maxCallsInRequest"
is "$(jr .limits.maxObjectsInGet)" 500 "session: limits.maxObjectsInGet"
is "$(jr .limits.maxObjectsInSet)" 100 "session: limits.maxObjectsInSet"
is "$(jr .limits.maxQueryLimit)" 500 "session: limits.maxQueryLimit"
is "$(jr .limits.maxSmsSegments)" 10 "session: limits.maxSmsSegments"
is "$(jr .limits.maxNoteBytes)" 4000 "session: limits.maxNoteBytes"
is "$(jr '.policy.maxIdleLockSeconds | type')" number "session: policy.maxIdleLockSeconds is a number"
check "session: 0 < maxIdleLockSeconds <= 300 (got $(jr .policy.maxIdleLockSeconds))" \
	test "$(jr '.policy.maxIdleLockSeconds > 0 and .policy.maxIdleLockSeconds <= 300')" = true
is "$(jr .policy.pinMinLength)" 4 "session: policy.pinMinLength"
is "$(jr .policy.accessTokenSeconds)" 900 "session: policy.accessTokenSeconds"
is "$(jr .apiUrl)|$(jr .eventsUrl)" "/v1/api|/v1/events" "session: apiUrl and eventsUrl"
is "$(jr '.breakGlass | type')" array "session: breakGlass is an array"
check "session: state is a string" test -n "$(jr '.state // empty')"

# ---- unlock and PIN lockout -----------------------------------------------------------
unlock_body() { jq -cn --arg t "$1" --arg p "$2" '{deviceToken: $t, pin: $p}'; }
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 4071)"
is "$RESP_STATUS" 200 "unlock with the PIN: 200"
DANA_AT2=$(jr '.accessToken // empty')
check "unlock: a new access token" test -n "$DANA_AT2" -a "$DANA_AT2" != "$DANA_AT1"
is "$(jr .deviceId)|$(jr .staffId)" "$DANA_DEV|$DANA_STAFF" "unlock: same device and staff"
is "$(jr .expiresIn)" 900 "unlock: expiresIn 900"
get_auth /v1/session "$DANA_AT2"
is "$RESP_STATUS" 200 "the unlocked access token works"

post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 9071)"
is_problem 401 invalidPin "wrong PIN"
is "$(jr .attemptsRemaining)" 4 "wrong PIN: attemptsRemaining 4"
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 9072)"
is "$(jr .attemptsRemaining)" 3 "second wrong PIN: attemptsRemaining 3"
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 4071)"
is "$RESP_STATUS" 200 "right PIN after two wrong ones still unlocks"
DANA_AT3=$(jr '.accessToken // empty')
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 9073)"
is "$(jr .attemptsRemaining)" 4 "a good unlock resets the count (attemptsRemaining 4)"
for n in 2 3 4; do
	post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" "907$((n + 3))")"
	is "$(problem_type):$(jr .attemptsRemaining)" "invalidPin:$((5 - n))" "wrong PIN $n of 5"
done
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 9079)"
is_problem 401 deviceRevoked "fifth wrong PIN revokes the device"
post_json /v1/auth/unlock "$(unlock_body "$DANA_DEVTOK" 4071)"
is_problem 401 deviceRevoked "the revoked device token no longer unlocks with the right PIN"
get_auth /v1/session "$DANA_AT3"
is_problem 401 unauthorized "the revoked device's access token is refused"
get_auth /v1/session "$DANA_AT1"
is "$RESP_STATUS" 401 "the revoked device's first access token is refused too"

# ---- revoke: session vs device --------------------------------------------------------
login "miguel" "$(pw_of miguel)" "$(secret_of miguel)" 4071
M_AT1=$ACCESS_TOKEN M_DEVTOK=$DEVICE_TOKEN
check "miguel signed in" test -n "$M_AT1" -a -n "$M_DEVTOK"
post_json /v1/auth/unlock "$(unlock_body "$M_DEVTOK" 4071)"
M_AT2=$(jr '.accessToken // empty')
post_json /v1/auth/revoke '{"scope":"session"}' "$M_AT1"
is "$RESP_STATUS|$(jr -c .)" '200|{"revoked":"session"}' "revoke scope session: answer"
get_auth /v1/session "$M_AT1"
is_problem 401 unauthorized "after a session revoke, that access token is refused"
get_auth /v1/session "$M_AT2"
is "$RESP_STATUS" 200 "after a session revoke, the device's other access token still works"
post_json /v1/auth/unlock "$(unlock_body "$M_DEVTOK" 4071)"
is "$RESP_STATUS" 200 "after a session revoke, the device still unlocks"
M_AT3=$(jr '.accessToken // empty')
# An event stream of the device, opened before the sign-out, hears of it.
curl -sN -H "Authorization: Bearer $M_AT2" "$SERVER_URL/v1/events" >"$TMP/m.events" 2>/dev/null &
M_EV_PID=$!
track_pid "$M_EV_PID"
stream_open() { grep -q '^event: *state' "$TMP/m.events"; }
check "miguel's event stream opened" wait_for 5 stream_open
post_json /v1/auth/revoke '{"scope":"device"}' "$M_AT3"
is "$RESP_STATUS|$(jr -c .)" '200|{"revoked":"device"}' "revoke scope device: answer"
get_auth /v1/session "$M_AT3"
is "$RESP_STATUS" 401 "after a device revoke, the revoking access token is refused"
get_auth /v1/session "$M_AT2"
is "$RESP_STATUS" 401 "after a device revoke, every access token of the device is refused"
post_json /v1/auth/unlock "$(unlock_body "$M_DEVTOK" 4071)"
is_problem 401 deviceRevoked "after a device revoke, the device token no longer unlocks"
stream_told() { grep -A1 '^event: *session' "$TMP/m.events" | grep -q '"revoked"'; }
check "the device's event stream got a session revoked event" wait_for 5 stream_told
stream_ended() { # gone, or a zombie not yet reaped
	[ ! -e "/proc/$M_EV_PID" ] || grep -Eq '^[0-9]+ \(.*\) Z' "/proc/$M_EV_PID/stat"
}
check "... and then the stream ended" wait_for 5 stream_ended
kill "$M_EV_PID" 2>/dev/null

# Revoke by device token alone (no bearer).
login "nora" "$(pw_of nora)" "$(secret_of nora)" 4071
N_AT=$ACCESS_TOKEN N_DEVTOK=$DEVICE_TOKEN
post_json /v1/auth/revoke "$(jq -cn --arg t "$N_DEVTOK" '{deviceToken: $t}')"
is "$RESP_STATUS|$(jr -c .)" '200|{"revoked":"device"}' "revoke by device token without bearer"
post_json /v1/auth/unlock "$(unlock_body "$N_DEVTOK" 4071)"
is_problem 401 deviceRevoked "device revoked by its token no longer unlocks"
get_auth /v1/session "$N_AT"
is "$RESP_STATUS" 401 "device revoked by its token: its access token is refused"

# ---- bearer checks ----------------------------------------------------------------------
get_auth /v1/session "not-a-real-token"
is_problem 401 unauthorized "bad bearer token on /v1/session"
req GET /v1/session
is_problem 401 unauthorized "no bearer token on /v1/session"
batch "not-a-real-token" '{"methodCalls":[["Department/get",{"ids":null},"d"]]}'
is_problem 401 unauthorized "bad bearer token on /v1/api"
req GET /v1/session -H "Authorization: Basic ZGFuYTpwdw=="
is "$RESP_STATUS" 401 "Basic authorization is not a bearer token"

# ---- session of a supervisor ------------------------------------------------------------
login "priya" "$(pw_of priya)" "$(secret_of priya)" 4071
get_auth /v1/session "$ACCESS_TOKEN"
is "$(jr .staff.role)" supervisor "priya's session: role supervisor"
is "$(jr '[.departments[].name] | sort | join(",")')" "Billing,Front Desk,Nursing" "priya's session: all three departments"

# ---- switch user: the hand-over is audited with both ends ---------------------
FROM_DEV=$(ctl device list 2>/dev/null | awk -F '\t' 'NR == 1 { print $1 }')
isnt "$FROM_DEV" "" "a device exists to switch from"
req POST /v1/auth/login -H 'Content-Type: application/json' \
	--data-binary "$(jq -nc --arg p "$(pw_of sam)" --arg d "$FROM_DEV" \
		'{username: "sam", password: $p, deviceName: "frontdesk-1", switchFromDeviceId: $d}')"
is "$RESP_STATUS" 200 "login with switchFromDeviceId"
SWITCH=$(ctl audit export 2>/dev/null | jq -c --arg d "$FROM_DEV" \
	'select(.action == "auth.switch" and .detail.fromDeviceId == $d)')
isnt "$SWITCH" "" "audit has auth.switch naming the device switched from"
is "$(jq -r '.detail.fromStaffId != null and .staffId != null' <<<"$SWITCH")" true \
	"auth.switch names both staff members"

# ---- rate limiting ------------------------------------------------------------------------
SAM_PW=$(pw_of sam)
for i in 1 2 3 4 5; do
	post_json /v1/auth/login "$(login_body sam "wrong-password-$i")"
	[ "$RESP_STATUS" = 401 ] || break
done
is "$RESP_STATUS" 401 "five wrong passwords for sam: each 401"
post_json /v1/auth/login "$(login_body sam "wrong-password-6")"
is_problem 429 rateLimited "sixth failure within 15 minutes"
RA=$(hdr Retry-After)
check "429 carries a Retry-After in seconds (got '$RA')" test -n "$RA" -a "${RA//[0-9]/}" = "" -a "${RA:-0}" -gt 0
post_json /v1/auth/login "$(login_body sam "$SAM_PW")"
is "$RESP_STATUS" 429 "while rate limited, even the right password is refused"
# Other users are not affected by sam's failures.
post_json /v1/auth/login "$(login_body admin "$(pw_of admin)")"
is "$RESP_STATUS" 200 "another user can still sign in"
# 30 failures from one address within 15 minutes (about 8 so far, one per
# made-up name from here, so no per-user limit is reached).
n=0
while [ "$n" -lt 40 ]; do
	n=$((n + 1))
	post_json /v1/auth/login "$(login_body "ghost$n" "wrong-password-g")"
	[ "$RESP_STATUS" = 401 ] || break
done
is "$RESP_STATUS" 429 "failures from one address are rate limited (after $n more)"
check "the address limit is near 30 failures (reached after $n more)" test "$n" -ge 15 -a "$n" -le 26
post_json /v1/auth/login "$(login_body admin "$(pw_of admin)")"
is "$RESP_STATUS" 429 "an address over its limit cannot sign anyone in"

# ---- audit --------------------------------------------------------------------------------
AUDIT=$(audit_jsonl)
check "audit export is JSON" test -n "$AUDIT"
is "$(jq -s '[.[] | select(.action == "auth.login.success")] | length > 0' <<<"$AUDIT")" true \
	"audit has auth.login.success"
is "$(jq -s '[.[] | select(.action == "auth.login.failure")] | length >= 7' <<<"$AUDIT")" true \
	"audit has the auth.login.failure entries"
is "$(jq -s '[.[] | select(.action == "auth.unlock.failure")] | length > 0' <<<"$AUDIT")" true \
	"audit has auth.unlock.failure"
is "$(jq -s '[.[] | select(.action == "auth.device.revoked")] | length > 0' <<<"$AUDIT")" true \
	"audit has auth.device.revoked"
leak=0
for secret in "$DANA_PW" "$SAM_PW" wrong-password-Qx7 wrong-password-6 "$DANA_SECRET"; do
	if grep -qF -- "$secret" <<<"$AUDIT"; then
		leak=1
		note "audit export contains a secret: ${secret:0:3}..."
	fi
done
is "$leak" 0 "no password or TOTP secret in the audit export"
ctl audit verify >/dev/null 2>&1
is "$?" 0 "audit verify passes"

req GET /v1/health
is "$RESP_STATUS" 200 "server still healthy at the end"
stop_server
done_testing
