/*
 * jsondir.h - the list of data files in one folder of data/ (templates,
 * maturity and evaluation question sets): the *.json names, sorted so that
 * the load order, and with it "the newest version wins", does not depend on
 * the file system.
 */
#ifndef SKOLESEC_JSONDIR_H
#define SKOLESEC_JSONDIR_H

#include <stddef.h>

/* Fills names[0..] with the names (not paths) of the *.json files in dir
 * that do not start with '.', sorted by strcmp; each is heap memory, freed
 * with jsondir_free(). Returns how many (0 is not an error), or -1 with err
 * set to "<dir>: <reason> (<hint>)" when dir cannot be opened, or
 * "<dir>: more than <max> <what>" when there are more files; on a failed
 * allocation -1 with err left as it was. Nothing is left to free on -1. */
int jsondir_list(const char *dir, char **names, int max, const char *hint, const char *what,
    char *err, size_t errlen) __attribute__((warn_unused_result));
void jsondir_free(char **names, int n);

#endif
