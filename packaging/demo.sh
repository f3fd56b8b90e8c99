#!/usr/bin/env bash
# demo.sh: what `make demo` runs. Starts curtaind on loopback with a fresh,
# seeded practice database in a private temp dir, keeps a simulated patient
# texting the Front Desk every 6-10 seconds, and signs in as dana: in the
# curtain client once it is built, otherwise in a live terminal view of the
# Front Desk queue that follows the server's event stream.
#
#   BUILD=build bash packaging/demo.sh
#
# Environment: BUILD (default build); DEMO_SECONDS=N stops by itself after N
# seconds; DEMO_USER (default dana); DEMO_PIN (default 4071).
# Stop with q or Ctrl-C; everything it started is stopped and removed.

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
DEMO_USER=${DEMO_USER:-dana}
DEMO_PIN=${DEMO_PIN:-4071}
DEMO_SECONDS=${DEMO_SECONDS:-0}
FRONT_DESK_NUMBER=+15555550100

# Patients of the seeded Front Desk (src/ctl/seed.c), so their texts thread
# into existing conversations (a resolved one reopens), plus a new number
# that starts a conversation. English speakers send the English texts.
EN_PATIENTS=(+15555552034 +15555552406 +15555552811 +15555552529 +15555550142)
ES_PATIENTS=(+15555552250 +15555552583 +15555553008)
TEXTS=(
	"Hi, can I move my Thursday appointment to next week?"
	"Running about 10 minutes late, sorry!"
	"What time does the office open on Saturday?"
	"Do you take Blue Cross? I got a new insurance card."
	"Can I get a copy of my last bill? The amount looks different."
	"Is there parking at the Elm Street office?"
	"Confirming my 2:30 appointment tomorrow. Thanks!"
	"Can you call me back at this number after 5pm?"
	"I paid online yesterday, can you confirm you got it?"
	"Need to cancel Friday, will call to reschedule."
	# Spanish from here on (see ES_FIRST).
	"¿Puedo cambiar mi cita al jueves por la tarde?"
	"Voy a llegar 15 minutos tarde, perdón."
	"¿Tienen citas disponibles el sábado?"
	"Gracias, nos vemos mañana a las 10."
	"¿Me pueden mandar la dirección de la clínica?"
)
ES_FIRST=10

say() { printf '%s\n' "$*"; }
die() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}
stamp() { date +%H:%M:%S; }

if [ -t 1 ]; then
	B=$'\e[1m' D=$'\e[2m' R=$'\e[0m'
else
	B= D= R=
fi

# --- set-up ------------------------------------------------------------

if ! sh "$TOP/packaging/install-deps.sh" build test; then
	say "demo: could not install every package; going on with what is here" >&2
fi
for c in curl jq oathtool; do
	command -v "$c" >/dev/null 2>&1 || die "$c is needed (sh packaging/install-deps.sh test)"
done
[ -x "$BUILD/curtaind" ] && [ -x "$BUILD/curtainctl" ] ||
	die "$BUILD/curtaind and $BUILD/curtainctl are not built (run make)"

umask 077
TMP=$(mktemp -d "${TMPDIR:-/tmp}/curtain-demo.XXXXXX") || die "cannot create a temp dir"
chmod 700 "$TMP"
DB=$TMP/demo.db
SERVER_PID=
PATIENT_PID=
EVENTS_PID=

# Stops PID and everything under it (a subshell's curl or sleep, too).
kill_tree() {
	local pid=$1 child
	for child in $(pgrep -P "$pid" 2>/dev/null); do
		kill_tree "$child"
	done
	kill -TERM "$pid" 2>/dev/null
}

cleaned=0
cleanup() {
	local rc=$?
	[ "$cleaned" = 1 ] && return
	cleaned=1
	trap - EXIT INT TERM
	[ -n "$EVENTS_PID" ] && kill_tree "$EVENTS_PID"
	[ -n "$PATIENT_PID" ] && kill_tree "$PATIENT_PID"
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.25
		done
		kill -KILL "$SERVER_PID" 2>/dev/null
	fi
	wait 2>/dev/null
	rm -rf "$TMP"
	say ""
	say "demo: stopped; server, simulated patient and $TMP are gone."
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "${B}Curtain demo${R}: setting up a practice in $TMP"
"$BUILD/curtainctl" -d "$DB" init >>"$TMP/setup.log" 2>&1 ||
	{ cat "$TMP/setup.log" >&2; die "curtainctl init failed"; }
"$BUILD/curtainctl" -d "$DB" seed --demo >>"$TMP/setup.log" 2>&1 ||
	{ cat "$TMP/setup.log" >&2; die "curtainctl seed --demo failed"; }
CREDS=$DB.demo-credentials
[ -r "$CREDS" ] || die "seed --demo wrote no $CREDS"

"$BUILD/curtaind" -d "$DB" --listen 127.0.0.1:0 --port-file "$TMP/port" --gateway sim \
	>>"$TMP/curtaind.log" 2>&1 </dev/null &
SERVER_PID=$!
PORT=
for _ in $(seq 1 150); do
	kill -0 "$SERVER_PID" 2>/dev/null || {
		tail -n 20 "$TMP/curtaind.log" >&2
		die "curtaind exited while starting"
	}
	if [ -z "$PORT" ] && [ -s "$TMP/port" ]; then
		PORT=$(tr -dc '0-9' <"$TMP/port")
	fi
	if [ -n "$PORT" ] && curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/v1/health"; then
		break
	fi
	sleep 0.1
done
URL=http://127.0.0.1:$PORT
curl -fs -o /dev/null --max-time 2 "$URL/v1/health" || {
	tail -n 20 "$TMP/curtaind.log" >&2
	die "curtaind did not answer $URL/v1/health within 15 s"
}
say "curtaind is up at ${B}$URL${R} (log: $TMP/curtaind.log)"

# --- the simulated patient -----------------------------------------------

# live=1: also print each text on the terminal (not under the curses client).
patient_loop() {
	local live=$1 from text i
	while :; do
		sleep $((6 + RANDOM % 5))
		i=$((RANDOM % ${#TEXTS[@]}))
		text=${TEXTS[i]}
		if [ "$i" -ge "$ES_FIRST" ]; then
			from=${ES_PATIENTS[RANDOM % ${#ES_PATIENTS[@]}]}
		else
			from=${EN_PATIENTS[RANDOM % ${#EN_PATIENTS[@]}]}
		fi
		if "$BUILD/curtainctl" sms-in --server "$URL" --from "$from" \
			--to "$FRONT_DESK_NUMBER" "$text" >>"$TMP/patients.log" 2>&1; then
			[ "$live" = 1 ] && printf '%s[%s] simulated patient %s texts: %s%s\n' \
				"$D" "$(stamp)" "$from" "$text" "$R"
		else
			[ "$live" = 1 ] && printf '[%s] sms-in failed (see %s/patients.log)\n' \
				"$(stamp)" "$TMP"
		fi
	done
}

# --- the client, once it exists ------------------------------------------

IFS=$'\t' read -r _ PASSWORD SECRET ROLE < <(awk -F '\t' -v u="$DEMO_USER" '$1 == u' "$CREDS")
[ -n "${SECRET:-}" ] || die "no user $DEMO_USER in $CREDS"

if [ -x "$BUILD/curtain" ]; then
	patient_loop 0 </dev/null &
	PATIENT_PID=$!
	# The client signs in for real (and keeps nothing in the desktop keyring:
	# demo tokens do not belong there): the demo user's password, a TOTP code
	# from oathtool and a PIN arrive on a pipe (never in argv or a file).
	client=("$BUILD/curtain" --server "$URL" --user "$DEMO_USER" --keyring=none --credentials-fd 3)
	creds() { printf '%s\n%s\n%s\n' "$PASSWORD" "$(oathtool --totp -b "$SECRET")" "$DEMO_PIN"; }
	if [ "$DEMO_SECONDS" -gt 0 ] 2>/dev/null; then
		timeout --foreground "$DEMO_SECONDS" "${client[@]}" 3< <(creds)
	else
		"${client[@]}" 3< <(creds)
	fi
	rc=$?
	[ "$rc" = 124 ] && rc=0
	exit "$rc"
fi

# --- otherwise: a live view in this terminal -----------------------------

# post PATH JSON [TOKEN]: prints the body; fails on a transport error.
post() {
	curl -sS --max-time 20 -H 'Content-Type: application/json' \
		${3:+-H "Authorization: Bearer $3"} --data-binary "$2" "$URL$1"
}


say "Signing in as ${B}$DEMO_USER${R} ($ROLE): password, then TOTP from oathtool, then PIN $DEMO_PIN"
resp=$(post /v1/auth/login "$(jq -nc --arg u "$DEMO_USER" --arg p "$PASSWORD" \
	'{username: $u, password: $p, deviceName: "make-demo"}')")
MFA=$(jq -r '.mfaToken // empty' <<<"$resp" 2>/dev/null)
[ -n "$MFA" ] || die "login failed: $resp"
resp=$(post /v1/auth/mfa "$(jq -nc --arg t "$MFA" --arg c "$(oathtool --totp -b "$SECRET")" \
	--arg pin "$DEMO_PIN" '{mfaToken: $t, code: $c, pin: $pin}')")
ACCESS_TOKEN=$(jq -r '.accessToken // empty' <<<"$resp" 2>/dev/null)
DEVICE_TOKEN=$(jq -r '.deviceToken // empty' <<<"$resp" 2>/dev/null)
[ -n "$ACCESS_TOKEN" ] || die "TOTP step failed: $resp"

# A new access token from the device token + PIN (after expiry).
unlock() {
	local r
	r=$(post /v1/auth/unlock "$(jq -nc --arg t "$DEVICE_TOKEN" --arg pin "$DEMO_PIN" \
		'{deviceToken: $t, pin: $pin}')") || return 1
	r=$(jq -r '.accessToken // empty' <<<"$r" 2>/dev/null)
	[ -n "$r" ] && ACCESS_TOKEN=$r
}

session=$(curl -sS --max-time 20 -H "Authorization: Bearer $ACCESS_TOKEN" "$URL/v1/session")
DEPT_ID=$(jq -r '(.departments // []) | (map(select(.name == "Front Desk")) + .)[0].id // empty' \
	<<<"$session" 2>/dev/null)
DISPLAY_NAME=$(jq -r '.staff.displayName // empty' <<<"$session" 2>/dev/null)
[ -n "$DEPT_ID" ] || die "no department visible to $DEMO_USER: $session"
say "Signed in as ${B}${DISPLAY_NAME:-$DEMO_USER}${R}."

# The Front Desk queue: counts plus the 8 longest-waiting conversations, in
# one batch (Department/get, Conversation/query, Conversation/get by
# back-reference), as the client's first screen does.
QUEUE_REQ=$(jq -nc --arg d "$DEPT_ID" '{methodCalls: [
	["Department/get", {ids: [$d]}, "d"],
	["Conversation/query", {filter: {departmentId: $d, status: ["open", "pending"]},
		sort: [{property: "waitingSince", isAscending: true}],
		limit: 8, calculateTotal: true}, "q"],
	["Conversation/get", {"#ids": {resultOf: "q", name: "Conversation/query", path: "/ids"}}, "c"]
]}')

# shellcheck disable=SC2016
QUEUE_FMT='
def pad(n): tostring | if length >= n then .[0:n] else . + (" " * (n - length)) end;
def ago: (try (($now - (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601)) / 60 | floor) catch null)
	| if . == null then "" elif . < 1 then "now" elif . < 60 then "\(.)m"
	  elif . < 1440 then "\(. / 60 | floor)h" else "\(. / 1440 | floor)d" end;
def call(id): [.methodResponses[]? | select(.[2] == id)][0] // ["error", {description: "no answer"}, id];
(call("d")) as $d | (call("q")) as $q | (call("c")) as $c
| if $d[0] == "error" or $q[0] == "error" or $c[0] == "error" then
	"queue: " + ([$d, $q, $c] | map(select(.[0] == "error") | .[1].description // .[1].type) | join("; "))
  else
	($d[1].list[0]) as $dept | ($dept.counts // {}) as $n
	| "\($B)\($dept.name // "Queue")\($R): \($n.open // "?") open, \($n.unassigned // "?") unassigned, \($n.waiting // "?") waiting, \($n.mine // "?") mine, \($n.snoozed // "?") snoozed",
	  (($q[1].ids // []) as $ids | ($c[1].list // []) as $l
	   | if ($ids | length) == 0 then "  (no open conversations)" else
	     $ids[] as $id | $l[] | select(.id == $id)
	     | "  " + (if .unread then "*" else " " end) + " "
	       + ((.patientName // .patientPhone // "?") | pad(20)) + " "
	       + ((.language // "") | pad(2)) + " "
	       + ((.status // "") | pad(7)) + " "
	       + (if .waitingSince then "waiting " + (.waitingSince | ago) else "" end | pad(12)) + " "
	       + (if .assigneeId then "assigned  " else "unassigned" end) + "  "
	       + ((.lastMessage.preview // "") | gsub("[\\n\\r\\t]"; " ") | if length > 48 then .[0:47] + "…" else . end)
	     end),
	  "  \($q[1].total // ($q[1].ids | length)) in this queue"
  end'

# Prints the queue, or one line when it looks exactly as last printed.
LAST_QUEUE=
print_queue() {
	local r out
	r=$(post /v1/api "$QUEUE_REQ" "$ACCESS_TOKEN") || {
		say "queue: request failed"
		return 1
	}
	out=$(jq -r --argjson now "$(date +%s)" --arg B "$B" --arg R "$R" \
		"$QUEUE_FMT" <<<"$r" 2>/dev/null) || out="queue: unexpected answer: ${r:0:300}"
	if [ "$out" = "$LAST_QUEUE" ]; then
		say "$D  (queue unchanged)$R"
	else
		say "$out"
		LAST_QUEUE=$out
	fi
}

# Reads one SSE stream from stdin; prints events; re-prints the queue when
# conversations change. Returns 3 when the session is revoked.
read_events() {
	local line ev="" data="" first=1 types
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"")
			if [ -n "$data" ]; then
				case ${ev:-message} in
				state)
					types=$(jq -r '.changed // {} | keys | join(", ")' <<<"$data" 2>/dev/null)
					if [ "$first" = 1 ]; then
						say "$D[$(stamp)] event stream open (state: ${types:-?})$R"
					else
						say "[$(stamp)] ${B}state${R} changed: ${types:-?}"
						if jq -e '.changed | has("Conversation")' <<<"$data" >/dev/null 2>&1; then
							print_queue
						fi
					fi
					first=0
					;;
				presence)
					say "[$(stamp)] ${B}presence${R}: $(jq -r '"\(.displayName // .staffId) is \(.state) (conversation \(.conversationId))"' <<<"$data" 2>/dev/null)"
					;;
				session)
					say "[$(stamp)] ${B}session${R}: $data"
					jq -e '.type == "revoked"' <<<"$data" >/dev/null 2>&1 && return 3
					;;
				*) say "[$(stamp)] $ev: $data" ;;
				esac
			fi
			ev="" data=""
			;;
		:*) ;;
		event:*) ev=${line#event:} ev=${ev# } ;;
		data:*) line=${line#data:} data=${data:+$data$'\n'}${line# } ;;
		*) ;;
		esac
	done
	return 0
}

# Follows /v1/events, reconnecting (with a fresh access token) when the
# stream ends, until the session is revoked or the server is gone.
follow_events() {
	local rc
	while :; do
		curl -fsSN --max-time 86400 -H "Authorization: Bearer $ACCESS_TOKEN" \
			-H 'Accept: text/event-stream' "$URL/v1/events" 2>>"$TMP/events-curl.log" |
			read_events
		rc=${PIPESTATUS[1]}
		if [ "$rc" = 3 ]; then
			say "demo: the session was revoked; stopping."
			kill -TERM $$
			return
		fi
		curl -fs -o /dev/null --max-time 2 "$URL/v1/health" || {
			say "demo: curtaind stopped answering (see $TMP/curtaind.log); stopping."
			kill -TERM $$
			return
		}
		sleep 2
		unlock || true
		say "$D[$(stamp)] event stream reconnecting$R"
	done
}

say ""
print_queue
say ""
say "Following the event stream; a simulated patient texts every 6-10 s."
say "${D}Press q or Ctrl-C to stop.${R}"
follow_events </dev/null &
EVENTS_PID=$!
patient_loop 1 </dev/null &
PATIENT_PID=$!

deadline=0
if [ "$DEMO_SECONDS" -gt 0 ] 2>/dev/null; then
	deadline=$((SECONDS + DEMO_SECONDS))
fi
tty_in=0
[ -t 0 ] && tty_in=1
while :; do
	if [ "$deadline" -gt 0 ] && [ "$SECONDS" -ge "$deadline" ]; then
		say ""
		say "demo: DEMO_SECONDS=$DEMO_SECONDS reached."
		exit 0
	fi
	if [ "$tty_in" = 1 ]; then
		key=
		if read -rsn1 -t 1 key; then
			case $key in q | Q) exit 0 ;; esac
		fi
	else
		sleep 1
	fi
done
