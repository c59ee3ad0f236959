// Child process of scripts/bench.js: runs one task and reports its peak memory on exit.
// Usage: node measured.js prepare FILE ARGS... | node measured.js bare FILE
import { createReadStream } from 'node:fs';

const [task, ...args] = process.argv.slice(2);

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stderr.write(`\nBENCH ${JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs })}\n`);
});

if (task === 'prepare') {
  const { main } = await import('../../dist/cli.js');
  const code = await main(['prepare', ...args]);
  process.exitCode = code;
} else if (task === 'bare') {
  // The floor: stream the file, split lines, JSON.parse each one.
  let rest = '';
  let rows = 0;
  const stream = createReadStream(args[0], { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      JSON.parse(line);
      rows++;
    }
  }
  if (rest) {
    JSON.parse(rest);
    rows++;
  }
  process.stdout.write(`${rows}\n`);
} else {
  process.stderr.write(`unknown task ${task}\n`);
  process.exitCode = 2;
}
