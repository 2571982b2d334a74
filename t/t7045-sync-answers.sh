#!/bin/sh
# What the HTTP client accepts from a server: every hop of a redirect
# passes the scheme and host rules a configured URL passes, and an
# answer is held in memory up to results.kcidb.maxAnswerSize only.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || exit 1

# A loopback server that answers every GET with a redirect to <target>
# followed by the path asked for, or (target "endless") with a chunked
# answer that never ends.
cat >odd-server.py <<-\PY
import http.server, ssl, sys
port_file, target = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_GET(self):
        if target == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b" " * 65536
            try:
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                return
        self.send_response(302)
        self.send_header("Location", target + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[3], sys.argv[4])
    s.socket = ctx.wrap_socket(s.socket, server_side=True)
open(port_file + ".tmp", "w").write(str(s.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
s.serve_forever()
PY

# start_odd <name> <target> [<cert> <key>]: runs odd-server.py, waits for its port.
start_odd() {
	"$PYTHON" odd-server.py "$1.port" "$2" ${3:+"$3"} ${4:+"$4"} >/dev/null 2>&1 &
	MOCK_PIDS="$MOCK_PIDS $!"
	tries=0
	while ! test -s "$1.port"; do
		tries=$((tries + 1))
		test $tries -le 200 || return 1
		sleep 0.05
	done
}

start_mock mock || exit 1
MOCK_URL=$(cat mock/url)
start_odd tls-to-http "$MOCK_URL" cert.pem key.pem || exit 1
start_odd http-to-far http://results.example.org || exit 1
start_odd http-to-mock "$MOCK_URL" || exit 1
start_odd endless endless || exit 1

test_expect_success 'setup' '
	make_token token maintainer &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	git config results.kcidb.retries 0 &&
	test_commit one &&
	add_results one local r1 &&
	git results sync push -q one &&
	git results remove --origin local one &&
	test_must_fail git notes --ref=results show one
'

test_expect_success 'a redirect from https to plain http is refused' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.caInfo=../cert.pem \
		-c results.kcidb.dashboardUrl=https://127.0.0.1:$(cat ../tls-to-http.port) \
		results sync pull one 2>err &&
	grep "^fatal: refusing the redirect from .https://127.0.0.1:[0-9]*/.* to .$MOCK_URL/.*.: it leaves https\$" err &&
	test_must_fail git notes --ref=results show one
'

test_expect_success 'a redirect to plain http off loopback is refused, as the URL would be' '
	cd repo &&
	test_expect_code 128 git \
		-c results.kcidb.dashboardUrl=http://127.0.0.1:$(cat ../http-to-far.port) \
		results sync pull one 2>err &&
	grep "^fatal: refusing the redirect from .http://127.0.0.1:[0-9]*/.*.: refusing plain http to .results.example.org.: use https" err &&
	test_must_fail git notes --ref=results show one
'

test_expect_success 'a redirect that keeps to the rules is followed' '
	cd repo &&
	git -c results.kcidb.dashboardUrl=http://127.0.0.1:$(cat ../http-to-mock.port) \
		results sync pull one 2>err &&
	grep "^added 1 new record" err &&
	git notes --ref=results show one >note &&
	grep "^origin local\$" note
'

test_expect_success 'an answer that never ends is cut at results.kcidb.maxAnswerSize' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.maxAnswerSize=1m \
		-c results.kcidb.dashboardUrl=http://127.0.0.1:$(cat ../endless.port) \
		results sync pull one 2>err &&
	grep "^fatal: the answer from .http://127.0.0.1:[0-9]*/.*. is larger than 1048576 bytes (results.kcidb.maxAnswerSize)\$" err
'

test_expect_success 'results.kcidb.maxAnswerSize must be a size' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.maxAnswerSize=lots \
		results sync pull --origin maintainer one 2>err &&
	grep "bad size .lots. for .results.kcidb.maxanswersize." err
'

test_done
