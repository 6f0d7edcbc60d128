/**
 * `npm run --silent bench:profile -- <file.cpuprofile> [seconds]`: where a server's CPU went in the
 * last `seconds` (default 8.5) before it stopped, as the share of its busy time (idle left out) by
 * package (`node_modules/<name>`), Node's own modules, our libs, and the runtime's native work
 * (socket writes, garbage collection); then the functions with the most self time. Made for the
 * profiles `BENCH_CPU_PROF=dir BENCH_ONLY=<one scenario> npm run bench` writes: their last seconds
 * are that scenario's load. README, Performance, quotes its output.
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What a frame belongs to: a package, a Node module, one of our libs or apps, or native work. */
export function owner(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const ours = /\/((libs|apps)\/[^/]+)\//.exec(url);
  return ours ? ours[1] : url;
}

function main(): void {
  const [file, seconds = '8.5'] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench:profile <file.cpuprofile> [seconds]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  // The last second is the server stopping; the window before it is the scenario's load.
  const to = times[times.length - 1] - 1e6;
  const from = to - Number(seconds) * 1e6;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (times[i] < from || times[i] > to) return;
    const frame = nodes.get(id)!.callFrame;
    const delta = profile.timeDeltas[i];
    total += delta;
    const who = owner(frame);
    byOwner.set(who, (byOwner.get(who) ?? 0) + delta);
    const fn = `${who} ${frame.functionName || '(anonymous)'}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  });
  const busy = total - (byOwner.get('(idle)') ?? 0);
  const share = (v: number) => `${((v / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(`${(total / 1e6).toFixed(1)} s of samples, busy ${((busy / total) * 100).toFixed(0)} % of them; shares of busy time:`);
  for (const [who, v] of [...byOwner].sort((a, b) => b[1] - a[1]).filter(([who]) => who !== '(idle)').slice(0, 20)) console.log(`${share(v)}  ${who}`);
  console.log('functions with the most self time:');
  for (const [fn, v] of [...byFunction].sort((a, b) => b[1] - a[1]).filter(([fn]) => !fn.startsWith('(idle)')).slice(0, 12)) console.log(`${share(v)}  ${fn}`);
}

if (require.main === module) main();
