// The code blocks of README.md that tests run, so that the README stays true:
// - the first TypeScript block: the README's first example, a whole program;
// - blocks marked with an HTML comment `<!-- packaged-use: NAME -->` on the line before them (the quick start).
const fs = require('fs');
const path = require('path');

const README = path.resolve(__dirname, '..', 'README.md');

/** The fenced code blocks of a Markdown text: language, code, and the name of the marker before it (if any). */
function codeBlocks(markdown = fs.readFileSync(README, 'utf-8')) {
  const blocks = [];
  const fence = /^(?:<!-- packaged-use: ([^\s]+) -->\n)?```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
    blocks.push({ marker: m[1], lang: m[2], code: m[3] });
  }
  return blocks;
}

/** The README's first example: its first TypeScript block. */
function firstExample(markdown) {
  const block = codeBlocks(markdown).find((b) => b.lang === 'ts');
  if (!block) throw new Error('README.md has no ```ts block');
  return block.code;
}

/** The block marked `<!-- packaged-use: NAME -->`. */
function marked(name, markdown) {
  const block = codeBlocks(markdown).find((b) => b.marker === name);
  if (!block) throw new Error(`README.md has no block marked <!-- packaged-use: ${name} -->`);
  return block.code;
}

/** The commands of a shell block: one per line, without comments and blank lines. */
function commands(code) {
  return code.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** The packages an `npm install` line names (its flags left out). */
function installedPackages(command) {
  const words = command.split(/\s+/);
  if (words[0] !== 'npm' || words[1] !== 'install') throw new Error(`not an npm install command: ${command}`);
  return words.slice(2).filter((w) => !w.startsWith('-'));
}

module.exports = { codeBlocks, commands, firstExample, installedPackages, marked };
