// The npm package ltpa (Domino-style LtpaToken) measured the way LtpaBench measures ours: a long-lived worker,
// driven by tests/Benchmarks/Ltpa.bench.ps1 through stdin ("warmup <s>", "round <s>", "quit").
// Usage: node npm-ltpa-worker.js <directory holding node_modules/ltpa> <Domino secret, Base64>
'use strict';
const path = require('path');
const readline = require('readline');
const ltpa = require(path.join(process.argv[2], 'node_modules', 'ltpa'));

const domain = 'example.com';
ltpa.setSecrets({ [domain]: process.argv[3] });
const mint = (i) => ltpa.generate(ltpa.generateUserNameBuf('CN=User ' + i + '/O=Example'), domain);
const tokens = Array.from({ length: 256 }, (_, i) => mint(i));
tokens.forEach((token) => ltpa.validate(token, domain)); // throws when a token does not validate

let sink;
const work = [
  ['domino-mint', (i) => mint(i)],
  ['domino-validate', (i) => ltpa.validate(tokens[i & 255], domain)],
];

// Runs for the given wall-clock time; the rate is per second of this process's user CPU time, the divisor
// `openssl speed` uses (without -elapsed) and the .NET worker uses too.
function measure(run, seconds) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let count = 0;
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < 32; i++) {
      sink = run(count++);
    }
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const cpu = process.cpuUsage(cpuStart);
  return count / Math.max(cpu.user / 1e6, 1e-6);
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, value] = line.trim().split(/\s+/);
  const seconds = Number(value || 1);
  if (command === 'warmup') {
    const start = Date.now();
    while (Date.now() - start < seconds * 1000) {
      work.forEach(([, run]) => measure(run, 0.05));
    }
    process.stdout.write('ready\n');
  } else if (command === 'round') {
    const lines = work.map(([name, run]) => name + '=' + Math.round(measure(run, seconds)));
    process.stdout.write(lines.join('\n') + '\nend\n');
  } else {
    input.close();
  }
});
input.on('close', () => process.exit(sink === 0 ? 1 : 0));
