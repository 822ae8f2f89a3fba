/* Lookup in the cause vocabulary. */
#include "config.h"

#include "core/cause.h"

#include <string.h>

static const struct {
	const char *id;
	const char *side;
} causes[] = {
#define X(id, side) { id, side },
	SW_CAUSES(X)
#undef X
};

const char *
cause_at(size_t i)
{
	return i < sizeof(causes) / sizeof(causes[0]) ? causes[i].id : NULL;
}

const char *
cause_side(const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strcmp(causes[i].id, id) == 0)
			return causes[i].side;
	return NULL;
}

int
cause_known(const char *id)
{
	return cause_side(id) != NULL;
}
