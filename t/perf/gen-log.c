/*
 * gen-log: writes the big console logs of the parse benchmarks to
 * standard output, byte for byte what their awk generators wrote, about
 * ten times faster (an awk printf a line took 15 to 20 s a gigabyte).
 * Built by the benchmark that needs it, into its temporary directory:
 *
 *   gen-log kselftest <MB> <flags>   p2000's sparse console log: printk
 *       lines with timestamps, the runner's unstamped TAP spread evenly
 *       over <MB> MB, one result per character of <flags> ('1' fails
 *       with its diagnostics: awk's rand() decides, see p2000-parse.sh)
 *   gen-log lava <MB>                p2100's console log: boot messages,
 *       then LAVA signals at its very end
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const printk[] = {
	"usb %d-1: new high-speed USB device number %d using xhci_hcd",
	"EXT4-fs (vda%d): mounted filesystem 2e4c-4b8f-9d3a-c0ffee%06d r/w with ordered data mode",
	"audit: type=1400 audit(1700000000.%03d:%d): apparmor=\"DENIED\" operation=\"open\" profile=\"snap\"",
	"virtio_net virtio%d eth0: renamed from veth%06d",
	"IPv6: ADDRCONF(NETDEV_CHANGE): veth%d: link becomes ready (%d)",
	"perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate",
	"sched: RT throttling activated for cpu %d after %d us",
	"br0: port %d(veth%d) entered forwarding state",
};

static const char *const suites[] = {
	"net", "timers", "seccomp", "bpf", "cgroup", "memfd", "ftrace", "mm",
	"futex", "size", "splice", "sync", "sysctl", "tmpfs", "vDSO",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void kselftest(long mb, const char *flags)
{
	long results = (long)strlen(flags);
	long long total = (long long)mb * 1048576, every, next_at, bytes = 0;
	long n = 0, line = 0;
	char s[512], fmt[ARRAY_SIZE(printk)][256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(printk); i++)
		snprintf(fmt[i], sizeof(fmt[i]), "[%%5d.%%06d] %s", printk[i]);
	every = total / results;
	next_at = every;
	printf("TAP version 13\n1..%ld\n", results);
	while (n < results) {
		const char *d;
		int len;

		line++;
		len = snprintf(s, sizeof(s), fmt[line % ARRAY_SIZE(printk)], (int)(line / 1000),
			       (int)((long long)line * 7919 % 1000000),
			       (int)(line % 8), (int)line);
		fwrite(s, 1, len, stdout);
		putchar('\n');
		bytes += len + 1;
		if (bytes < next_at)
			continue;
		n++;
		next_at += every;
		d = suites[n % ARRAY_SIZE(suites)];
		printf("# selftests: %s: %s_test_%ld\n", d, d, n);
		if (flags[n - 1] == '1') {
			printf("# # FAIL: selftests: %s: %s_test_%ld: expected 0, got -22 (Invalid argument)\n",
			       d, d, n);
			printf("# # at tools/testing/selftests/%s/%s.c:%ld\n", d, d, 100 + n);
			printf("not ok %ld selftests: %s: %s_test_%ld # exit=1\n", n, d, d, n);
		} else {
			printf("ok %ld selftests: %s: %s_test_%ld\n", n, d, d, n);
		}
	}
}

/* right-aligns the decimal digits of v >= 0 in the width bytes before end */
static void put_num(char *end, long v, int width)
{
	do {
		*--end = '0' + v % 10;
		v /= 10;
		width--;
	} while (v);
	while (width-- > 0)
		*--end = ' ';
}

static void lava(long mb)
{
	long n = (long)((long long)mb * 1048576 / 64), i;
	/* awk's "[%12.6f] ... %10d" of i / 1000 and i, filled in by hand */
	char s[] = "[     .000000] ok, a boot message that says nothing           \n";

	for (i = 0; i < n; i++) {
		if (i / 1000 > 99999 || i > 9999999999) {
			printf("[%5ld.%03ld000] ok, a boot message that says nothing %10ld\n",
			       i / 1000, i % 1000, i);
			continue;
		}
		put_num(s + 6, i / 1000, 5);
		s[7] = '0' + i / 100 % 10;
		s[8] = '0' + i / 10 % 10;
		s[9] = '0' + i % 10;
		put_num(s + sizeof(s) - 2, i, 10);
		fwrite(s, 1, sizeof(s) - 1, stdout);
	}
	printf("<LAVA_SIGNAL_STARTRUN 0_ltp-smoke 1_1.1.3.1>\n");
	for (i = 0; i < 100; i++)
		printf("<8>[ 9999.%06ld] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=case%ld RESULT=%s>\n",
		       i, i, i % 10 ? "pass" : "fail");
	printf("<LAVA_SIGNAL_ENDRUN 0_ltp-smoke 1_1.1.3.1>\n");
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	if (argc == 4 && !strcmp(argv[1], "kselftest") && *argv[3])
		kselftest(atol(argv[2]), argv[3]);
	else if (argc == 3 && !strcmp(argv[1], "lava"))
		lava(atol(argv[2]));
	else {
		fprintf(stderr, "usage: gen-log kselftest <MB> <flags> | lava <MB>\n");
		return 2;
	}
	if (fflush(stdout) || ferror(stdout)) {
		perror("gen-log: write");
		return 1;
	}
	return 0;
}
