#!/usr/bin/env bash
# A local OpenLDAP slapd for the LDAP client's tests and benchmarks, 127.0.0.1 only:
# ldap://127.0.0.1:PORT (StartTLS offered) and ldaps://127.0.0.1:LDAPS_PORT.
#
#   servers/ldap.sh start DIR PORT LDAPS_PORT [BULK]   write the config and data into DIR, start slapd, check it
#   servers/ldap.sh stop  DIR                          stop it and delete DIR
#
# Suffix dc=example,dc=com; rootdn cn=admin,dc=example,dc=com / secret; users uid=alice / alice123
# and uid=bob / bob123 under ou=people (passwords in clear, so SASL PLAIN and SCRAM-SHA-* work
# through slapd's own auxprop); group cn=devs,ou=groups; a referral ou=elsewhere pointing to
# ldap://elsewhere.example:389/; BULK entries uid=u00000.. under ou=bulk (default 0).
# TLS: DIR/ca.crt signs the server's certificate (localhost, 127.0.0.1) and a client certificate
# DIR/alice.{crt,key} (CN=alice), which SASL EXTERNAL maps to uid=alice. ECDSA P-256 keys: made in
# milliseconds, where three RSA keys took seconds on a loaded machine (the tests start a slapd per JVM).
# Needs Debian's slapd, ldap-utils, openssl and libsasl2-modules; .ci/run installs them. Keep the
# ports below 32768 (Linux's ephemeral client range starts there).
set -euo pipefail
cmd=${1:?usage: $0 start|stop DIR [PORT LDAPS_PORT BULK]}
D=${2:?directory}
PORT=${3:-20389}
LDAPS_PORT=${4:-20636}
BULK=${5:-0}

certs() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj /CN=ldap-test-ca \
    -keyout "$D/ca.key" -out "$D/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost -keyout "$D/server.key" -out "$D/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$D/server.ext"
  openssl x509 -req -in "$D/server.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" -CAcreateserial -days 7 \
    -extfile "$D/server.ext" -out "$D/server.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=alice -keyout "$D/alice.key" -out "$D/alice.csr" 2>/dev/null
  openssl x509 -req -in "$D/alice.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" -CAcreateserial -days 7 \
    -out "$D/alice.crt" 2>/dev/null
  chmod 600 "$D"/*.key
}

config() {
  cat > "$D/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile  $D/slapd.pid
argsfile $D/slapd.args
TLSCACertificateFile  $D/ca.crt
TLSCertificateFile    $D/server.crt
TLSCertificateKeyFile $D/server.key
TLSVerifyClient try
sasl-secprops none
authz-regexp "^cn=([^,]+)\$" "uid=\$1,ou=people,dc=example,dc=com"
authz-regexp "^uid=([^,]+),cn=[^,]+,cn=auth\$" "uid=\$1,ou=people,dc=example,dc=com"
sizelimit 500
database mdb
maxsize  104857600
suffix   "dc=example,dc=com"
rootdn   "cn=admin,dc=example,dc=com"
rootpw   secret
directory $D/db
index objectClass eq
index uid eq
access to attrs=userPassword by self write by anonymous auth by dn.exact="cn=admin,dc=example,dc=com" read by * none
access to * by * read
CONF
}

data() {
  cat <<LDIF
dn: dc=example,dc=com
objectClass: dcObject
objectClass: organization
dc: example
o: Example Test

dn: ou=people,dc=example,dc=com
objectClass: organizationalUnit
ou: people

dn: ou=groups,dc=example,dc=com
objectClass: organizationalUnit
ou: groups

dn: ou=bulk,dc=example,dc=com
objectClass: organizationalUnit
ou: bulk

dn: uid=alice,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: alice
cn: Alice Example
sn: Example
mail: alice@example.com
description: likes (parens) and * stars
userPassword: alice123

dn: uid=bob,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: bob
cn: Bob Example
sn: Example
mail: bob@example.com
userPassword: bob123

dn: cn=devs,ou=groups,dc=example,dc=com
objectClass: groupOfNames
cn: devs
member: uid=alice,ou=people,dc=example,dc=com
member: uid=bob,ou=people,dc=example,dc=com

dn: ou=elsewhere,dc=example,dc=com
objectClass: referral
objectClass: extensibleObject
ou: elsewhere
ref: ldap://elsewhere.example:389/ou=elsewhere,dc=example,dc=com

LDIF
  for ((i = 0; i < BULK; i++)); do
    printf 'dn: uid=u%05d,ou=bulk,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: u%05d\ncn: User %d\nsn: Bulk\n\n' "$i" "$i" "$i"
  done
}

case $cmd in
  start)
    for p in "$PORT" "$LDAPS_PORT"; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p already in use" >&2; exit 1; fi
    done
    rm -rf "$D"; mkdir -p "$D/db"
    certs; config
    slaptest -Q -u -f "$D/slapd.conf"
    data | slapadd -q -f "$D/slapd.conf"
    slapd -f "$D/slapd.conf" -h "ldap://127.0.0.1:$PORT/ ldaps://127.0.0.1:$LDAPS_PORT/"   # daemonizes
    for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    LDAPTLS_CACERT=$D/ca.crt ldapwhoami -x -ZZ -H "ldap://127.0.0.1:$PORT" \
      -D uid=alice,ou=people,dc=example,dc=com -w alice123 | grep -q 'uid=alice'
    echo "slapd on ldap://127.0.0.1:$PORT and ldaps://127.0.0.1:$LDAPS_PORT, CA $D/ca.crt"
    ;;
  stop)
    if [ -s "$D/slapd.pid" ]; then
      pid=$(cat "$D/slapd.pid"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$D"
    ;;
  guard)
    # started by the tests next to slapd: stops it (and deletes DIR) once process PID (the test JVM)
    # is gone, however it ended (a SIGKILLed PIT minion runs no shutdown hook)
    pid=${3:?usage: $0 guard DIR PID}
    while kill -0 "$pid" 2>/dev/null; do sleep 1; done
    exec "$0" stop "$D"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT LDAPS_PORT BULK] | guard DIR PID" >&2; exit 2 ;;
esac
