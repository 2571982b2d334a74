#!/usr/bin/python3
"""Writes to <file> what the KernelCI dashboard's /api/tree/<commit>/full
answers for a busy linux-next commit: 300 builds (6 architectures, 10
configs, 5 compilers), on each 100 tests and a boot, run on two
platforms in one lab (t7070, t/perf/p7010-sync-pull-full.sh).

Usage: dashboard-full.py <file>
"""
import json, sys
archs = ["x86_64", "arm64", "arm", "riscv", "i386", "mips"]
configs = ["defconfig", "allmodconfig", "tinyconfig", "multi_v7_defconfig", "kselftest",
           "defconfig+debug", "defconfig+kcidebug", "virtconfig", "allnoconfig",
           "defconfig+CONFIG_ARM64_64K_PAGES=y"]
compilers = ["gcc-12", "gcc-14", "clang-17", "clang-18", "clang-19"]
builds, boots, tests = [], [], []
for n, (a, c, cc) in enumerate((a, c, cc) for a in archs for c in configs for cc in compilers):
    bid = "maestro:6788%020x" % n
    builds.append({"id": bid, "origin": "maestro", "architecture": a, "config_name": c,
                   "misc": {"lab": "k8s-all", "platform": "kubernetes"},
                   "config_url": "https://files.kernelci.org/kbuild-%s-%s/%s/config" % (cc, a, bid),
                   "compiler": cc, "status": "PASS", "duration": 812.5,
                   "log_url": "https://files.kernelci.org/kbuild-%s-%s/%s/build.log" % (cc, a, bid),
                   "start_time": "2026-03-01T09:00:00.123000Z",
                   "git_repository_url": "https://git.example.org/pub/linux.git",
                   "git_repository_branch": "master"})
    for t in range(101):
        platform = ["qemu-%s" % a, "board-%d-%s" % (n % 7, a)][t % 2]
        item = {"id": "maestro:%08x%016x" % (n, t), "origin": "maestro",
                "status": ["PASS", "FAIL", "SKIP"][t % 3], "duration": 3.25,
                "path": "boot" if t == 100 else "kselftest.suite%d.case_%d" % (t % 9, t),
                "start_time": "2026-03-01T10:%02d:00.000000Z" % (t % 60),
                "environment_compatible": ["vendor,board-%d" % (n % 7), "vendor,soc"],
                "config": c, "architecture": a, "compiler": cc,
                "log_url": "https://storage.kernelci.org/%s/%s/log.txt.gz" % (bid, t),
                "environment_misc": {"platform": platform},
                "lab": "lava-collabora"}
        (boots if t == 100 else tests).append(item)
doc = {"builds": builds, "boots": boots, "tests": tests, "summary": {}, "common": {},
       "filters": {}}
json.dump(doc, open(sys.argv[1], "w"))
