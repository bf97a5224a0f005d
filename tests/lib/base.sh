# base.sh: sourced by golden cases; makes layer directory l0 holding a
# Debian os-release and a two-package dpkg status.
mkdir -p l0/etc l0/var/lib/dpkg
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' \
    >l0/etc/os-release
cp "$TOP/tests/lib/base.status" l0/var/lib/dpkg/status
