/* Where the program finds its tree, data and catalogues: the source and build
 * tree when it runs from its build directory, the installed prefix otherwise.
 * SSHWIZARD_DATADIR overrides the data root (it holds wizard/ and data/). */
#ifndef SW_PATHS_H
#define SW_PATHS_H

/* Call once at start with argv[0] (may be NULL).  Safe to skip: the getters
 * then assume an installed program. */
void paths_init(const char *argv0);

/* The folder holding the shipped decision tree (main.yaml).  Static. */
const char *paths_wizard_dir(void);
/* The folder holding other runtime data.  Static. */
const char *paths_data_dir(void);
/* The root of the message catalogues (LANG/LC_MESSAGES/sshwizard.mo). */
const char *paths_locale_dir(void);
/* The default tree file: paths_wizard_dir()/main.yaml.  Static. */
const char *paths_default_tree(void);

#endif
