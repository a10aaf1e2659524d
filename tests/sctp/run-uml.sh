#!/bin/sh
# run-uml.sh DIR : boot a user-mode-linux kernel (which has SCTP, unlike the
# sandbox's) on a throw-away hostfs root, run DIR/guest.sh in it with DIR's
# files in /t, and print the guest's console output (CR stripped).
# Exit status: the guest's /rc (0 = every test passed), 1 if it is missing
# (hang, panic), 77 if user-mode-linux or busybox is not installed.
set -eu
DIR=$1
UML=$(command -v linux.uml || true)
BUSYBOX=$(command -v busybox || true)
if [ -z "$UML" ] || [ -z "$BUSYBOX" ] || ! "$BUSYBOX" --list 2>/dev/null | grep -qx insmod; then
    echo "run-uml: user-mode-linux or busybox-static is not installed" >&2
    exit 77
fi
KVER=$(ls /usr/lib/uml/modules | head -n1)
MODS=/usr/lib/uml/modules/$KVER/kernel
ROOT=$(mktemp -d /tmp/lnp-uml.XXXXXX)
cleanup() { rm -rf "$ROOT"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir -p "$ROOT/bin" "$ROOT/mod" "$ROOT/t" "$ROOT/etc" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp" "$ROOT/usr"
ln -s usr/lib "$ROOT/lib"
ln -s usr/lib64 "$ROOT/lib64"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for a in $("$BUSYBOX" --list); do
    [ "$a" = busybox ] || ln -s busybox "$ROOT/bin/$a"
done
# Module load order: dependencies first (hmac for the cookie's hmac(md5)).
n=10
for m in hmac crc-ccitt ipv6 udp_tunnel ip6_udp_tunnel sctp; do
    f=$(find "$MODS" \( -name "$m.ko*" -o -name "$(echo "$m" | tr - _).ko*" \) | head -n1)
    if [ -z "$f" ]; then
        echo "run-uml: module $m not found under $MODS" >&2
        exit 1
    fi
    cp "$f" "$ROOT/mod/$n-$m.ko"
    n=$((n + 1))
done
cp -R "$DIR"/. "$ROOT/t/"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' > "$ROOT/etc/hosts"
echo 'hosts: files' > "$ROOT/etc/nsswitch.conf"
cat > "$ROOT/init" <<'EOS'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev 2>/dev/null
mount -t hostfs -o ro,/usr none /usr
for m in /mod/*.ko; do insmod "$m" || echo "insmod failed: $m"; done
ip link set lo up
ip addr add 127.0.0.2/8 dev lo 2>/dev/null
cd /t
rc=0
timeout -s KILL 90 sh /t/guest.sh || rc=$?
echo "LNP-SCTP-RESULT=$rc"
echo "$rc" > /rc
poweroff -f
EOS
chmod +x "$ROOT/init"
# The host timeout (SIGTERM) makes UML shut down cleanly; never SIGKILL it
# (its children would keep the pipe open).
timeout 150 "$UML" mem=256M uml_dir="$ROOT" rootfstype=hostfs rootflags="$ROOT" rw init=/init \
    quiet loglevel=1 con0=fd:0,fd:1 con=null </dev/null | tr -d '\r'
test "$(cat "$ROOT/rc" 2>/dev/null)" = 0
