## The Debian packaging and its check script travel in the tarball too, so
## a package can be built from it.  packaging/check-deb.sh is never run by
## make check (it is slow and installs into the system).
EXTRA_DIST += packaging/check-deb.sh debian/changelog debian/control \
	debian/copyright debian/rules debian/source/format
