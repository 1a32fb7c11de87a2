// A contending process for the fslock benchmark harness, using npm's proper-lockfile. Same file
// protocol as dev.fslock.bench.proc.Worker (see its Javadoc):
//
//   node proper_lockfile_worker.js VARIANT ID DIR LOCK rounds|recover
//
// VARIANT: proper-lockfile (mkdir LOCK.lock; stale after `stale` ms without an mtime update).
// proper-lockfile does not wait by default (retries: 0); we give it retries with backoff like
// fslock's: 1 ms doubling to 20 ms, randomized. stale: 2000 ms, the smallest it accepts (its
// default is 10000 ms). process.hrtime.bigint() reads CLOCK_MONOTONIC (libuv's uv_hrtime).
'use strict';
const fs = require('fs');
const path = require('path');
const lockfile = require('proper-lockfile');

const [variant, widS, dir, lock, mode] = process.argv.slice(2);
const wid = Number(widS);
const mono = () => process.hrtime.bigint();
const opts = {
  stale: 2000,
  retries: { retries: 20, forever: true, factor: 2, minTimeout: 1, maxTimeout: 20, randomize: true },
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function write(p, content) {
  fs.writeFileSync(p + '.tmp', content);
  fs.renameSync(p + '.tmp', p);
}

async function awaitFile(p) {
  for (;;) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
      await sleep(2);
    }
  }
}

async function sleepUntil(deadline) {
  while (mono() < deadline) {
    const left = Number(deadline - mono()) / 1e6;
    await sleep(Math.max(0, Math.min(left, 1)));
  }
}

function cpuNanos() {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
}

async function main() {
  if (variant !== 'proper-lockfile') throw new Error('unknown variant ' + variant);
  fs.closeSync(fs.openSync(lock, 'a')); // proper-lockfile locks an existing file (realpath)
  const warm = path.join(dir, `warm-${wid}-${process.pid}`);
  fs.closeSync(fs.openSync(warm, 'a'));
  for (let i = 0; i < 200; i++) {
    const release = await lockfile.lock(warm, opts);
    await release();
  }
  if (mode === 'recover') {
    write(path.join(dir, `ready-${wid}`), String(process.pid));
    await lockfile.lock(lock, { ...opts, onCompromised: () => {} });
    const acquired = mono();
    write(path.join(dir, `acq-${wid}`), `${process.pid} ${acquired}`);
    await sleep(60000);
    return;
  }
  write(path.join(dir, `ready-${wid}`), '');
  for (let round = 1; ; round++) {
    const f = (await awaitFile(path.join(dir, `round-${round}`))).trim().split(' ');
    if (f[0] === 'exit') return;
    const k = Number(f[1]);
    if (wid >= k) continue;
    const cs = BigInt(f[2]);
    const spin = f[3] === 'spin';
    const start = BigInt(f[4]);
    const end = BigInt(f[5]);
    const log = [];
    await sleepUntil(start);
    const cpu0 = cpuNanos();
    if (f[0] === 'idle') {
      await sleepUntil(end);
    } else {
      while (mono() < end) {
        const waitStart = mono();
        const release = await lockfile.lock(lock, opts);
        const acquired = mono();
        if (spin) {
          while (mono() - acquired < cs) { /* critical section */ }
        } else {
          await sleep(Number(cs / 1000000n));
        }
        const releaseStart = mono();
        await release();
        log.push(`${waitStart} ${acquired} ${releaseStart}\n`);
      }
    }
    const cpu1 = cpuNanos();
    write(path.join(dir, `r-${round}-w-${wid}.tsv`),
      `# pid ${process.pid} cpu_ns ${cpu1 - cpu0} window_ns ${end - start}\n` + log.join(''));
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
