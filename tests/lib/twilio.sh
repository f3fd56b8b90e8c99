# shellcheck shell=bash disable=SC2034 # the variables are for the test that sources this
# twilio.sh: the fake Twilio carrier (tests/lib/fake_twilio.c) for the
# gateway tests. start_fake_twilio builds it into $TMP, makes a random
# account SID and auth token (the token in a 0600 file, as curtaind reads
# it), starts it on a free loopback port and sets FAKE, ACCOUNT, TOKEN,
# TOKEN_FILE, FLOG (its request log), FAKE_PORT and FAKE_URL. The process
# is tracked, so the test's exit stops it.
start_fake_twilio() {
	FAKE=$TMP/fake_twilio
	# shellcheck disable=SC2046 # pkg-config's flags are words
	cc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -o "$FAKE" \
		"$TOP/tests/lib/fake_twilio.c" $(pkg-config --cflags --libs libmicrohttpd jansson libcurl gnutls) \
		-lpthread >"$TMP/cc.log" 2>&1 ||
		bail_out "cannot build tests/lib/fake_twilio.c: $(head -c 2000 "$TMP/cc.log")"
	ACCOUNT=AC$(openssl rand -hex 16)
	TOKEN=$(openssl rand -hex 16)
	TOKEN_FILE=$TMP/twilio.token
	(umask 077 && printf '%s\n' "$TOKEN" >"$TOKEN_FILE")
	FLOG=$TMP/fake.log
	: >"$FLOG"
	"$FAKE" --port-file "$TMP/fake.port" --log "$FLOG" --account "$ACCOUNT" --token "$TOKEN" \
		2>"$TMP/fake.stderr" </dev/null &
	track_pid $!
	wait_for 10 test -s "$TMP/fake.port" || bail_out "fake_twilio did not start: $(cat "$TMP/fake.stderr")"
	FAKE_PORT=$(tr -dc 0-9 <"$TMP/fake.port")
	FAKE_URL=http://127.0.0.1:$FAKE_PORT
}
