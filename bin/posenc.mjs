#!/usr/bin/env node
// posenc.mjs: the command line for lesson authors (npx posenc …).
//   posenc check <folder>                 validate a lesson folder (bin/check.mjs); exit 1 on problems
//   posenc preview <folder> [--port N]    serve it beside the built-in lessons, reload on save (bin/preview.mjs)
// Leaves out: building posenc itself (npm run build).
import path from 'node:path';
import { checkFolder, formatProblem } from './check.mjs';

const USAGE = `usage: posenc check <folder>
       posenc preview <folder> [--port <n>]`;

async function main(argv) {
  const [command, folder, ...rest] = argv;
  if (!['check', 'preview'].includes(command) || !folder) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'check') {
    const { lessons, problems } = await checkFolder(path.resolve(folder));
    for (const p of problems) console.log(formatProblem(p));
    if (problems.length) {
      console.log(`posenc check: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${folder}`);
      return 1;
    }
    console.log(`posenc check: ${lessons.join(', ')}: no problems`);
    return 0;
  }
  const i = rest.indexOf('--port');
  const port = i >= 0 ? Number(rest[i + 1]) : 8090;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port ${rest[i + 1]} must be an integer from 0 to 65535`);
    return 2;
  }
  const { startPreview } = await import('./preview.mjs');
  const preview = await startPreview({ folder: path.resolve(folder), port });
  console.log(`posenc preview: ${preview.lessons.map((id) => `${preview.url}?lesson=${id}`).join('  ')}`);
  console.log('posenc preview: watching for changes (Ctrl+C stops)');
  return null;
}

main(process.argv.slice(2)).then((code) => { if (code !== null) process.exitCode = code; }, (err) => {
  console.error(`posenc: ${err.message}`);
  process.exitCode = 1;
});
