#!/usr/bin/env bash
# Copies pinned front-end packages from the npm registry into static/vendor/.
# Reproducible: the versions are fixed here; run it again and `git diff` shows nothing.
# The portal runs on a government intranet, so nothing may load from a CDN. Chart.js is loaded only
# by the pages that draw (their {% block scripts %}), not by base.html.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
ICONS=1.13.2
CHARTJS=4.6.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" "chart.js@$CHARTJS" >/dev/null)
for f in "$tmp"/*.tgz; do d="$tmp/$(basename "$f" .tgz)"; mkdir -p "$d"; tar -xzf "$f" -C "$d"; done
out=static/vendor
rm -rf "$out"; mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/chartjs"
bs="$tmp/bootstrap-$BOOTSTRAP/package/dist"
cp "$bs/css/bootstrap.min.css" "$bs/css/bootstrap.min.css.map" "$out/bootstrap/"
cp "$bs/js/bootstrap.bundle.min.js" "$bs/js/bootstrap.bundle.min.js.map" "$out/bootstrap/"
bi="$tmp/bootstrap-icons-$ICONS/package/font"
cp "$bi/bootstrap-icons.min.css" "$out/bootstrap-icons/"
cp "$bi/fonts/bootstrap-icons.woff2" "$bi/fonts/bootstrap-icons.woff" "$out/bootstrap-icons/fonts/"
cp "$tmp/chart.js-$CHARTJS/package/dist/chart.umd.min.js" "$out/chartjs/"
[ -f "$tmp/chart.js-$CHARTJS/package/dist/chart.umd.min.js.map" ] && cp "$tmp/chart.js-$CHARTJS/package/dist/chart.umd.min.js.map" "$out/chartjs/" || true
cat > "$out/VERSIONS" <<TXT
bootstrap $BOOTSTRAP
bootstrap-icons $ICONS
chart.js $CHARTJS
TXT
echo "vendored into $out"
