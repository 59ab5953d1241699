/*
 * JSON strings for every JSON portaudit writes (inspect, findings.json,
 * SARIF): jansson refuses bytes that are not UTF-8, and a host folder name
 * can hold any bytes, so such bytes become U+FFFD instead of a lost field.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "render.h"

/* A JSON string of s, or null when s is NULL. */
json_t *
jsonw_text(const char *s)
{
	unsigned long	 nbad;
	size_t		 len;
	json_t		*v;
	char		*u;

	if (s == NULL)
		return (json_null());
	if ((v = json_string(s)) != NULL)
		return (v);
	u = decode_convert((const unsigned char *)s, strlen(s), "UTF-8",
	    &len, &nbad);
	if (u == NULL)
		return (json_null());
	v = json_stringn(u, len);
	free(u);
	return (v != NULL ? v : json_null());
}
