## The shipped decision tree.
dist_wizard_DATA += wizard/main.yaml wizard/README.md
