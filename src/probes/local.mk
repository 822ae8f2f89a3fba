## Probes: one file each, listed in registry.c.
libsshwizard_a_SOURCES += \
	src/probes/registry.c \
	src/probes/dns_resolve.c \
	src/probes/tcp_connect.c \
	src/probes/ssh.h \
	src/probes/ssh_parse.c \
	src/probes/ssh_session.c \
	src/probes/banner.c \
	src/probes/kex.c \
	src/probes/hostkey.c \
	src/probes/auth_methods.c \
	src/probes/auth.c \
	src/probes/route.c \
	src/probes/ports.c \
	src/probes/client_config.c
