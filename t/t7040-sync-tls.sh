#!/bin/sh
# TLS: certificates are always verified; only the CA bundle can be chosen
# (results.kcidb.caInfo, GIT_SSL_CAINFO, http.sslCAInfo).
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-kcidb.sh"

# A certificate for 127.0.0.1 only (not "localhost"), from its own key.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || exit 1
start_mock mock --tls-cert cert.pem --tls-key key.pem || exit 1
MOCK_URL=$(cat mock/url)
PORT=$(cat mock/port)

test_expect_success 'setup' '
	case "$MOCK_URL" in https://*) ;; *) false ;; esac &&
	make_token token maintainer &&
	git init -q repo &&
	cd repo &&
	configure_kcidb ../mock ../token &&
	test_commit one &&
	add_results one local r1
'

test_expect_success 'a certificate that does not verify is fatal and not retried' '
	cd repo &&
	test_expect_code 128 git results sync push one 2>err &&
	grep "^fatal: unable to access .$MOCK_URL/submit.: SSL certificate problem" err &&
	! grep retrying err &&
	test $(count_requests ../mock POST /submit) = 0
'

test_expect_success 'git settings that turn verification off do not' '
	cd repo &&
	test_expect_code 128 git -c http.sslVerify=false results sync push one 2>err &&
	grep "SSL certificate problem" err &&
	GIT_SSL_NO_VERIFY=1 test_expect_code 128 git results sync push one 2>err &&
	grep "SSL certificate problem" err &&
	test_expect_code 128 git -c results.kcidb.sslVerify=false results sync push one 2>err &&
	grep "SSL certificate problem" err
'

test_expect_success 'results.kcidb.caInfo names the CA bundle' '
	cd repo &&
	git -c results.kcidb.caInfo=../cert.pem results sync push one 2>err &&
	grep "^KCIDB processed 1 of 1 document " err &&
	git -c results.kcidb.caInfo=../cert.pem results sync pull one 2>err &&
	grep "^added 0 new records of 1 found at $MOCK_URL$" err
'

test_expect_success 'GIT_SSL_CAINFO and http.sslCAInfo are honoured' '
	cd repo &&
	GIT_SSL_CAINFO=$TRASH_DIRECTORY/cert.pem git results sync push -q one &&
	git -c http.sslCAInfo=../cert.pem results sync push -q one
'

test_expect_success 'the name in the certificate must match' '
	cd repo &&
	test_expect_code 128 git -c results.kcidb.caInfo=../cert.pem \
		-c results.kcidb.url=https://localhost:$PORT results sync push one 2>err &&
	grep "^fatal: unable to access .https://localhost:$PORT/submit.: " err &&
	grep -i "certificate\|subject" err
'

test_done
