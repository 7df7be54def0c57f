#!/usr/bin/env bash
# `npm run test:docker5`: the Docker-facing mock tests again with @pulumi/docker 5, which the
# peer range `^4.11.2 || ^5` admits. Installs it without saving (package.json and
# package-lock.json stay as they are) and puts the locked version back however the run ends.
# Mocha's dot reporter: its summary is not the suite's closing line, which `npm test` prints.
set -euo pipefail
cd "$(dirname "$0")/.."

restore() { npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null; }
trap restore EXIT

npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error @pulumi/docker@5 >/dev/null
version=$(node -p 'require("@pulumi/docker/package.json").version')
case "$version" in 5.*) ;; *) echo "test:docker5: expected @pulumi/docker 5.x, got $version" >&2; exit 1 ;; esac
echo "test:docker5: @pulumi/docker $version"
npx mocha --reporter dot \
  test/component/deployment.test.ts test/component/programs.test.ts test/component/inputs.test.ts test/component/secrets.test.ts \
  test/diff/preview.test.ts test/policy/docker-target.test.ts
