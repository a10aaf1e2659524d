#!/bin/sh
# Install the Debian packages the test suite needs, when running as root and
# they are missing.  Without root, print what is missing; the tests that need
# it then report SKIPPED with the reason.
#   iproute2          network namespaces for the multicast and daytime tests
#   user-mode-linux   a real kernel with SCTP for the SCTP tests
#   busybox-static    the SCTP guest's userland
#   libclang-dev      bindgen, for the freshness test of src/sctp/kernel.rs
#   valgrind          memcheck runs against the shared library
#   pkg-config        the pkg-config link-line test
#   procps            pgrep/ps for the c-examples scenarios (children, zombies)
#   python3           tests/docs.py, the check of the READMEs; the echo service of the udpcli02 scenario
set -u
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in iproute2 user-mode-linux busybox-static libclang-dev valgrind pkg-config procps python3; do
    have "$pkg" || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: not root, cannot install:$need (tests that need them are SKIPPED)" >&2
    exit 0
fi
echo "install-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $need >/dev/null
