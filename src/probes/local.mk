## Probes: one file each, listed in registry.c.
libsshwizard_a_SOURCES += \
	src/probes/probes.h src/probes/registry.c \
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
	src/probes/session_run.c \
	src/probes/key_unlock.c \
	src/probes/route.c \
	src/probes/ports.c \
	src/probes/client_config.c \
	src/probes/witness.c \
	src/probes/jump.c \
	src/probes/proxy.c \
	src/probes/server.h src/probes/server_common.c \
	src/probes/server_channel.c src/probes/server_daemon.c \
	src/probes/server_config.c src/probes/server_disk.c \
	src/probes/server_fw.h src/probes/server_firewall.c \
	src/probes/server_fw_iptables.c src/probes/server_fw_nft.c \
	src/probes/server_fw_fix.c \
	src/probes/server_fw_firewalld.c src/probes/server_fw_ufw.c \
	src/probes/server_access.c src/probes/server_health.c \
	src/probes/server_logs.c src/probes/server_login.c \
	src/probes/authkeys.h src/probes/authkeys_parse.c \
	src/probes/server_authkeys.c
