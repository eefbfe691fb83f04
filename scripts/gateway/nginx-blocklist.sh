#!/usr/bin/env bash
# Pulls a Lantern workspace's block list as an nginx include, and reloads
# nginx when the list changed. Run it from cron or a systemd timer (every
# minute is fine: an unchanged list does not reload nginx).
#
#   LANTERN_URL=https://lantern.example.com LANTERN_TOKEN=lt_… \
#   DEST=/etc/nginx/lantern-blocklist.conf scripts/gateway/nginx-blocklist.sh
#
# In nginx.conf, inside http {}: `include /etc/nginx/lantern-blocklist.conf;`
# and in the server or location to protect: `if ($lantern_blocked) { return 403; }`.
# The token needs only the `blocklist` scope. LIST=rate-limit pulls the
# rate-limit list instead ($lantern_limited). NGINX_TEST and NGINX_RELOAD
# override `nginx -t` and `nginx -s reload` (another prefix or config).
# A list nginx refuses is never left in place: the previous one is restored.
set -euo pipefail
: "${LANTERN_URL:?set LANTERN_URL to the address of Lantern}"
: "${LANTERN_TOKEN:?set LANTERN_TOKEN to an API token with the blocklist scope}"
: "${DEST:?set DEST to the include file nginx reads}"
LIST="${LIST:-block}"
NGINX_TEST="${NGINX_TEST:-nginx -t -q}"
NGINX_RELOAD="${NGINX_RELOAD:-nginx -s reload}"

fresh="$(mktemp "${DEST}.new.XXXXXX")"
trap 'rm -f "$fresh"' EXIT
curl --fail --silent --show-error --max-time 30 \
  -H "Authorization: Bearer ${LANTERN_TOKEN}" \
  "${LANTERN_URL%/}/api/v1/blocklist?format=nginx&list=${LIST}" -o "$fresh"

# The header comments carry the time; only the rules decide whether to reload.
if [ -f "$DEST" ] && cmp -s <(grep -v '^#' "$fresh") <(grep -v '^#' "$DEST"); then
  exit 0
fi

if [ -f "$DEST" ]; then cp -p "$DEST" "${DEST}.previous"; fi
chmod 0644 "$fresh"
mv "$fresh" "$DEST"
if ! $NGINX_TEST; then
  if [ -f "${DEST}.previous" ]; then mv "${DEST}.previous" "$DEST"; else rm -f "$DEST"; fi
  echo "nginx refused the new list; the previous one is back in place" >&2
  exit 1
fi
$NGINX_RELOAD
echo "block list updated: $(grep -v default "$DEST" | grep -c ' 1;' || true) entries"
