#!/usr/bin/env bash
# All benchmarks, one after the other, each printing its figures (PostgreSQL needed; each benchmark
# creates and drops its own throw-away database). Pass names to run a subset: ./scripts/bench.sh staging_bench;
# options after them go to each one: ./scripts/bench.sh load_zorgpad --reuse
source "$(dirname "$0")/_bootstrap.sh"
export DJANGO_SETTINGS_MODULE=zorgpad.settings.test
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zorgpad}"
BENCHES=()
while [ $# -gt 0 ] && [[ "$1" != -* ]]; do BENCHES+=("$1"); shift; done
if [ ${#BENCHES[@]} -eq 0 ]; then
  BENCHES=(staging_bench referrals_worklist start_pages mdo_agenda agenda_pdf_long_questions followup_scan followup_letters load_zorgpad)
fi
for bench in "${BENCHES[@]}"; do
  echo; echo "==> bench.$bench"
  python -m "bench.$bench" "$@"
done
