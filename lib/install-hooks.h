#ifndef INSTALL_HOOKS_H
#define INSTALL_HOOKS_H

/*
 * Installs git results' hooks (hooks/ in the source tree, installed
 * under $(prefix)/share/git-results/hooks) into the repository's hooks
 * directory, as git finds it (core.hooksPath included).  A hook that is
 * already there with other contents is left alone, unless `force`: then
 * nothing is installed and an error says which.  Returns 0, or -1 with an
 * error printed.
 */
int install_hooks(int force, int quiet);

#endif
