#!/usr/bin/python3
"""A loopback stand-in for KCIDB: submission service, ingester, dashboard read API.

It reproduces what ../shared/kcidb/API.md documents about the real services,
so that `git results sync` (or any KCIDB client) can be rehearsed offline:

  * kcidb-ng's REST receiver: POST /submit (HS256 JWT bearer token with `exp`
    and `origin` claims; JSON-parse only; spool file written as .json.temp
    then renamed), GET /status?id=, /authtest, /health, /metrics;
  * the ingester: every --ingest-interval seconds, each spooled file is
    validated against the KCIDB v5.3 JSON schema, then moved to archive/
    ("processed") or failed/ ("failed"); objects are upserted
    first-non-null-wins, builds get misc.lab and tests misc.runtime set to
    the origin when missing, checkouts get tree_name from --tree-name;
  * the dashboard read API: /api/tree/<commit>/{builds,tests,boots,summary},
    /api/tree/<commit>/full (builds, boots, tests, summary, common and
    filters in one answer, as the dashboard's tree details view gives
    them), /api/build/<id>, /api/build/<id>/tests, /api/test/<id>,
    /api/origins/, /api/issue/<id>[/tests|/builds]?version=,
    /api/test/<id>/issues, /api/build/<id>/issues (the issues the
    incidents tie to them; the tree views list them in summary.*.issues
    and filters.*.issues), answering "no data" as 200 {"error": ...};
  * faults on demand (--fault, or POST /mock/faults): 400, 401, 413, 429,
    500, 502, 503 answers, slow answers, dropped connections.

Only the Python standard library and jsonschema (Debian: python3-jsonschema).
See README.md in this directory.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import re
import socket
import ssl
import string
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOOT_PREFIX = "boot"
UNKNOWN = "Unknown"  # what the dashboard shows for a missing architecture, compiler, config


def known(value):
    return UNKNOWN if value is None else value
STATUSES = ["FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"]


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(secret, origin, expires_in=5 * 365 * 86400, audience=None):
    """An HS256 JWT like kcidb-ng's tools/jwt_rest.py issues (with an
    audience, like kernelci-pipeline's tools/jwt_generator.py)."""
    header = b64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"origin": origin, "exp": int(time.time()) + expires_in}
    if audience:
        claims["aud"] = [audience]
    payload = b64url_encode(json.dumps(claims).encode())
    signing_input = (header + "." + payload).encode()
    sig = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return header + "." + payload + "." + b64url_encode(sig)


def verify_token(token, secret):
    """Returns (origin, None) or (None, reason), as jsonwebtoken would decide."""
    parts = token.split(".")
    if len(parts) != 3:
        return None, "InvalidToken"
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        sig = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        return None, "InvalidToken"
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return None, "InvalidAlgorithm"
    want = hmac.new(secret.encode(), (parts[0] + "." + parts[1]).encode(),
                    hashlib.sha256).digest()
    if not hmac.compare_digest(sig, want):
        return None, "InvalidSignature"
    if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int):
        return None, "Missing required claim: exp"
    if claims["exp"] + 60 < time.time():
        return None, "ExpiredSignature"
    if "aud" in claims:
        # jsonwebtoken's Validation::default() sets no audience, and then
        # refuses any token that carries one (validation.rs: validate_aud)
        return None, "InvalidAudience"
    if not isinstance(claims.get("origin"), str):
        return None, "JSON error: missing field `origin`"
    return claims["origin"], None


class Faults:
    """Faults to inject, each for a route and a number of requests (-1: all)."""

    KINDS = {"400", "401", "413", "429", "500", "502", "503", "drop", "drop-early", "slow",
             "fail", "ok"}
    ROUTES = {"submit", "status", "authtest", "api", "ingest", "any"}

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    @classmethod
    def parse(cls, spec):
        parts = spec.split(":")
        if len(parts) not in (2, 3) or parts[0] not in cls.ROUTES or parts[1] not in cls.KINDS \
                or (parts[0] == "ingest") != (parts[1] == "fail"):
            raise ValueError("bad fault '%s' (want ROUTE:KIND[:COUNT], ROUTE one of %s,"
                             " KIND one of %s; ingest:fail makes the ingester refuse a file)" % (spec, ", ".join(sorted(cls.ROUTES)),
                                                   ", ".join(sorted(cls.KINDS))))
        count = int(parts[2]) if len(parts) == 3 else -1
        return {"route": parts[0], "kind": parts[1], "count": count}

    def set(self, items):
        with self.lock:
            self.items = list(items)

    def take(self, route):
        with self.lock:
            for f in self.items:
                if f["count"] != 0 and (f["route"] == route or
                                        (f["route"] == "any" and route != "ingest")):
                    if f["count"] > 0:
                        f["count"] -= 1
                    return f["kind"]
        return None

    def snapshot(self):
        with self.lock:
            return [dict(f) for f in self.items]


class Store:
    """The database the ingester fills and the read API reads."""

    TYPES = ["checkouts", "builds", "tests", "issues", "incidents"]

    def __init__(self, state_dir, tree_names):
        self.lock = threading.Lock()
        self.path = os.path.join(state_dir, "db.json")
        self.tree_names = tree_names
        self.data = {t: {} for t in self.TYPES}
        self.received = {t: {} for t in self.TYPES}
        if os.path.exists(self.path):
            with open(self.path) as f:
                saved = json.load(f)
            self.data = saved.get("objects", self.data)
            self.received = saved.get("received", self.received)

    def server_additions(self, kind, obj):
        """What the production ingester adds before inserting (API.md)."""
        if kind == "builds":
            misc = obj.setdefault("misc", {})
            if "lab" not in misc:
                misc["lab"] = obj["origin"]
            if misc["lab"] == "shell" or misc["lab"].startswith("k8s"):
                misc["automatic_lab"] = misc["lab"]
                misc["lab"] = obj["origin"]
        elif kind == "tests":
            misc = obj.setdefault("misc", {})
            if "runtime" not in misc:
                misc["runtime"] = obj["origin"]
            if misc["runtime"] == "shell" or misc["runtime"].startswith("k8s"):
                misc["automatic_lab"] = misc.pop("runtime")
        elif kind == "checkouts" and "git_repository_url" in obj:
            name = self.tree_names.get(obj["git_repository_url"])
            if name:
                obj["tree_name"] = name

    def upsert(self, document):
        now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        with self.lock:
            for kind in self.TYPES:
                for obj in document.get(kind, []):
                    if kind == "builds" and obj["id"].startswith("maestro:dummy_"):
                        continue  # the ingester drops maestro's placeholder builds
                    obj = {k: v for k, v in obj.items() if not k.startswith("_")}
                    self.server_additions(kind, obj)
                    table = self.data[kind]
                    old = table.get(obj["id"])
                    self.received[kind][obj["id"]] = self.received[kind].get(obj["id"], 0) + 1
                    if old is None:
                        obj["_timestamp"] = now
                        table[obj["id"]] = obj
                        continue
                    # INSERT ... ON CONFLICT DO UPDATE SET col = COALESCE(existing, new)
                    for key, value in obj.items():
                        if old.get(key) is None:
                            old[key] = value
                    old["_timestamp"] = now
            self.save()

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"objects": self.data, "received": self.received}, f, indent=1,
                      sort_keys=True)
        os.rename(tmp, self.path)

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps({"objects": self.data, "received": self.received}))


class Ingester(threading.Thread):
    def __init__(self, spool, store, validator, interval, log, faults):
        super().__init__(daemon=True)
        self.spool, self.store, self.validator = spool, store, validator
        self.faults = faults
        self.interval, self.log = interval, log
        for sub in ("archive", "failed"):
            os.makedirs(os.path.join(spool, sub), exist_ok=True)

    def run(self):
        while True:
            time.sleep(self.interval)
            try:
                self.scan()
            except Exception as e:  # keep ingesting whatever one file does
                self.log("ingester: %s" % e)

    def scan(self):
        names = sorted((n for n in os.listdir(self.spool)
                        if n.startswith("submission-") and n.endswith(".json")),
                       key=lambda n: os.path.getmtime(os.path.join(self.spool, n)))
        for name in names:
            path = os.path.join(self.spool, name)
            if os.path.getsize(path) == 0:
                os.unlink(path)
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    document = json.load(f)
                errors = sorted(self.validator.iter_errors(document), key=lambda e: list(e.path))
                if self.faults.take("ingest") == "fail":
                    raise ValueError("injected ingestion failure")
                if errors:
                    raise ValueError("; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message)
                                               for e in errors[:5]))
                self.store.upsert(document)
                os.rename(path, os.path.join(self.spool, "archive", name))
                self.log("ingested %s" % name)
            except (ValueError, UnicodeDecodeError) as e:
                os.rename(path, os.path.join(self.spool, "failed", name))
                self.log("failed %s: %s" % (name, e))


def random_id():
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))


def is_boot(path):
    return path == BOOT_PREFIX or (path or "").startswith(BOOT_PREFIX + ".")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kcidb-mock/1"

    # ---- plumbing ----

    def log_message(self, fmt, *args):
        pass  # requests go to requests.log, without headers (no token)

    def record(self, status, nbytes=0, note=None):
        entry = {"method": self.command, "path": self.path, "status": status,
                 "auth": "Authorization" in self.headers, "bytes": nbytes,
                 "user_agent": self.headers.get("User-Agent", "")}
        if note:
            entry["note"] = note
        self.server.log_request_entry(entry)

    def send_json(self, status, obj, extra_headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra_headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_text(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, status, obj, nbytes=0, note=None, extra_headers=()):
        self.record(status, nbytes, note)
        self.send_json(status, obj, extra_headers)

    def drop(self, nbytes=0, note="dropped"):
        self.record(0, nbytes, note)
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def injected(self, route, nbytes=0, kind=None):
        """Applies a fault that answers instead of the route; True if one did.

        A drop or slow fault is kept for finish_with(): the work is done first.
        """
        if kind is None:
            kind = self.server.faults.take(route)
        self.pending_fault = None
        if kind is None or kind == "ok":  # "ok" lets requests through in a sequence of faults
            return False
        if kind in ("drop", "slow"):
            self.pending_fault = kind
            return False
        if kind == "drop-early":
            self.drop(nbytes, "dropped before processing")
            return True
        status = int(kind)
        headers = [("Retry-After", "1")] if status in (429, 503) else []
        if route == "api":
            self.answer(status, {"error": "injected fault %d" % status}, nbytes, "injected",
                        headers)
        else:
            messages = {401: "JWT is required", 400: "injected bad request",
                        413: "length limit exceeded"}
            self.answer(status, {"id": "0", "status": "error",
                                 "message": messages.get(status, "Internal server error")},
                        nbytes, "injected", headers)
        return True

    def finish_with(self, status, obj, nbytes=0, note=None):
        """Answers, unless a drop or slow fault was pending for this request."""
        if getattr(self, "cache_key", None) and status == 200:
            self.server.cache_put(self.cache_key, obj)  # "no data" answers too
        if self.pending_fault == "drop":
            self.drop(nbytes, "dropped after processing")
            return
        if self.pending_fault == "slow":
            # Logged on arrival: the client gives up before the answer, and
            # a log entry appearing seconds later would land among the
            # requests of whatever runs next.
            self.record(status, nbytes, "slow")
            time.sleep(self.server.slow_seconds)
            try:
                self.send_json(status, obj)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        try:
            self.answer(status, obj, nbytes, note)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def auth_error(self):
        if not self.server.secret:
            return None
        value = self.headers.get("Authorization")
        if value is None:
            return "JWT is required"
        words = value.split(" ")
        if len(words) < 2:
            return "Missing or invalid JWT (Bearer)"
        origin, why = verify_token(words[1], self.server.secret)
        return why

    # ---- routes ----

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        try:
            if url.path == "/health":
                self.record(200)
                self.send_text(200, "OK")
            elif url.path == "/metrics":
                self.record(200)
                self.send_text(200, "kcidb_submissions_total %d\n" % self.server.submissions)
            elif url.path == "/authtest":
                self.route_authtest()
            elif url.path == "/status":
                self.route_status(query)
            elif url.path == "/mock/requests":
                self.send_json(200, self.server.requests_snapshot())
            elif url.path == "/mock/db":
                self.send_json(200, self.server.store.snapshot())
            elif url.path == "/mock/faults":
                self.send_json(200, self.server.faults.snapshot())
            elif parts[:1] == ["api"]:
                self.route_api(parts[1:], query)
            else:
                self.answer(404, {"error": "not found"})
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        try:
            if url.path == "/submit":
                self.route_submit()
            elif url.path == "/mock/faults":
                body = json.loads(self.read_body() or b"[]")
                self.server.faults.set(Faults.parse(s) for s in body)
                self.send_json(200, self.server.faults.snapshot())
            else:
                self.read_body()
                self.answer(404, {"error": "not found"})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except ValueError as e:
            self.send_json(400, {"error": str(e)})

    def route_authtest(self):
        if self.injected("authtest"):
            return
        why = self.auth_error()
        if why:
            self.answer(401, {"id": "0", "status": "error", "message": why})
        else:
            self.finish_with(200, {"id": "0", "status": "ok",
                                   "message": "Authentication successful"})

    def route_submit(self):
        length = int(self.headers.get("Content-Length") or 0)
        kind = self.server.faults.take("submit")
        if kind == "drop-early":
            self.injected("submit", length, kind)
            return
        if length > self.server.max_body:
            # tower-http's RequestBodyLimitLayer answers in plain text
            self.close_connection = True
            self.record(413, length)
            self.send_text(413, "length limit exceeded")
            return
        body = self.rfile.read(length) if length else b""
        if self.injected("submit", length, kind):
            return
        why = self.auth_error()
        if why:
            self.answer(401, {"id": "0", "status": "error", "message": why}, length)
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            # axum's String extractor refuses the body before the handler runs
            self.record(400, length)
            self.send_text(400, "Request body didn't contain valid UTF-8: %s" % e)
            return
        try:
            json.loads(text)
        except ValueError as e:
            self.answer(400, {"id": "0", "status": "error", "message": str(e)}, length)
            return
        sid = random_id()
        spool = self.server.spool
        temp = os.path.join(spool, "submission-%s.json.temp" % sid)
        with open(temp, "wb") as f:
            f.write(body)
        os.rename(temp, os.path.join(spool, "submission-%s.json" % sid))
        self.server.submissions += 1
        self.finish_with(200, {"id": sid, "status": "ok",
                               "message": "Received submission %s with size %d bytes"
                                          % (sid, len(body))}, length)

    def route_status(self, query):
        if self.injected("status"):
            return
        why = self.auth_error()
        if why:
            self.answer(401, {"id": "0", "status": "error", "message": why})
            return
        if "id" not in query:
            # axum's Query extractor, before the handler: plain text
            self.record(400)
            self.send_text(400, "Failed to deserialize query string: missing field `id`")
            return
        sid = query.get("id", "")
        if not sid:
            self.answer(400, {"id": "0", "status": "error", "message": "Empty id"})
            return
        if not sid.isalnum():
            self.answer(400, {"id": "0", "status": "error", "message": "Invalid id"})
            return
        spool = self.server.spool
        name = "submission-%s.json" % sid
        for status, path in (("inprogress", os.path.join(spool, name + ".temp")),
                             ("ready", os.path.join(spool, name)),
                             ("processed", os.path.join(spool, "archive", name)),
                             ("failed", os.path.join(spool, "failed", name))):
            if os.path.exists(path):
                self.finish_with(200, {"id": sid, "status": status, "message": None})
                return
        self.answer(404, {"id": sid, "status": "notfound", "message": "File not found"})

    # ---- the dashboard read API ----

    def route_api(self, parts, query):
        if self.injected("api"):
            return
        cached = self.server.cache_get(self.path)
        if cached is not None:
            self.finish_with(200, cached, note="cached")
            return
        self.cache_key = self.path
        db = self.server.store.snapshot()["objects"]
        if parts == ["origins"]:
            self.finish_with(200, {
                "checkout_origins": sorted({c["origin"] for c in db["checkouts"].values()}),
                "test_origins": sorted({t["origin"] for t in db["tests"].values()})})
        elif len(parts) == 3 and parts[0] == "tree" and parts[2] in (
                "builds", "tests", "boots", "summary", "full"):
            self.route_tree(db, parts[1], parts[2], query)
        elif len(parts) == 2 and parts[0] == "build":
            build = db["builds"].get(parts[1])
            if build is None:
                self.finish_with(200, {"error": "Build not found"})
            else:
                checkout = db["checkouts"].get(build["checkout_id"], {})
                item = dict(build)
                for key in ("git_repository_url", "git_repository_branch", "git_commit_hash",
                            "tree_name"):
                    item[key] = checkout.get(key)
                self.finish_with(200, item)
        elif len(parts) == 3 and parts[0] == "build" and parts[2] == "tests":
            if parts[1] not in db["builds"]:
                self.finish_with(200, {"error": "No tests found for this build"})
                return
            tests = [t for t in db["tests"].values() if t["build_id"] == parts[1]]
            self.finish_with(200, [self.build_test_item(t) for t in sorted(
                tests, key=lambda t: t["id"])])
        elif len(parts) == 3 and parts[0] in ("test", "build") and parts[2] == "issues":
            table = db["tests" if parts[0] == "test" else "builds"]
            obj = table.get(parts[1])
            pairs = self.incidents_of(db, parts[0] + "_id", {parts[1]})
            self.finish_with(200, self.issue_items(pairs, [obj] if obj else []))
        elif len(parts) in (2, 3) and parts[0] == "issue" and parts[1] != "extras":
            self.route_issue(db, parts[1], parts[2] if len(parts) == 3 else None, query)
        elif len(parts) == 2 and parts[0] == "test":
            test = db["tests"].get(parts[1])
            if test is None:
                self.finish_with(404, {"error": "Test not found"})
                return
            build = db["builds"].get(test["build_id"], {})
            checkout = db["checkouts"].get(build.get("checkout_id"), {})
            item = dict(test)
            item["test_origin"] = test["origin"]
            item["environment_misc"] = test.get("environment", {}).get("misc")
            item["environment_compatible"] = test.get("environment", {}).get("compatible")
            for key in ("git_commit_hash", "git_repository_url", "git_repository_branch",
                        "tree_name", "origin"):
                item[key] = checkout.get(key)
            item["field_timestamp"] = item.pop("_timestamp", None)
            self.finish_with(200, item)
        else:
            self.finish_with(404, {"error": "not found"})

    def route_issue(self, db, issue_id, what, query):
        """/api/issue/<id>[/tests|/builds]?version=: an issue (its newest
        version by default), and the tests or builds its incidents name."""
        version = query.get("version")
        if version is None:
            issue = self.latest_issues(db).get(issue_id)
        else:
            issue = next((i for i in db["issues"].values() if i["id"] == issue_id
                          and str(i["version"]) == version), None)
        if issue is None:
            self.finish_with(200, {"error": "Issue not found"})
            return
        incidents = [inc for inc in sorted(db["incidents"].values(), key=lambda x: x["id"])
                     if inc["issue_id"] == issue_id and inc["issue_version"] == issue["version"]]
        if what is None:
            item = {k: issue.get(k) for k in (
                "id", "version", "origin", "report_url", "report_subject", "comment", "misc",
                "categories")}
            culprit = issue.get("culprit") or {}
            for k in ("code", "tool", "harness"):
                item["culprit_" + k] = culprit.get(k)
            item["field_timestamp"] = issue.get("_timestamp")
            item["extra"] = None
            self.finish_with(200, item)
        elif what == "tests":
            items = []
            for inc in incidents:
                t = db["tests"].get(inc.get("test_id"))
                if t is None:
                    continue
                b = db["builds"].get(t["build_id"], {})
                c = db["checkouts"].get(b.get("checkout_id"), {})
                env = t.get("environment", {})
                items.append({"id": t["id"], "status": t.get("status"),
                              "duration": t.get("duration"), "path": t.get("path"),
                              "start_time": t.get("start_time"),
                              "environment_compatible": env.get("compatible"),
                              "environment_misc": env.get("misc"),
                              "tree_name": c.get("tree_name"),
                              "git_repository_branch": c.get("git_repository_branch"),
                              "lab": (t.get("misc") or {}).get("runtime")})
            self.finish_with(200, items)
        elif what == "builds":
            items = []
            for inc in incidents:
                b = db["builds"].get(inc.get("build_id"))
                if b is None:
                    continue
                c = db["checkouts"].get(b.get("checkout_id"), {})
                item = {k: b.get(k) for k in ("id", "architecture", "config_name", "status",
                                              "start_time", "duration", "compiler", "log_url",
                                              "misc")}
                item["tree_name"] = c.get("tree_name")
                item["git_repository_branch"] = c.get("git_repository_branch")
                items.append(item)
            self.finish_with(200, items)
        else:
            self.finish_with(404, {"error": "not found"})

    @staticmethod
    def build_test_item(t):
        env = t.get("environment", {})
        return {"id": t["id"], "status": t.get("status"), "duration": t.get("duration"),
                "path": t.get("path"), "start_time": t.get("start_time"),
                "environment_compatible": env.get("compatible"),
                "environment_misc": env.get("misc"),
                "lab": (t.get("misc") or {}).get("runtime")}

    @staticmethod
    def build_items(builds, by_checkout):
        """BuildHistoryItem: a build with its checkout's URL and branch."""
        items = []
        for b in builds:
            c = by_checkout[b["checkout_id"]]
            item = {key: b.get(key) for key in (
                "id", "origin", "architecture", "config_name", "misc", "config_url",
                "compiler", "status", "duration", "log_url", "start_time")}
            for key in ("architecture", "config_name", "compiler"):
                item[key] = known(item[key])
            item["git_repository_url"] = c.get("git_repository_url")
            item["git_repository_branch"] = c.get("git_repository_branch")
            items.append(item)
        return items

    @staticmethod
    def test_items(tests, build_by_id, boots, full_misc):
        """TestHistoryItem: the boots (or the other tests), with what their
        build says, but not which build that is."""
        items = []
        for t in tests:
            if is_boot(t.get("path")) != boots:
                continue
            b = build_by_id[t["build_id"]]
            env_misc = t.get("environment", {}).get("misc")
            if env_misc is not None and not full_misc:
                env_misc = {"platform": env_misc.get("platform")}
            items.append({"id": t["id"], "origin": t["origin"], "status": t.get("status"),
                          "duration": t.get("duration"), "path": known(t.get("path")),
                          "start_time": t.get("start_time"),
                          "environment_compatible": t.get("environment", {}).get("compatible"),
                          "config": known(b.get("config_name")),
                          "log_url": t.get("log_url"),
                          "architecture": known(b.get("architecture")),
                          "compiler": known(b.get("compiler")), "environment_misc": env_misc,
                          "lab": (t.get("misc") or {}).get("runtime")})
        return items

    @staticmethod
    def latest_issues(db):
        """Each issue id's newest version, as fetch_latest_issue_version."""
        latest = {}
        for i in db["issues"].values():
            if i["version"] >= latest.get(i["id"], {"version": -1})["version"]:
                latest[i["id"]] = i
        return latest

    @staticmethod
    def incidents_of(db, key, ids):
        """The incidents present on the tests (key test_id) or builds
        (build_id) `ids`, as (incident, issue) with the issue's own version."""
        out = []
        for inc in sorted(db["incidents"].values(), key=lambda x: x["id"]):
            if inc.get(key) not in ids or inc.get("present") is False:
                continue
            issue = next((i for i in db["issues"].values() if i["id"] == inc["issue_id"]
                          and i["version"] == inc["issue_version"]), None)
            if issue is not None:
                out.append((inc, issue))
        return out

    @staticmethod
    def issue_items(pairs, objs):
        """typeModels Issue: the issues of some incidents, with the status
        counts of what they are tied to (incidents_info)."""
        status = {o["id"]: o.get("status") or "NULL" for o in objs}
        items = {}
        for inc, issue in pairs:
            key = (issue["id"], issue["version"])
            item = items.setdefault(key, {"id": issue["id"], "version": issue["version"],
                                          "comment": issue.get("comment"),
                                          "report_url": issue.get("report_url"),
                                          "incidents_info": {s: 0 for s in STATUSES + ["NULL"]}})
            tied = inc.get("test_id") or inc.get("build_id")
            item["incidents_info"][status.get(tied, "NULL")] += 1
        return [items[k] for k in sorted(items)]

    @staticmethod
    def summary_items(checkouts, builds, tests, url, db=None):
        """The summary and common parts of the summary and full views."""
        def counts(objs):
            out = {s: 0 for s in STATUSES + ["NULL"]}
            for o in objs:
                out[o.get("status") or "NULL"] += 1
            return out

        def tally(objs, key):
            out = {}
            for o in objs:
                out.setdefault(key(o), {s: 0 for s in STATUSES + ["NULL"]})[
                    o.get("status") or "NULL"] += 1
            return out

        boots = [t for t in tests if is_boot(t.get("path"))]
        others = [t for t in tests if not is_boot(t.get("path"))]
        hardware = sorted({(t.get("environment", {}).get("misc") or {}).get("platform")
                           for t in tests} - {None})

        def issues(key, objs):
            if db is None:
                return [], 0
            pairs = Handler.incidents_of(db, key, {o["id"] for o in objs})
            tied = {inc[key] for inc, _ in pairs}
            # treeDetails: a failure with no incident is an unknown issue
            unknown = sum(1 for o in objs if o.get("status") in ("FAIL", "ERROR")
                          and o["id"] not in tied)
            return Handler.issue_items(pairs, objs), unknown

        def test_summary(objs):
            found, unknown = issues("test_id", objs)
            return {"status": counts(objs), "origins": tally(objs, lambda t: t["origin"]),
                    "labs": tally(objs, lambda t: (t.get("misc") or {}).get("runtime")
                                  or UNKNOWN),
                    "architectures": [], "configs": {}, "issues": found,
                    "unknown_issues": unknown, "fail_reasons": {}, "failed_platforms": []}
        build_issues, build_unknown = issues("build_id", builds)
        return {
            "common": {"hardware": hardware, "tree_url": url, "git_commit_tags": sorted(
                {t for c in checkouts for t in c.get("git_commit_tags", [])})},
            "summary": {"builds": {"status": counts(builds),
                                   "origins": tally(builds, lambda b: b["origin"]),
                                   "issues": build_issues,
                                   "unknown_issues": build_unknown},
                        "boots": test_summary(boots), "tests": test_summary(others)}}

    @staticmethod
    def filter_items(builds, tests, summary=None):
        """The filters part of the full view: what the listings hold."""
        def local(objs, lab, part=None):
            part = (summary or {}).get(part) or {}
            return {"issues": [[i["id"], i["version"]] for i in part.get("issues", [])],
                    "has_unknown_issue": part.get("unknown_issues", 0) > 0,
                    "origins": sorted({o["origin"] for o in objs}),
                    "labs": sorted({lab(o) for o in objs} - {None})}
        return {"all": {"configs": sorted({known(b.get("config_name")) for b in builds}),
                        "architectures": sorted({known(b.get("architecture")) for b in builds}),
                        "compilers": sorted({known(b.get("compiler")) for b in builds})},
                "builds": local(builds, lambda b: (b.get("misc") or {}).get("lab"), "builds"),
                "boots": local([t for t in tests if is_boot(t.get("path"))],
                               lambda t: (t.get("misc") or {}).get("runtime"), "boots"),
                "tests": local([t for t in tests if not is_boot(t.get("path"))],
                               lambda t: (t.get("misc") or {}).get("runtime"), "tests")}

    def route_tree(self, db, commit, what, query):
        if "git_url" not in query or "git_branch" not in query:
            self.finish_with(400, {"error": "git_url and git_branch are required"})
            return
        origin = query.get("origin") or "maestro"
        url = query["git_url"] or None  # an empty value means IS NULL
        branch = query["git_branch"] or None
        checkouts = [c for c in db["checkouts"].values()
                     if (c.get("git_commit_hash") == commit or commit in c.get("git_commit_tags", []))
                     and c.get("git_repository_url") == url
                     and c.get("git_repository_branch") == branch
                     and c["origin"] == origin]
        by_checkout = {c["id"]: c for c in checkouts}
        builds = sorted((b for b in db["builds"].values() if b["checkout_id"] in by_checkout),
                        key=lambda b: b["id"])
        if what == "full" and not builds:
            # treeDetailsView.py: no rows (checkouts INNER JOIN builds)
            self.finish_with(200, {"error": "Tree not found"})
            return
        if not checkouts:
            self.finish_with(200, {"error": "No results available for this tree/branch/commit"})
            return
        build_by_id = {b["id"]: b for b in builds}
        tests = sorted((t for t in db["tests"].values() if t["build_id"] in build_by_id),
                       key=lambda t: t["id"])
        full_misc = query.get("full_environment_misc") == "true"
        if what == "builds":
            if not builds:
                self.finish_with(200, {"error": "No builds available for this tree/branch/commit"})
                return
            self.finish_with(200, {"builds": self.build_items(builds, by_checkout)})
        elif what in ("tests", "boots"):
            self.finish_with(200, {what: self.test_items(tests, build_by_id, what == "boots",
                                                         full_misc)})
        elif what == "summary":
            self.finish_with(200, self.summary_items(checkouts, builds, tests, url, db))
        else:
            answer = {"builds": self.build_items(builds, by_checkout),
                      "boots": self.test_items(tests, build_by_id, True, full_misc),
                      "tests": self.test_items(tests, build_by_id, False, full_misc)}
            answer.update(self.summary_items(checkouts, builds, tests, url, db))
            answer["filters"] = self.filter_items(builds, tests, answer["summary"])
            self.finish_with(200, answer)


class MockServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, args, validator):
        super().__init__(address, Handler)
        self.state = args.state
        self.spool = os.path.join(args.state, "spool")
        os.makedirs(self.spool, exist_ok=True)
        self.secret = args.secret
        self.max_body = args.max_body
        self.slow_seconds = args.slow_seconds
        self.cache_seconds = args.cache_seconds
        self.cache = {}
        self.faults = Faults()
        self.faults.set(Faults.parse(s) for s in args.fault)
        tree_names = dict(t.split("=", 1) for t in args.tree_name)
        self.store = Store(args.state, tree_names)
        self.submissions = 0
        self.requests = []
        self.requests_lock = threading.Lock()
        self.request_log = open(os.path.join(args.state, "requests.log"), "a")
        self.ingester = Ingester(self.spool, self.store, validator, args.ingest_interval,
                                 self.log, self.faults)
        self.ingester.start()

    def cache_get(self, key):
        """A dashboard answer younger than --cache-seconds, or None."""
        with self.requests_lock:
            hit = self.cache.get(key)
        if hit and time.time() - hit[0] < self.cache_seconds:
            return hit[1]
        return None

    def cache_put(self, key, obj):
        if self.cache_seconds > 0:
            with self.requests_lock:
                self.cache.setdefault(key, (time.time(), obj))
                if time.time() - self.cache[key][0] >= self.cache_seconds:
                    self.cache[key] = (time.time(), obj)

    def log(self, message):
        with self.requests_lock:
            self.request_log.write(json.dumps({"event": message}) + "\n")
            self.request_log.flush()

    def log_request_entry(self, entry):
        with self.requests_lock:
            self.requests.append(entry)
            self.request_log.write(json.dumps(entry) + "\n")
            self.request_log.flush()

    def requests_snapshot(self):
        with self.requests_lock:
            return list(self.requests)


def load_validator(path):
    try:
        import jsonschema
    except ImportError:
        sys.exit("kcidb-mock: needs jsonschema (Debian: apt-get install python3-jsonschema)")
    with open(path) as f:
        schema = json.load(f)
    checker = jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        # Production installs jsonschema[format], whose rfc3339-validator
        # checks date-times; without it jsonschema lets any string through.
        checker.checks("date-time")(is_rfc3339)
    return jsonschema.Draft7Validator(schema, format_checker=checker)


RFC3339 = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)"
                     r"(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$", re.IGNORECASE)


def is_rfc3339(value):
    """rfc3339-validator's check: the grammar, and a day the month has."""
    if not isinstance(value, str):
        return True
    m = RFC3339.match(value)
    if not m:
        return False
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return 1 <= day <= days


def default_schema():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "kcidb",
                                         "schema-v5.3.json"))


def cmd_serve(args):
    validator = load_validator(args.schema)
    os.makedirs(args.state, exist_ok=True)
    server = MockServer(("127.0.0.1", args.port), args, validator)
    scheme = "http"
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(args.port_file + ".tmp", args.port_file)
    print("kcidb-mock: listening on %s://127.0.0.1:%d (state in %s)" % (scheme, port, args.state),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def cmd_token(args):
    print(make_token(args.secret, args.origin, args.expires_in, args.audience))


def cmd_fault(args):
    import urllib.request
    for spec in args.spec:
        Faults.parse(spec)  # refuse a bad one before sending
    request = urllib.request.Request(args.url.rstrip("/") + "/mock/faults",
                                     data=json.dumps(args.spec).encode(), method="POST")
    with urllib.request.urlopen(request) as response:
        print(response.read().decode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the stand-in on 127.0.0.1")
    serve.add_argument("--state", required=True, help="directory for the spool, database and logs")
    serve.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    serve.add_argument("--port-file", help="write the port chosen here once listening")
    serve.add_argument("--secret", default="secret",
                       help="JWT secret (HS256); empty disables authentication")
    serve.add_argument("--schema", default=default_schema(), help="KCIDB v5.3 JSON schema")
    serve.add_argument("--ingest-interval", type=float, default=5.0,
                       help="seconds between ingester scans (production: 5)")
    serve.add_argument("--max-body", type=int, default=512 * 1024 * 1024,
                       help="largest submission accepted, in bytes (production: 512 MiB)")
    serve.add_argument("--slow-seconds", type=float, default=5.0,
                       help="how long a 'slow' fault holds its answer")
    serve.add_argument("--fault", action="append", default=[], metavar="ROUTE:KIND[:COUNT]",
                       help="inject a fault: ROUTE submit, status, authtest, api or any; KIND 400,"
                            " 401, 413, 429, 500, 502, 503, drop, drop-early, slow, or ok (no"
                            " fault, to sequence them);"
                            " or ingest:fail[:COUNT] to make the ingester refuse files")
    serve.add_argument("--cache-seconds", type=float, default=0,
                       help="cache dashboard answers, 'no data' too (production: 180)")
    serve.add_argument("--tree-name", action="append", default=[], metavar="URL=NAME",
                       help="tree_name the ingester sets for a repository URL")
    serve.add_argument("--tls-cert", help="serve https with this certificate (PEM)")
    serve.add_argument("--tls-key", help="the certificate's private key (PEM)")
    serve.set_defaults(func=cmd_serve)

    token = sub.add_parser("token", help="print a token the stand-in accepts")
    token.add_argument("--secret", default="secret")
    token.add_argument("--origin", required=True)
    token.add_argument("--expires-in", type=int, default=5 * 365 * 86400,
                       help="seconds until the token expires (negative: already expired)")
    token.add_argument("--audience", help="add an aud claim, as unified KernelCI tokens have")
    token.set_defaults(func=cmd_token)

    fault = sub.add_parser("fault", help="replace the faults of a running stand-in")
    fault.add_argument("--url", required=True, help="the stand-in's base URL")
    fault.add_argument("spec", nargs="*", metavar="ROUTE:KIND[:COUNT]")
    fault.set_defaults(func=cmd_fault)

    args = parser.parse_args()
    try:
        if getattr(args, "tls_cert", None) and not args.tls_key:
            parser.error("--tls-cert needs --tls-key")
        for spec in getattr(args, "fault", []):
            Faults.parse(spec)
    except ValueError as e:
        parser.error(str(e))
    args.func(args)


if __name__ == "__main__":
    main()
