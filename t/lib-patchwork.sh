# Helpers for the Patchwork tests, sourced after test-lib.sh: the
# loopback Patchwork stand-in (contrib/patchwork-mock), started with a
# few patches and a token, and git-pw (Patchwork's own client) configured
# to read from it.

PATCHWORK_MOCK=$SRC_DIR/contrib/patchwork-mock/patchwork-mock.py
PW_TOKEN=pw-secret-0123456789abcdef
if test -x /usr/bin/python3; then
	PYTHON=/usr/bin/python3
else
	PYTHON=python3
fi
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
PW_PIDS=

stop_patchwork() {
	for pid in $PW_PIDS; do
		kill "$pid" 2>/dev/null
	done
	return 0
}
trap stop_patchwork EXIT

# start_patchwork <dir> [<patchwork-mock options>...]: serves the patches
# of <dir>/patches.json (written beforehand) on a free port and writes the
# base URL to <dir>/url.
start_patchwork() {
	dir=$1
	shift
	rm -f "$dir/port" "$dir/requests.log" &&
	mkdir -p "$dir" || return 1
	"$PYTHON" "$PATCHWORK_MOCK" --state "$dir" --port-file "$dir/port" \
		--patches "$dir/patches.json" --token "ci-bot=$PW_TOKEN" \
		--readonly-token "reader=read-only-token" "$@" >"$dir/out" 2>&1 &
	PW_PIDS="$PW_PIDS $!"
	tries=0
	while ! test -s "$dir/port"; do
		tries=$((tries + 1))
		if test $tries -gt 400; then
			cat "$dir/out" >&2
			return 1
		fi
		sleep 0.05
	done
	echo "http://127.0.0.1:$(cat "$dir/port")" >"$dir/url"
}

# pw_faults <dir> <METHOD:KIND[:COUNT]>...: replaces the faults of a running stand-in.
pw_faults() {
	dir=$1
	shift
	"$PYTHON" - "$(cat "$dir/url")/mock/faults" "$@" <<-\PY
	import json, sys, urllib.request
	req = urllib.request.Request(sys.argv[1], data=json.dumps(sys.argv[2:]).encode(),
	                             headers={"Content-Type": "application/json"})
	urllib.request.urlopen(req).read()
	PY
}

# pw_requests <dir> <method> [<path prefix>]: how many API requests the stand-in saw.
pw_requests() {
	"$PYTHON" - "$1/requests.log" "$2" "${3:-/api/}" <<-\PY
	import json, sys
	n = 0
	try:
	    lines = open(sys.argv[1]).readlines()
	except FileNotFoundError:
	    lines = []
	for line in lines:
	    e = json.loads(line)
	    if e["method"] == sys.argv[2] and e["path"].startswith(sys.argv[3]):
	        n += 1
	print(n)
	PY
}

# pw_checks <patch id> [<field>...]: the checks of a patch as git-pw's own
# API client reads them (pw.server, pw.token from git config), one per
# line, the given fields separated by "|" (default: state|context|description|target_url).
pw_checks() {
	"$PYTHON" - "$@" <<-\PY
	import sys
	from git_pw import api
	fields = sys.argv[2:] or ["state", "context", "description", "target_url"]
	for c in api.index("patches/%s/checks" % sys.argv[1]):
	    print("|".join(str(c.get(f)) for f in fields))
	PY
}
