// Jest global setup and teardown: every temporary directory a test run makes (cdktf's and cdk8s's Testing apps make
// one per synthesis, thousands per run; ours make some more) goes under one directory of the run, removed at the end,
// so that test runs do not fill the machine's temporary directory. Workers start after the setup and inherit TMPDIR.
const fs = require('fs');
const os = require('os');
const path = require('path');

const KEY = 'ML_PLATFORM_TEST_TMPDIR';

module.exports.setup = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-jest-'));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
};

module.exports.teardown = async () => {
  const dir = process.env[KEY];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
