/*
 * HTML text and attribute values, escaped: every string that reaches the
 * HTML report from an input (host names, services, paths, evidence lines)
 * goes through these.  Include after <stdio.h>.
 */
#ifndef HTMLW_H
#define HTMLW_H

/* Write n bytes of s as HTML text or attribute value. */
void	 htmlw_textn(FILE *, const char *, size_t);
/* Write s (NULL: nothing) as HTML text or attribute value. */
void	 htmlw_text(FILE *, const char *);
/* s escaped as HTML text (malloc'd). */
char	*htmlw_escape(const char *);
/* Write ` name="value"`, the value escaped. */
void	 htmlw_attr(FILE *, const char *, const char *);
/* Write a fragment id: prefix, then s with every byte outside
 * [A-Za-z0-9.-] as _XX (hex), so distinct strings give distinct ids. */
void	 htmlw_id(FILE *, const char *, const char *);
/* The same id as a malloc'd string. */
char	*htmlw_id_str(const char *, const char *);

#endif /* HTMLW_H */
