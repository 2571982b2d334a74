# Helpers for the KCIDB sync tests (t7000-t7099), sourced after
# test-lib.sh: the loopback KCIDB stand-in (contrib/kcidb-mock), a token
# it accepts, repositories set up to talk to it, and schema validation
# with python3-jsonschema.

KCIDB_MOCK=$SRC_DIR/contrib/kcidb-mock/kcidb-mock.py
KCIDB_SCHEMA=$SHARED_DIR/kcidb/schema-v5.3.json
# Debian's python3, which has jsonschema and its URI format checker.
if test -x /usr/bin/python3; then
	PYTHON=/usr/bin/python3
else
	PYTHON=python3
fi
unset KCIDB_REST GIT_SSL_CAINFO GIT_SSL_NO_VERIFY
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
MOCK_PIDS=

stop_mocks() {
	for pid in $MOCK_PIDS; do
		kill "$pid" 2>/dev/null
	done
	if test -d "$GNUPGHOME"; then
		gpgconf --kill gpg-agent 2>/dev/null
	fi
	return 0
}
trap stop_mocks EXIT

# start_mock <dir> [<kcidb-mock serve options>...]: runs a stand-in with
# its state in <dir> on a free port, waits until it listens, and writes
# its base URL to <dir>/url.
start_mock() {
	dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir" || return 1
	"$PYTHON" "$KCIDB_MOCK" serve --state "$dir" --port-file "$dir/port" \
		--schema "$KCIDB_SCHEMA" --ingest-interval 0.05 --secret test-secret \
		"$@" >"$dir/out" 2>&1 &
	MOCK_PIDS="$MOCK_PIDS $!"
	tries=0
	while ! test -s "$dir/port"; do
		tries=$((tries + 1))
		if test $tries -gt 200; then
			cat "$dir/out" >&2
			return 1
		fi
		sleep 0.05
	done
	scheme=http
	case " $* " in *" --tls-cert "*) scheme=https ;; esac
	echo "$scheme://127.0.0.1:$(cat "$dir/port")" >"$dir/url"
}

# make_token <file> <origin> [<secret> [<expires-in>]]
make_token() {
	"$PYTHON" "$KCIDB_MOCK" token --origin "$2" --secret "${3:-test-secret}" \
		${4:+--expires-in "$4"} >"$1" &&
	chmod 600 "$1"
}

# set_faults <dir> <spec>...: replaces the faults of a running stand-in.
set_faults() {
	dir=$1
	shift
	"$PYTHON" "$KCIDB_MOCK" fault --url "$(cat "$dir/url")" "$@" >/dev/null
}

# configure_kcidb <mock dir> <token file>: points the repository in the
# current directory at a stand-in, with short waits for the tests.
configure_kcidb() {
	git config results.kcidb.url "$(cat "$1/url")" &&
	git config results.kcidb.dashboardUrl "$(cat "$1/url")" &&
	git config results.kcidb.tokenFile "$2" &&
	git config results.kcidb.gitUrl https://git.example.org/pub/linux.git &&
	git config results.kcidb.branch master &&
	git config results.kcidb.pollInterval 0.05 &&
	git config results.kcidb.pollTimeout 20 &&
	git config results.kcidb.retryDelay 0.05 &&
	git config results.kcidb.retryMaxDelay 0.2 &&
	git config results.kcidb.timeout 10
}

# count_requests <mock dir> <method> <path prefix>: requests the stand-in saw.
count_requests() {
	"$PYTHON" - "$1/requests.log" "$2" "$3" <<-\PY
	import json, sys
	n = 0
	for line in open(sys.argv[1]):
	    e = json.loads(line)
	    if e.get("method") == sys.argv[2] and e.get("path", "").startswith(sys.argv[3]):
	        n += 1
	print(n)
	PY
}

# validate_kcidb <file>: every line of <file> is a KCIDB document that
# schema-v5.3.json accepts (Draft 7, with format checks).
validate_kcidb() {
	"$PYTHON" - "$KCIDB_SCHEMA" "$1" <<-\PY
	import json, sys, jsonschema
	schema = json.load(open(sys.argv[1]))
	v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
	n = 0
	for line in open(sys.argv[2]):
	    doc = json.loads(line)
	    errors = list(v.iter_errors(doc))
	    for e in errors[:5]:
	        print("invalid: %s: %s" % (list(e.path), e.message), file=sys.stderr)
	    if errors:
	        sys.exit(1)
	    n += 1
	if not n:
	    sys.exit("no document")
	PY
}

# db_count <mock dir> <checkouts|builds|tests>: objects the stand-in's database holds.
db_count() {
	if test -f "$1/db.json"; then
		"$PYTHON" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["objects"][sys.argv[2]]))' \
			"$1/db.json" "$2"
	else
		echo 0
	fi
}

# add_results <commit> <origin> <run> [<file>]: attaches a KTAP log as a record.
add_results() {
	git results add -q --origin "$2" --run "$3" --env arch=x86_64 --env config=defconfig \
		--link "https://ci.example.org/$3/log" "$1" "${4:-$TEST_DATA/kunit-failure.ktap}"
}

# make_gpg_key: a signing key in the test's own GNUPGHOME.
make_gpg_key() {
	mkdir -p "$GNUPGHOME" && chmod 700 "$GNUPGHOME" &&
	gpg --batch --quiet --passphrase '' --quick-gen-key \
		'Results Tester <tester@example.com>' ed25519 sign never 2>/dev/null
}

# sign_note <commit> <origin> <run>: the results add_results attached,
# added again signed, which replaces the unsigned record.
sign_note() {
	git results add -q --sign -u tester@example.com --origin "$2" --run "$3" \
		--env arch=x86_64 --env config=defconfig \
		--link "https://ci.example.org/$3/log" "$1" "$TEST_DATA/kunit-failure.ktap"
}

# submit <url> <token file> <document file>: one submission, then waits
# until the stand-in has ingested it.
submit() {
	"$PYTHON" - "$@" <<-\PY
	import json, sys, time, urllib.request
	url, token, doc = sys.argv[1], open(sys.argv[2]).read().strip(), open(sys.argv[3], "rb").read()
	auth = {"Authorization": "Bearer " + token}
	req = urllib.request.Request(url + "/submit", data=doc, headers=auth, method="POST")
	sid = json.load(urllib.request.urlopen(req))["id"]
	for _ in range(400):
	    req = urllib.request.Request(url + "/status?id=" + sid, headers=auth)
	    status = json.load(urllib.request.urlopen(req))["status"]
	    if status in ("processed", "failed"):
	        sys.exit(status != "processed")
	    time.sleep(0.05)
	sys.exit("not ingested")
	PY
}

# start_shaped <dir> <body>|@<file>: a server on a free loopback port
# that answers every request with HTTP 200 and <body> (or the content of
# <file>) as JSON, as a proxy or another service might; its base URL goes to <dir>/url, its process id
# to <dir>/pid.  It is started in the subshell of a test body, where
# adding it to MOCK_PIDS for stop_mocks would be lost: the test stops it
# with test_when_finished.
start_shaped() {
	rm -rf "$1" && mkdir "$1" || return 1
	"$PYTHON" - "$1/port" "$2" <<-\PY >"$1/out" 2>&1 &
	import http.server, sys
	port_file, body = sys.argv[1], sys.argv[2].encode()
	if body.startswith(b"@"):
	    body = open(body[1:], "rb").read()
	class Handler(http.server.BaseHTTPRequestHandler):
	    def do_GET(self):
	        self.send_response(200)
	        self.send_header("Content-Type", "application/json")
	        self.send_header("Content-Length", str(len(body)))
	        self.end_headers()
	        self.wfile.write(body)
	    def log_message(self, *args):
	        pass
	server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
	open(port_file + ".tmp", "w").write(str(server.server_address[1]))
	__import__("os").rename(port_file + ".tmp", port_file)
	server.serve_forever()
	PY
	echo $! >"$1/pid"
	tries=0
	while ! test -s "$1/port"; do
		tries=$((tries + 1))
		test $tries -le 200 || return 1
		sleep 0.05
	done
	echo "http://127.0.0.1:$(cat "$1/port")" >"$1/url"
}
