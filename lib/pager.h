#ifndef PAGER_H
#define PAGER_H

/*
 * The pager, as git runs one.  When standard output is a terminal, the
 * first of GIT_PAGER, core.pager, PAGER and "less" is started through
 * the shell, with LESS=FRX and LV=-c unless they are set, and standard
 * output (and standard error, when it is the terminal too) goes to it;
 * the program waits for it before exiting.  "cat" or an empty command
 * means no pager.
 *
 * When git runs `git results` it may already have started a pager
 * (pager.results, git -p) or asked for none (git --no-pager, which sets
 * GIT_PAGER=cat); both are respected here.
 */

/*
 * Decides and starts the pager for `git results <cmd>`: `use_pager` is 1
 * for -p/--paginate, 0 for --no-pager, -1 for neither.  With neither,
 * pager.results decides for every command (as git, which reads it
 * first), then pager.results.<cmd>, then `default_on`.  A pager.* value
 * that is not a boolean is the pager command to use.
 */
void pager_setup_for_command(const char *cmd, int use_pager, int default_on);

/* Starts the pager when standard output is a terminal and one is set. */
void setup_pager(void);

/* Whether a pager (ours or git's) reads our standard output. */
int pager_in_use(void);

#endif
