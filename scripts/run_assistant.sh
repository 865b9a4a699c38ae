#!/usr/bin/env bash
# Starts the action server, Rasa and the chat page on localhost; Ctrl-C stops all three.
# Ports: ACTIONS_PORT (5055), RASA_PORT (5005), WEB_PORT (8080).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
mkdir -p var/log

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The action server (loopback only) and Rasa, started as the tests start them (bot/launch.py). Rasa's
# HTTP API is off unless MADOGUCHI_RASA_API_TOKEN is set (then it needs that token): residents'
# browsers reach only the channels.
MADOGUCHI_LOG_DIR=var/log .venv/bin/python bot/launch.py "$RASA_PORT" "$ACTIONS_PORT" >var/log/launch.log 2>&1 &
pids+=($!)
.venv/bin/python -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory web >var/log/web.log 2>&1 &
pids+=($!)

echo "starting (logs in var/log/)…"
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$RASA_PORT/" >/dev/null && curl -sf "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null && break
  sleep 1
done
# One question before the first resident's: loads the embedding model in the action server.
curl -sf -H 'Content-Type: application/json' -d '{"sender":"warmup","message":"住民票"}' \
  "http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook" >/dev/null || echo "warm-up failed: see var/log/" >&2
echo "chat page:    http://localhost:$WEB_PORT/?rasa=http://localhost:$RASA_PORT"
echo "REST webhook: http://localhost:$RASA_PORT/webhooks/rest/webhook"
echo "Ctrl-C stops everything."
wait
