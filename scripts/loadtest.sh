#!/usr/bin/env bash
# Load test: 50 concurrent users on the main pages, gunicorn on PostgreSQL, production settings.
# Budget: >= 150 requests/s, p95 < 250 ms, no errors. Needs Debian's wrk (apt-get install wrk).
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangfu_bench scripts/loadtest.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-20}"
PORT="${PORT:-8765}"
export DEBUG=false SECRET_KEY="load-test-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database holding the bench school (manage.py bench)}"
.venv/bin/python manage.py collectstatic --noinput -v0
USERNAME="${LOAD_USER:-teacher}"
COOKIE=$(.venv/bin/python manage.py shell -c "
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
u = get_user_model().objects.get(username='$USERNAME')
s = SessionStore(); s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)" 2>/dev/null | tail -1)
.venv/bin/gunicorn config.wsgi --workers "${WORKERS:-5}" --bind "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
sleep 3
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<LUA
local paths = {${LOAD_PATHS:-'"/", "/students/", "/archives/", "/homework/", "/family/", "/reminders/"'}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Cookie"] = "sessionid=$COOKIE", ["X-Forwarded-Proto"] = "https"})
end
done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.1f  p50: %.1f ms  p95: %.1f ms  p99: %.1f ms  non-2xx/3xx: %d  socket errors: %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
wrk -t2 -c50 -d"${SECONDS_TO_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" | tail -1
