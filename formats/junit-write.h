#ifndef FORMATS_JUNIT_WRITE_H
#define FORMATS_JUNIT_WRITE_H

#include "lib/record.h"

/*
 * Records as JUnit XML, for CI dashboards that read nothing else
 * (Jenkins, GitLab, GitHub test reporters).  The mapping is in
 * Documentation/git-results-formats.md:
 *
 *   <testsuites name="git results" tests failures errors skipped>
 *     <testsuite name="<origin>/<run>" timestamp="<date>" ...>
 *       <properties>  commit, tree, origin, run, date, env.<key>,
 *                     tester, link, status
 *       <testcase classname="<path up to its last dot>" name="<last component>">
 *         FAIL   <failure type="FAIL" message="<reason>"/>
 *         ERROR  <error type="ERROR" message="<reason>"/>
 *         MISS   <error type="MISS" message="<reason>"/>
 *         SKIP   <skipped message="<reason>"/>
 *         DONE   a DONE "status" property; PASS and DONE keep a reason in <system-out>
 *
 * Every text is escaped; characters XML 1.0 cannot carry (control
 * characters, invalid UTF-8) become '?', so the output is well-formed
 * whatever the records hold.  The records should be normalised.
 */

/* Appends a whole document holding every record of `list`, in order. */
void junit_write_list(struct strbuf *out, const struct record_list *list);

/* Appends a whole document holding the one record `r`. */
void junit_write_record(struct strbuf *out, const struct record *r);

#endif
