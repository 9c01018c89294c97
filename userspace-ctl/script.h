/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files of vswctl commands (batch, apply, vswitch.conf): one command a
 * line, its words split as a shell would, without expansions.
 */
#ifndef VSWCTL_SCRIPT_H
#define VSWCTL_SCRIPT_H

#include <stddef.h>
#include <stdio.h>

#define SCRIPT_MAX_WORDS	256

struct script_line {
	unsigned int lineno;
	int argc;
	char **argv;		/* argv[argc] is NULL */
	unsigned int *column;	/* where each word starts, from 1 */
};

struct script {
	const char *name;	/* the file's name as the user gave it */
	struct script_line *lines;	/* only those with a command */
	size_t n, cap;
};

/*
 * Reads @path ("-": standard input) into @s. Words are separated by blanks;
 * '...' keeps everything up to the next quote, "..." too but for \" and
 * \\, and a backslash outside quotes keeps the next character. A # that
 * starts a word starts a comment. A leading "vswctl" word is skipped, so
 * that such a file can also be run by a shell. On failure prints
 * "vswctl: FILE:LINE:COLUMN: WHY" and returns -1.
 */
int script_read(struct script *s, const char *path);
/* The same from @buf; @name names it in messages and must outlive @s. */
int script_parse(struct script *s, const char *name, const char *buf,
		 size_t len);
void script_free(struct script *s);

/*
 * Prints @word to @f so that a script reads it back as one word: as it is
 * if it is only letters, digits and +,-./:=@_, else in single quotes (which
 * a shell also reads as one word, without globbing).
 */
void script_quote(FILE *f, const char *word);

/* Prints "vswctl: FILE:LINE:COLUMN: " and the message to stderr. */
void script_error(const struct script *s, const struct script_line *l,
		  int word, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
