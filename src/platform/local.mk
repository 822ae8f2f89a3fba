## The platform layer: one interface, the back-end configure picked
## (--with-platform); both are in the tarball.
libsshwizard_a_SOURCES += src/platform/platform.h src/platform/iface.c
if SW_PLATFORM_LINUX
libsshwizard_a_SOURCES += src/platform/linux/platform.c
else
libsshwizard_a_SOURCES += src/platform/portable/platform.c
endif
