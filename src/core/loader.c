/* Placeholder: the YAML loader is being written. */
#include "config.h"

#include "core/loader.h"

sw_tree *
tree_load(const char *path, sw_diags *diags)
{
	diags_add(diags, path, 0, 0, "loader not written yet");
	return NULL;
}
