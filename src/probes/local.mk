## Probes: one file each, listed in registry.c.
libsshwizard_a_SOURCES += \
	src/probes/registry.c \
	src/probes/dns_resolve.c \
	src/probes/tcp_connect.c \
	src/probes/route.c \
	src/probes/ports.c \
	src/probes/client_config.c
