#!/usr/bin/env bash
# Run the test suite (sets up .venv first if needed).
source "$(dirname "$0")/env.sh"
.venv/bin/python -m pytest "$@"
