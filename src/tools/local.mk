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

## sw-tree-compile: the shipped tree as C data (src/tree-shipped.c), linked
## into sshwizard; used at run time only while the YAML is unchanged
## (core/tree_compiled.h).
noinst_PROGRAMS += src/tools/sw-tree-compile
src_tools_sw_tree_compile_SOURCES = src/tools/sw-tree-compile.c
src_tools_sw_tree_compile_LDADD = $(SW_LIBS)
