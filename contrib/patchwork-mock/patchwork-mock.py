#!/usr/bin/python3
"""A loopback stand-in for Patchwork's REST API (patches and their checks).

It answers what Patchwork's documented REST API (API versions 1.0 to 1.3,
https://patchwork.readthedocs.io/en/latest/api/rest/) answers for the parts a
CI system uses to report checks, with the same shapes:

  * GET /api/ and /api/<version>/: the index of resource URLs;
  * GET /api/<version>/projects/ and /projects/<id or linkname>/;
  * GET /api/<version>/patches/ with the filters project (id or linkname),
    msgid (1.2 and later; angle brackets optional) and hash, paginated
    (page, per_page; a Link header with rel="next"/"prev");
  * GET /api/<version>/patches/<id>/, whose `check` is the combined state
    Patchwork computes (the latest check of each context; fail beats
    warning beats success beats pending);
  * GET and POST /api/<version>/patches/<id>/checks/ and GET
    .../checks/<check id>/: state pending/success/warning/fail, target_url,
    context (a slug), description; POST needs "Authorization: Token <t>" of
    a user allowed to add checks (401 without a valid token, 403 for a
    token without that right, 400 for an invalid check, 404 for no patch);
  * faults on demand: --fault METHOD:KIND[:COUNT], KIND one of 500, 502,
    503, 401, badjson, drop, slow (the next COUNT requests of that method),
    or while it runs, POST /mock/faults with a JSON list of such specs
    (which replaces the faults set before).

State lives in memory, seeded from --patches (a JSON list of objects with
id, msgid, name and project); every request is appended to
<state>/requests.log as one JSON line (method, path, status, and whether
an Authorization header came, never its value); the checks are written to
<state>/checks.json after each change.  Only the Python standard library.
"""

import argparse
import datetime
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATES = ["pending", "success", "warning", "fail"]
VERSIONS = ["1.0", "1.1", "1.2", "1.3"]
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class Store:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.state_dir = args.state
        self.tokens = {}        # token -> (user id, may add checks)
        for spec in args.token:
            name, _, token = spec.partition("=")
            self.tokens[token] = ({"id": len(self.tokens) + 1, "username": name,
                                   "first_name": "", "last_name": "",
                                   "email": name + "@example.org"}, True)
        for spec in args.readonly_token:
            name, _, token = spec.partition("=")
            self.tokens[token] = ({"id": len(self.tokens) + 1, "username": name,
                                   "first_name": "", "last_name": "",
                                   "email": name + "@example.org"}, False)
        self.projects = {}
        self.patches = {}
        self.checks = {}        # patch id -> list of checks
        self.next_check = 1
        self.faults = []        # [method, kind, count]
        for spec in args.fault:
            self.add_fault(spec)
        patches = json.load(open(args.patches)) if args.patches else []
        for p in patches:
            self.add_patch(p)

    def add_fault(self, spec):
        parts = spec.split(":")
        count = int(parts[2]) if len(parts) > 2 else 1
        self.faults.append([parts[0].upper(), parts[1], count])

    def take_fault(self, method):
        with self.lock:
            for f in self.faults:
                if f[0] in (method, "ANY") and f[2] > 0:
                    f[2] -= 1
                    return f[1]
        return None

    def project(self, name):
        if name not in self.projects:
            pid = len(self.projects) + 1
            self.projects[name] = {"id": pid, "name": name, "linkname": name,
                                   "list_id": name + ".lists.example.org",
                                   "list_email": name + "@lists.example.org",
                                   "web_url": None, "scm_url": None, "webscm_url": None,
                                   "maintainers": [], "subject_match": "",
                                   "list_archive_url": "", "list_archive_url_format": "",
                                   "commit_url_format": ""}
        return self.projects[name]

    def add_patch(self, p):
        msgid = p["msgid"].strip("<>")
        self.patches[int(p["id"])] = {
            "id": int(p["id"]), "msgid": "<" + msgid + ">",
            "name": p.get("name", "[PATCH] patch %s" % p["id"]),
            "project": self.project(p.get("project", "linux")),
            "date": p.get("date", "2026-12-01T10:00:00"),
            "hash": p.get("hash"),
            "state": "new", "archived": False, "commit_ref": None, "pull_url": None,
            "submitter": {"id": 1, "name": "A Developer", "email": "dev@example.org"},
            "delegate": None, "series": [], "tags": {}, "related": [],
        }
        self.checks.setdefault(int(p["id"]), [])

    def save(self):
        path = os.path.join(self.state_dir, "checks.json")
        with open(path + ".tmp", "w") as f:
            json.dump(self.checks, f, indent=1, sort_keys=True)
        os.replace(path + ".tmp", path)


def combined_state(checks):
    latest = {}
    for c in checks:
        latest[c["context"]] = c
    if not latest:
        return "pending"
    order = ["fail", "warning", "success", "pending"]
    return min((c["state"] for c in latest.values()), key=order.index)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    @property
    def store(self):
        return self.server.store

    def base(self):
        return "http://%s:%d" % self.server.server_address[:2]

    def record(self, status):
        entry = {"method": self.command, "path": self.path, "status": status,
                 "authorization": "Authorization" in self.headers}
        with self.store.lock:
            with open(os.path.join(self.store.state_dir, "requests.log"), "a") as f:
                f.write(json.dumps(entry) + "\n")

    def send_json(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_bytes(status, body, headers)

    def send_bytes(self, status, body, headers=()):
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Allow", "GET, POST, HEAD, OPTIONS")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def fault(self):
        kind = self.store.take_fault(self.command)
        if kind is None:
            return False
        if kind in ("500", "502", "503"):
            self.send_json(int(kind), {"detail": "injected %s" % kind})
        elif kind == "401":
            self.send_json(401, {"detail": "Invalid token."})
        elif kind == "badjson":
            self.send_bytes(200, b"<html>Service Unavailable</html>")
        elif kind == "slow":
            time.sleep(self.server.slow_seconds)
            return False
        elif kind == "drop":
            self.record("dropped")
            self.close_connection = True
            return True
        else:
            return False
        return True

    def user(self):
        """(user, may add checks), None for anonymous, or False for a bad token."""
        auth = self.headers.get("Authorization")
        if auth is None:
            return None
        m = re.match(r"^Token (\S+)$", auth)
        if not m or m.group(1) not in self.store.tokens:
            return False
        return self.store.tokens[m.group(1)]

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        if not parts or parts[0] != "api" or not url.path.endswith("/"):
            return None, None, query
        version = VERSIONS[-1]
        rest = parts[1:]
        if rest and re.match(r"^\d\.\d$", rest[0]):
            if rest[0] not in VERSIONS:
                return "404", None, query
            version, rest = rest[0], rest[1:]
        return version, rest, query

    def api_url(self, version, *path):
        return "%s/api/%s/%s/" % (self.base(), version, "/".join(str(p) for p in path))

    def patch_json(self, version, p, detail):
        obj = {
            "id": p["id"], "url": self.api_url(version, "patches", p["id"]),
            "web_url": "%s/project/%s/patch/%s/" % (self.base(), p["project"]["linkname"],
                                                    p["msgid"].strip("<>")),
            "project": {k: p["project"][k] for k in
                        ("id", "name", "linkname", "list_id", "list_email", "web_url",
                         "scm_url", "webscm_url")},
            "msgid": p["msgid"], "date": p["date"], "name": p["name"],
            "commit_ref": p["commit_ref"], "pull_url": p["pull_url"], "state": p["state"],
            "archived": p["archived"], "hash": p["hash"], "submitter": p["submitter"],
            "delegate": p["delegate"], "mbox": self.base() + "/patch/%d/mbox/" % p["id"],
            "series": p["series"],
            "comments": self.api_url(version, "patches", p["id"], "comments"),
            "check": combined_state(self.store.checks[p["id"]]),
            "checks": self.api_url(version, "patches", p["id"], "checks"),
            "tags": p["tags"],
        }
        obj["project"]["url"] = self.api_url(version, "projects", p["project"]["id"])
        if version >= "1.1":
            obj["list_archive_url"] = None
        if version >= "1.2":
            obj["related"] = p["related"]
        if detail:
            obj.update({"headers": {"Message-Id": p["msgid"]}, "content": "",
                        "diff": "", "prefixes": []})
        return obj

    def check_json(self, version, patch_id, c):
        return {"id": c["id"], "url": self.api_url(version, "patches", patch_id, "checks", c["id"]),
                "user": c["user"], "date": c["date"], "state": c["state"],
                "target_url": c["target_url"], "context": c["context"],
                "description": c["description"]}

    def paginate(self, items, query, path):
        try:
            page = int(query.get("page", ["1"])[0])
            per_page = min(int(query.get("per_page", ["30"])[0]), 250)
        except ValueError:
            return None, ()
        if page < 1 or per_page < 1:
            return None, ()
        start = (page - 1) * per_page
        if start and start >= len(items):
            return None, ()
        links = []
        base = self.base() + path

        def page_url(n):
            q = {k: v[0] for k, v in query.items()}
            q["page"] = str(n)
            return base + "?" + urllib.parse.urlencode(q)
        if start + per_page < len(items):
            links.append('<%s>; rel="next"' % page_url(page + 1))
        if page > 1:
            links.append('<%s>; rel="prev"' % page_url(page - 1))
        headers = [("Link", ", ".join(links))] if links else []
        return items[start:start + per_page], headers

    def do_GET(self):
        if self.fault():
            return
        version, rest, query = self.route()
        path = urllib.parse.urlsplit(self.path).path
        if version is None or version == "404":
            return self.send_json(404, {"detail": "Not found."})
        if rest == []:
            names = ["projects", "users", "people", "patches", "covers", "series",
                     "events", "bundles"]
            return self.send_json(200, {n: self.api_url(version, n) for n in names})
        if rest == ["projects"]:
            return self.send_json(200, list(self.store.projects.values()))
        if len(rest) == 2 and rest[0] == "projects":
            for p in self.store.projects.values():
                if rest[1] in (str(p["id"]), p["linkname"]):
                    return self.send_json(200, p)
            return self.send_json(404, {"detail": "Not found."})
        if rest == ["patches"]:
            patches = sorted(self.store.patches.values(), key=lambda p: p["id"])
            if "project" in query:
                want = query["project"][0]
                if not any(want in (str(p["id"]), p["linkname"])
                           for p in self.store.projects.values()):
                    return self.send_json(400, {"project": ["Select a valid choice. That "
                                                            "choice is not one of the "
                                                            "available choices."]})
                patches = [p for p in patches
                           if want in (str(p["project"]["id"]), p["project"]["linkname"])]
            if "msgid" in query and version >= "1.2":
                want = "<" + query["msgid"][0].strip("<>") + ">"
                patches = [p for p in patches if p["msgid"] == want]
            if "hash" in query and version >= "1.2":
                patches = [p for p in patches if p["hash"] == query["hash"][0]]
            items, headers = self.paginate(patches, query, path)
            if items is None:
                return self.send_json(404, {"detail": "Invalid page."})
            return self.send_json(200, [self.patch_json(version, p, False) for p in items],
                                  headers)
        if len(rest) >= 2 and rest[0] == "patches":
            try:
                pid = int(rest[1])
            except ValueError:
                return self.send_json(404, {"detail": "Not found."})
            p = self.store.patches.get(pid)
            if p is None:
                return self.send_json(404, {"detail": "Not found."})
            if len(rest) == 2:
                return self.send_json(200, self.patch_json(version, p, True))
            if rest[2:] == ["checks"]:
                checks = self.store.checks[pid]
                for key in ("state", "context"):
                    if key in query:
                        checks = [c for c in checks if c[key] == query[key][0]]
                items, headers = self.paginate(checks, query, path)
                if items is None:
                    return self.send_json(404, {"detail": "Invalid page."})
                return self.send_json(200, [self.check_json(version, pid, c) for c in items],
                                      headers)
            if len(rest) == 4 and rest[2] == "checks":
                for c in self.store.checks[pid]:
                    if str(c["id"]) == rest[3]:
                        return self.send_json(200, self.check_json(version, pid, c))
        return self.send_json(404, {"detail": "Not found."})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/mock/faults":
            with self.store.lock:
                self.store.faults = []
            for spec in json.loads(body):
                self.store.add_fault(spec)
            return self.send_json(200, {"faults": self.store.faults})
        if self.fault():
            return
        version, rest, query = self.route()
        if (version in (None, "404") or len(rest) != 3 or rest[0] != "patches" or
                rest[2] != "checks"):
            return self.send_json(405 if version not in (None, "404") else 404,
                                  {"detail": "Method \"POST\" not allowed."})
        user = self.user()
        if user is False:
            return self.send_json(401, {"detail": "Invalid token."})
        if user is None:
            return self.send_json(401, {"detail": "Authentication credentials were not provided."})
        try:
            pid = int(rest[1])
        except ValueError:
            return self.send_json(404, {"detail": "Not found."})
        if pid not in self.store.patches:
            return self.send_json(404, {"detail": "Not found."})
        if not user[1]:
            return self.send_json(403, {"detail": "You do not have permission to perform "
                                                  "this action."})
        ctype = self.headers.get("Content-Type", "")
        try:
            if ctype.startswith("application/json"):
                data = json.loads(body)
            else:
                data = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        except ValueError:
            return self.send_json(400, {"detail": "JSON parse error"})
        if not isinstance(data, dict):
            return self.send_json(400, {"non_field_errors": ["Invalid data."]})
        errors = {}
        state = data.get("state")
        if not state:
            errors["state"] = ["A check must have a state."]
        elif state not in STATES:
            errors["state"] = ['"%s" is not a valid choice.' % state]
        context = data.get("context", "default")
        if not isinstance(context, str) or not SLUG.match(context) or len(context) > 255:
            errors["context"] = ['Enter a valid "slug" consisting of letters, numbers, '
                                 'underscores or hyphens.']
        target = data.get("target_url")
        if target is not None and target != "" and not re.match(r"^https?://", str(target)):
            errors["target_url"] = ["Enter a valid URL."]
        if errors:
            return self.send_json(400, errors)
        with self.store.lock:
            c = {"id": self.store.next_check, "user": user[0],
                 "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f"),
                 "state": state, "target_url": target or None, "context": context,
                 "description": data.get("description") or None}
            self.store.next_check += 1
            self.store.checks[pid].append(c)
            self.store.save()
        self.send_json(201, self.check_json(version, pid, c),
                       [("Location", self.api_url(version, "patches", pid, "checks", c["id"]))])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state", required=True, help="directory for the logs and checks")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    parser.add_argument("--port-file", help="write the port chosen here once listening")
    parser.add_argument("--patches", help="JSON list of the patches to serve")
    parser.add_argument("--token", action="append", default=[], metavar="USER=TOKEN",
                        help="a token of a user who may add checks")
    parser.add_argument("--readonly-token", action="append", default=[], metavar="USER=TOKEN",
                        help="a token of a user who may not add checks")
    parser.add_argument("--fault", action="append", default=[], metavar="METHOD:KIND[:COUNT]")
    parser.add_argument("--slow-seconds", type=float, default=5.0)
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.store = Store(args)
    server.slow_seconds = args.slow_seconds
    server.store.save()
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.replace(args.port_file + ".tmp", args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
