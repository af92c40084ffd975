#!/usr/bin/env bash
# The WHMCS browser test's servers: a fresh WHMCS fixture database in the local
# MariaDB, a launch-token key pair made by the addon's keygen, the stand-in client area
# (php -S, the addon's real code), the stand-in of WHMCS's API (php -S, on the port after
# the client area's) and the portal on that WHMCS database.
#   e2e/whmcs/servers.sh PORTAL_PORT CLIENTAREA_PORT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
portal_port=$1
clientarea_port=$2
work=target/e2e-whmcs
db=whmcs_e2e
rm -rf "$work" && mkdir -p "$work"

mariadb -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci"
cat tests/whmcs/schema.sql integrations/whmcs/modules/addons/privacyportal/schema.sql tests/whmcs/seed.sql \
  tests/whmcs/api/schema.sql | mariadb -h127.0.0.1 -uroot "$db"
php integrations/whmcs/bin/keygen.php "$work" >/dev/null
(umask 077 && head -c 32 /dev/urandom >"$work/audit.key")
# The fixture's API credential (tests/whmcs/seed.sql).
(umask 077 && printf 'pp-test-secret' >"$work/whmcs-api.secret")
api_port=$((clientarea_port + 1))
WHMCS_DATABASE=$db php -S "127.0.0.1:$api_port" -t tests/whmcs/api >"$work/api.log" 2>&1 &
api=$!

WHMCS_DATABASE=$db PRIVACYPORTAL_KEY="$work/privacyportal-ed25519.pem" PRIVACYPORTAL_KID=e2e \
  PRIVACYPORTAL_ISSUER=whmcs-e2e PRIVACYPORTAL_PORTAL="http://127.0.0.1:$portal_port" \
  php -S "127.0.0.1:$clientarea_port" tests/whmcs/clientarea/router.php >"$work/clientarea.log" 2>&1 &
clientarea=$!
trap 'kill $clientarea $api 2>/dev/null || true' EXIT

PORTAL_BILLING_URL="mysql://root@127.0.0.1:3306/$db" \
  PORTAL_WHMCS_API_URL="http://127.0.0.1:$api_port/includes/api.php" \
  PORTAL_WHMCS_API_IDENTIFIER=pp-test-identifier \
  PORTAL_WHMCS_API_SECRET_FILE="$work/whmcs-api.secret" \
  PORTAL_WHMCS_PERSONNUMMER_FIELDS=1 \
  PORTAL_HOST_ISSUER=whmcs-e2e \
  PORTAL_HOST_PUBLIC_KEY="e2e=$work/privacyportal-ed25519.pub.pem" \
  PORTAL_ALLOWED_ORIGINS="http://127.0.0.1:$clientarea_port" \
  PORTAL_DATABASE_URL="sqlite://$work/portal.db?mode=rwc" \
  PORTAL_DATA_DIR="$work" \
  PORTAL_AUDIT_KEY_FILE="$work/audit.key" \
  PORTAL_LISTEN="127.0.0.1:$portal_port" \
  PORTAL_CONFIG=config/operator.example.toml \
  PORTAL_LOG=warn \
  target/debug/privacy-portal serve
