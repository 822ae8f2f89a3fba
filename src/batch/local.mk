## The batch front end.
sshwizard_SOURCES_BATCH = src/batch/batch.c src/batch/batch.h
