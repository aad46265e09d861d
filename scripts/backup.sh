#!/usr/bin/env bash
# Nightly backup (deploy/systemd/renda-backup.timer): a custom-format pg_dump of DATABASE_URL and a
# tar of MEDIA_ROOT into BACKUP_DIR, then dumps older than BACKUP_KEEP_DAYS are removed.
# Restore (tested by tests/load/backup_restore.sh):
#   createdb renda_restore && pg_restore --no-owner --exit-on-error -d renda_restore FILE.dump
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/renda}"
KEEP="${BACKUP_KEEP_DAYS:-30}"
stamp="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$BACKUP_DIR"
umask 077  # the dumps hold citizens' names and phone numbers: readable by the service user only

# Write under a temporary name and rename, so a half-written dump never looks like a good one.
pg_dump --format=custom --compress=6 --no-owner --file="$BACKUP_DIR/renda-$stamp.dump.part" "$DATABASE_URL"
mv "$BACKUP_DIR/renda-$stamp.dump.part" "$BACKUP_DIR/renda-$stamp.dump"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/media-$stamp.tar.gz.part" .
  mv "$BACKUP_DIR/media-$stamp.tar.gz.part" "$BACKUP_DIR/media-$stamp.tar.gz"
fi
find "$BACKUP_DIR" -maxdepth 1 -name 'renda-*.dump' -mtime +"$KEEP" -delete
find "$BACKUP_DIR" -maxdepth 1 -name 'media-*.tar.gz' -mtime +"$KEEP" -delete
echo "backup: $BACKUP_DIR/renda-$stamp.dump ($(du -h "$BACKUP_DIR/renda-$stamp.dump" | cut -f1))"
