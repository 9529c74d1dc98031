#!/usr/bin/env bash
# A local vsftpd for the FTP client's TLS session-reuse test: 127.0.0.1 only, explicit TLS REQUIRED
# for logins and data, and require_ssl_reuse=YES (a data connection whose TLS session does not
# resume the control connection's is refused with "522 SSL connection failed: session reuse
# required"). Anonymous login only (any password), as the system user daemon (nobody's home does not exist), rooted at DIR/root, which holds
# hello.txt and a directory `up` that accepts uploads.
#
#   servers/ftp-vsftpd.sh unpack                              make sure a vsftpd binary is at hand (see below)
#   servers/ftp-vsftpd.sh config DIR                          write DIR/vsftpd.conf, certificate, DIR/root
#   servers/ftp-vsftpd.sh run    DIR PORT PASV_FROM PASV_TO   config, then run vsftpd in the foreground (exec)
#
# Debian's vsftpd package conflicts with pure-ftpd (both "Provide: ftp-server"), which the other
# FTP tests need, so it is not installed: `unpack` downloads the .deb with apt-get and unpacks it
# into /var/cache/shrapnel-vsftpd (its libraries, libwrap0 and libssl3, come with pure-ftpd and
# openssl). An installed /usr/sbin/vsftpd, or $VSFTPD, is used instead when present. Must run as
# root (vsftpd drops privileges). Keep PORT and the passive range below 32768 (ephemeral range above).
set -euo pipefail
cmd=${1:?usage: $0 unpack|config|run DIR [PORT PASV_FROM PASV_TO]}
[ "$cmd" = unpack ] || D=${2:?directory}
PORT=${3:-20020}
PASV_FROM=${4:-20200}
PASV_TO=${5:-20219}

CACHE=/var/cache/shrapnel-vsftpd

binary() {
  if [ -n "${VSFTPD:-}" ]; then echo "$VSFTPD"; return; fi
  if [ -x /usr/sbin/vsftpd ]; then echo /usr/sbin/vsftpd; return; fi
  if [ ! -x "$CACHE/usr/sbin/vsftpd" ]; then
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download vsftpd >/dev/null)
    mkdir -p "$CACHE"
    dpkg-deb -x "$tmp"/vsftpd_*.deb "$CACHE"
    rm -rf "$tmp"
  fi
  echo "$CACHE/usr/sbin/vsftpd"
}

config() {
  mkdir -p "$D/root/up" "$D/empty"
  chmod 755 "$D" "$D/root" "$D/empty"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$D/server.key" -out "$D/server.crt" 2>/dev/null
  chmod 600 "$D/server.key"
  echo "hello from vsftpd" > "$D/root/hello.txt"
  chown daemon:daemon "$D/root/up"
  cat > "$D/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$PORT
background=NO
anonymous_enable=YES
local_enable=NO
no_anon_password=YES
ftp_username=daemon
anon_root=$D/root
write_enable=YES
anon_upload_enable=YES
anon_umask=022
secure_chroot_dir=$D/empty
pasv_enable=YES
pasv_min_port=$PASV_FROM
pasv_max_port=$PASV_TO
pasv_address=127.0.0.1
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
ssl_enable=YES
allow_anon_ssl=YES
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
require_ssl_reuse=YES
ssl_ciphers=HIGH
rsa_cert_file=$D/server.crt
rsa_private_key_file=$D/server.key
xferlog_enable=NO
vsftpd_log_file=$D/vsftpd.log
dual_log_enable=YES
CONF
}

case $cmd in
  unpack) binary ;;
  config) config ;;
  run)
    bin=$(binary)
    config
    exec "$bin" "$D/vsftpd.conf"
    ;;
  *) echo "usage: $0 unpack|config|run DIR [PORT PASV_FROM PASV_TO]" >&2; exit 2 ;;
esac
