// SPDX-License-Identifier: GPL-2.0
/*
 * Reading files of vswctl commands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

void script_error(const struct script *s, const struct script_line *l,
		  int word, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vswctl: %s:%u:%u: ", s->name, l->lineno,
		word < l->argc ? l->column[word] : 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void script_quote(FILE *f, const char *word)
{
	const char *p;

	if (*word && strspn(word, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "+,-./:=@_") == strlen(word)) {
		fputs(word, f);
		return;
	}
	fputc('\'', f);
	for (p = word; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p, f);
	}
	fputc('\'', f);
}

static void line_free(struct script_line *l)
{
	int i;

	for (i = 0; i < l->argc; i++)
		free(l->argv[i]);
	free(l->argv);
	free(l->column);
}

void script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		line_free(&s->lines[i]);
	free(s->lines);
	s->lines = NULL;
	s->n = s->cap = 0;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("vswctl");
		exit(1);
	}
	return p;
}

/*
 * Splits @text (line @lineno, no newline) into @l. Returns 0, or the
 * column of an error with @why set.
 */
static unsigned int split_line(const char *text, struct script_line *l,
			       const char **why)
{
	size_t len = strlen(text);
	const char *p = text;
	char *word = xrealloc(NULL, len + 1);
	unsigned int col = 0;

	l->argc = 0;
	l->argv = xrealloc(NULL, sizeof(*l->argv));
	l->column = NULL;
	for (;;) {
		char quote = 0;
		size_t n = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		/* A leading "vswctl" goes again: it does not count. */
		if (l->argc == SCRIPT_MAX_WORDS +
		    (l->argc && !strcmp(l->argv[0], "vswctl"))) {
			*why = "more than 256 words on a line";
			col = p - text + 1;
			goto err;
		}
		col = p - text + 1;
		while (*p) {
			if (quote == '\'') {
				if (*p == '\'')
					quote = 0;
				else
					word[n++] = *p;
				p++;
			} else if (quote == '"') {
				if (*p == '"') {
					quote = 0;
				} else if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
					word[n++] = p[1];
					p++;
				} else {
					word[n++] = *p;
				}
				p++;
			} else if (*p == ' ' || *p == '\t' || *p == '\r') {
				break;
			} else if (*p == '\'' || *p == '"') {
				quote = *p++;
			} else if (*p == '\\') {
				if (!p[1]) {
					*why = "a backslash ends the line";
					col = p - text + 1;
					goto err;
				}
				word[n++] = p[1];
				p += 2;
			} else {
				word[n++] = *p++;
			}
		}
		if (quote) {
			*why = quote == '"' ? "no closing \" on the line" :
					      "no closing ' on the line";
			goto err;
		}
		word[n] = '\0';
		l->argv = xrealloc(l->argv, (l->argc + 2) * sizeof(*l->argv));
		l->column = xrealloc(l->column, (l->argc + 1) * sizeof(*l->column));
		l->argv[l->argc] = strdup(word);
		if (!l->argv[l->argc]) {
			perror("vswctl");
			exit(1);
		}
		l->column[l->argc++] = col;
	}
	l->argv[l->argc] = NULL;
	free(word);
	if (l->argc && !strcmp(l->argv[0], "vswctl")) {
		free(l->argv[0]);
		memmove(l->argv, l->argv + 1, l->argc * sizeof(*l->argv));
		memmove(l->column, l->column + 1,
			(l->argc - 1) * sizeof(*l->column));
		l->argc--;
	}
	return 0;
err:
	l->argv[l->argc] = NULL;
	free(word);
	line_free(l);
	l->argc = 0;
	return col;
}

int script_parse(struct script *s, const char *name, const char *buf,
		 size_t len)
{
	unsigned int lineno = 0, col;
	const char *p = buf, *end = buf + len;
	char *text = NULL;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->name = name;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;
		struct script_line l = { .lineno = ++lineno };
		const char *why = NULL;

		if (memchr(p, '\0', n)) {
			fprintf(stderr, "vswctl: %s:%u:%zu: a NUL byte on the line\n",
				name, lineno, (size_t)((const char *)memchr(p, '\0', n) - p) + 1);
			ret = -1;
			break;
		}
		text = xrealloc(text, n + 1);
		memcpy(text, p, n);
		text[n] = '\0';
		p = nl ? nl + 1 : end;
		col = split_line(text, &l, &why);
		if (col) {
			fprintf(stderr, "vswctl: %s:%u:%u: %s\n", name, lineno,
				col, why);
			ret = -1;
			break;
		}
		if (!l.argc) {
			line_free(&l);
			continue;
		}
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 16;
			s->lines = xrealloc(s->lines, s->cap * sizeof(*s->lines));
		}
		s->lines[s->n++] = l;
	}
	free(text);
	if (ret)
		script_free(s);
	return ret;
}

int script_read(struct script *s, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	size_t len = 0, cap = 0, n;
	char *buf = NULL;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!f) {
		fprintf(stderr, "vswctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		fprintf(stderr, "vswctl: %s: %s\n", name, strerror(errno));
		ret = -1;
	} else {
		ret = script_parse(s, name, buf, len);
	}
	free(buf);
	if (f != stdin)
		fclose(f);
	return ret;
}
