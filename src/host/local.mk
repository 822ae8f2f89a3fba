## Host access: running read-only commands and reading files on the machine
## the server checks look at.  One interface (host.h), two back-ends: this
## machine (host_local.c, through core/proc) and another one over libssh
## (host_remote.c, driven like the client probes' session).
libsshwizard_a_SOURCES += \
	src/host/host.h src/host/host-int.h src/host/host.c \
	src/host/host_local.c src/host/host_remote.c
