#!/bin/sh
# Fuego's run.json, in the shape fuegotest.org documents (wiki/run.json):
# test_set -> test_case -> measurement, with the run's metadata.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	cat >hello.json <<-\EOF &&
	{
	  "duration_ms": 1234,
	  "metadata": {
	    "board": "docker", "build_number": "3", "host_name": "local_host",
	    "job_name": "docker.default.Functional.hello_world",
	    "kernel_version": "4.4.0-87-generic", "test_plan": "None",
	    "timestamp": "2017-11-02T22:40:55+0000", "toolchain": "x86_64"
	  },
	  "name": "Functional.hello_world",
	  "schema_version": "1.0",
	  "status": "PASS",
	  "test_sets": [
	    {"name": "default", "status": "PASS",
	     "test_cases": [{"name": "hello_world", "status": "PASS"}]}
	  ]
	}
	EOF
	cat >netperf.json <<-\EOF
	{
	  "metadata": {"board": "ren1", "kernel_version": "4.9.0", "test_plan": "smoke"},
	  "name": "Benchmark.netperf",
	  "schema_version": "1.0",
	  "status": "FAIL",
	  "test_sets": [
	    {"name": "default", "status": "FAIL",
	     "test_cases": [
	       {"name": "MIGRATED_TCP_STREAM", "status": "FAIL",
	        "measurements": [
	          {"name": "net", "measure": 928.57, "unit": "Mbit/s", "status": "PASS"},
	          {"name": "cpu", "measure": 42, "status": "FAIL"}]},
	       {"name": "MIGRATED_UDP_STREAM",
	        "measurements": [{"name": "net", "measure": 12.5}]},
	       {"name": "TCP RR", "status": "ERROR"}]}
	  ]
	}
	EOF
'

test_expect_success 'a functional run: its test case, and the board and kernel as environment' '
	git results parse hello.json >out &&
	cat >expect <<-\EOF &&
	date 2017-11-02T22:40:55Z
	env device docker
	env host local_host
	env kernel 4.4.0-87-generic
	env toolchain x86_64
	status PASS
	counts FAIL=0 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=0

	PASS Functional.hello_world.default.hello_world
	EOF
	sed 1,3d out >actual &&
	test_cmp expect actual
'

test_expect_success 'measurements with criteria are tests; without, DONE; both keep their value' '
	git results parse netperf.json >out &&
	echo "results 2" >expect-version &&
	head -n 1 out >actual-version &&
	test_cmp expect-version actual-version &&
	cat >expect <<-\EOF &&
	env device ren1
	env kernel 4.9.0
	env test_plan smoke
	status FAIL
	counts FAIL=1 ERROR=1 MISS=0 PASS=1 DONE=1 SKIP=0

	FAIL Benchmark.netperf.default.MIGRATED_TCP_STREAM.cpu = 42
	PASS Benchmark.netperf.default.MIGRATED_TCP_STREAM.net = 928.57 Mbit/s
	DONE Benchmark.netperf.default.MIGRATED_UDP_STREAM.net = 12.5
	ERROR Benchmark.netperf.default.TCP_RR # name "Benchmark.netperf.default.TCP RR"
	EOF
	sed 1,4d out >actual &&
	test_cmp expect actual
'

test_expect_success 'auto-detection picks fuego; kunit-json refuses with a hint' '
	git results parse --format=fuego netperf.json >named &&
	git results parse netperf.json >auto &&
	test_cmp named auto &&
	test_must_fail git results parse --format=kunit-json netperf.json 2>err &&
	grep "use --format=fuego" err
'

test_expect_success 'a run with no test set is an error, not a pass' '
	echo "{\"name\": \"Functional.x\", \"status\": \"PASS\", \"test_sets\": []}" >empty.json &&
	git results parse --format=fuego empty.json >out &&
	grep "^ERROR Functional.x # no tests run" out
'

test_expect_success 'an unknown status is refused' '
	echo "{\"test_sets\": [{\"name\": \"s\", \"test_cases\": [{\"name\": \"c\", \"status\": \"MAYBE\"}]}]}" >bad.json &&
	test_must_fail git results parse --format=fuego bad.json 2>err &&
	grep "s.c: unknown status .MAYBE." err
'

test_done
