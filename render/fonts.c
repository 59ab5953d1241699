/*
 * Fonts for the PDF report, found through fontconfig: the TrueType file
 * that best matches a pattern such as "DejaVu Sans:bold".
 */
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "portaudit.h"
#include "render.h"

/* The file of the best match for pattern, or NULL; malloc'd. */
char *
fonts_find(const char *pattern)
{
	FcPattern	*pat, *match;
	FcResult	 res;
	FcChar8		*file;
	char		*path = NULL;

	if (!FcInit() || (pat = FcNameParse((const FcChar8 *)pattern)) ==
	    NULL)
		return (NULL);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	if ((match = FcFontMatch(NULL, pat, &res)) != NULL) {
		if (FcPatternGetString(match, FC_FILE, 0, &file) ==
		    FcResultMatch && strstr((char *)file, ".ttf") != NULL)
			path = xstrdup((char *)file);
		FcPatternDestroy(match);
	}
	FcPatternDestroy(pat);
	return (path);
}
