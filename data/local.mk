## Other runtime data.
datadir_sw = $(pkgdatadir)/data
