// The compiled library (build/ and .jsii) and whether it is older than lib/: shared by the scripts that run it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The newest modification time of the files under `dir` whose names match `pattern` (0 when there are none). */
function newest(dir, pattern) {
  if (!fs.existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && pattern.test(entry.name)) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** A file's modification time (0 when it does not exist). */
function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

/** Runs a command in the repository root with its output on stderr (stdout may be a CLI's manifests); exits on failure. */
function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    console.error(`✗ ${what} failed`);
    process.exit(1);
  }
}

/** Builds the library with jsii (`npm run build`) when build/ is missing or a file in lib/ is newer than the assembly. */
function ensureLibraryBuilt() {
  if (fs.existsSync(path.join(root, 'build', 'index.js')) && newest(path.join(root, 'lib'), /\.ts$/) <= mtime(path.join(root, '.jsii'))) return;
  console.error('Building the library (jsii): lib/ changed since build/ ...');
  run(process.execPath, [require.resolve('jsii/bin/jsii'), '--silence-warnings=reserved-word'], 'building the library (npm run build)');
}

module.exports = { ensureLibraryBuilt, mtime, newest, root, run };
