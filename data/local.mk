## Other runtime data.
datadir_sw = $(pkgdatadir)/data

## The JSON Schema of the session report (documented in doc/report.md).
reportschemadir = $(pkgdatadir)/data
dist_reportschema_DATA = data/report.schema.json
EXTRA_DIST += doc/report.md

## The table of known messages for --from-log (src/core/logmatch.h).
messagesdir = $(pkgdatadir)/data
dist_messages_DATA = data/messages.yaml
