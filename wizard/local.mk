## The shipped decision tree.
dist_wizard_DATA += wizard/main.yaml wizard/network.yaml wizard/ssh.yaml wizard/outcomes.yaml wizard/server.yaml \
	wizard/jump.yaml \
	wizard/README.md
