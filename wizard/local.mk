## The shipped decision tree.  SW_TREE_YAML: every file of it, which
## src/tree-shipped.c is compiled from (src/local.mk).
SW_TREE_YAML = wizard/main.yaml wizard/network.yaml wizard/ssh.yaml wizard/outcomes.yaml wizard/server.yaml \
	wizard/jump.yaml
dist_wizard_DATA += $(SW_TREE_YAML) wizard/README.md
