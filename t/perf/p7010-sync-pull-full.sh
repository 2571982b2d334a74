#!/bin/sh
# sync pull of a busy commit (issue 20): the dashboard answers
# /api/tree/<commit>/full for 300 builds and 30,300 tests and boots in
# one answer of about 15 MB (t/data/kcidb/dashboard-full.py), served
# from a file by a loopback server.  Measured side by side, in turns:
#   - git results sync pull --dry-run -q: one request, 600 records made
#     (every test tied to its build by architecture, config and compiler);
#   - anchor: python3's json module reading the same answer from the file;
#   - anchor: curl fetching the answer, | wc -c.
# Target: the pull within 2x of python3 reading the JSON.
#
# Usage: t/perf/p7010-sync-pull-full.sh [rounds]   (default 3)
set -e

ROUNDS=${1:-3}
PERF_NAME=p7010
. "$(dirname "$0")/perf-lib.sh"
unset KCIDB_REST http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
if test -x /usr/bin/python3; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
"$PYTHON" "$SRC_DIR/t/data/kcidb/dashboard-full.py" full.json
"$PYTHON" - full.json port <<-\PY &
import http.server, os, sys
body = open(sys.argv[1], "rb").read()
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
open(sys.argv[2] + ".tmp", "w").write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null' EXIT INT TERM
while ! test -s port; do sleep 0.05; done
url=http://127.0.0.1:$(cat port)

git init -q repo
cd repo
git commit -q --allow-empty -m one
git config results.kcidb.dashboardUrl "$url"
git config results.kcidb.gitUrl https://git.example.org/pub/linux.git
git config results.kcidb.branch master
found=$(git results sync pull --dry-run --origin maestro HEAD 2>&1 >/dev/null | tail -n 1)
echo "# $(wc -c <../full.json) bytes, $found" >&2

pull="git results sync pull --dry-run -q --origin maestro HEAD"
set -- $(time_pair "$ROUNDS" 1 "$pull" "$PYTHON -c 'import json; json.load(open(\"../full.json\"))'")
report "sync pull --dry-run (/full)" "$1" "$2" "python3 json.load of the answer"
set -- $(time_pair "$ROUNDS" 1 "$pull" "curl -s $url/api/tree/x/full | wc -c")
report "sync pull --dry-run (/full)" "$1" "$2" "curl | wc -c"
