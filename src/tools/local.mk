## Tools for the people who work on sshwizard; never installed.

## sw-xgettext-tree: the decision tree's strings as a PO template fragment,
## read with the program's own loader.  po/Rules-tree feeds it to xgettext.
noinst_PROGRAMS += src/tools/sw-xgettext-tree
src_tools_sw_xgettext_tree_SOURCES = src/tools/sw-xgettext-tree.c
src_tools_sw_xgettext_tree_LDADD = $(SW_LIBS)

## make update-po: po/sshwizard.pot from the program and the tree, then every
## catalogue merged with it (po/Makefile does the work; see po/Rules-tree).
update-po: src/tools/sw-xgettext-tree$(EXEEXT)
	cd po && $(MAKE) $(AM_MAKEFLAGS) update-po
.PHONY: update-po
