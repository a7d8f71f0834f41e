// Summarises a JFR recording for bench/run --profile (JDK 17 has no `jfr view`): where the CPU went, what was
// allocated, the GC and the machine's load, as shares of samples.
//
// Usage: node bench/jfr-hot.mjs <recording.jfr> [requests served during the recording] [top=15]
// Reads `jfr print` output (JDK 17's text form) of jdk.ExecutionSample (threads running Java code),
// jdk.NativeMethodSample (threads inside native code), jdk.ObjectAllocationSample (where allocation happens, as
// shares: its weights are estimates), jdk.ThreadAllocationStatistics (how much, exactly: per-thread counters at the
// recording's start and end), jdk.GarbageCollection and jdk.CPULoad.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const [file, requestsArg = '0', topArg = '15'] = process.argv.slice(2);
const requests = Number(requestsArg);
const top = Number(topArg);
if (!file) {
  console.error('usage: node bench/jfr-hot.mjs <recording.jfr> [requests] [top]');
  process.exit(2);
}

// Libraries by package prefix, first match wins.
const LIBRARIES = [
  ['io.ttsgateway.', 'gateway'],
  ['reactor.netty.', 'reactor-netty'],
  ['reactor.', 'reactor-core'],
  ['io.netty.', 'netty'],
  ['io.lettuce.', 'lettuce'],
  ['io.github.bucket4j.', 'bucket4j'],
  ['io.github.resilience4j.', 'resilience4j'],
  ['io.micrometer.', 'micrometer'],
  ['io.prometheus.', 'micrometer'],
  ['ch.qos.logback.', 'logback'],
  ['org.slf4j.', 'logback'],
  ['tools.jackson.', 'jackson'],
  ['com.fasterxml.jackson.', 'jackson'],
  ['org.springframework.', 'spring'],
  ['sun.security.', 'jdk-crypto'],
  ['java.security.', 'jdk-crypto'],
  ['com.sun.crypto.', 'jdk-crypto'],
  ['java.', 'jdk'],
  ['jdk.', 'jdk'],
  ['sun.', 'jdk'],
];
const IDLE = /epollWait|EPoll\.wait|Unsafe\.park|Object\.wait|Thread\.sleep|accept0|socketAccept|poll0/;

function library(frame) {
  for (const [prefix, name] of LIBRARIES) if (frame.startsWith(prefix)) return name;
  return frame.split('.').slice(0, 2).join('.');
}
const method = (frame) => frame.replace(/\(.*$/, '');
const thread = (value) => (value ?? '?').replace(/^"([^"]*)".*$/, '$1').replace(/\d+/g, 'N');

function bytes(value) {
  const m = /([\d.]+)\s*(bytes|byte|kB|MB|GB)/.exec(value ?? '');
  if (!m) return 0;
  return Number(m[1]) * { byte: 1, bytes: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2]];
}
function millis(value) {
  const m = /([\d.]+)\s*(ns|us|μs|ms|s)\b/.exec(value ?? '');
  if (!m) return 0;
  return Number(m[1]) * { ns: 1e-6, us: 1e-3, μs: 1e-3, ms: 1, s: 1000 }[m[2]];
}
const percent = (value) => Number(/([\d.]+)%/.exec(value ?? '')?.[1] ?? NaN);

const counts = {
  self: new Map(), selfLib: new Map(), anyLib: new Map(), gateway: new Map(), threads: new Map(),
  native: new Map(), allocClass: new Map(), allocSite: new Map(),
};
let samples = 0;
let nativeSamples = 0;
let allocated = 0;
const threadAllocated = new Map();
let gcCount = 0;
let gcPause = 0;
let first = null;
let last = null;
const cpu = { jvm: [], machine: [] };
const add = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

function event(type, fields, stack) {
  const time = fields.startTime;
  if (time) {
    first ??= time;
    last = time;
  }
  if (type === 'jdk.ExecutionSample') {
    samples += 1;
    add(counts.threads, thread(fields.sampledThread));
    if (stack.length === 0) return;
    add(counts.self, method(stack[0]));
    add(counts.selfLib, library(stack[0]));
    for (const lib of new Set(stack.map(library))) add(counts.anyLib, lib);
    for (const m of new Set(stack.filter((f) => f.startsWith('io.ttsgateway.')).map(method))) add(counts.gateway, m);
  } else if (type === 'jdk.NativeMethodSample') {
    if (stack.length === 0 || IDLE.test(stack[0])) return;
    nativeSamples += 1;
    const caller = stack.find((f) => !/^(java|jdk|sun)\./.test(f));
    add(counts.native, `${method(stack[0])} <- ${caller ? method(caller) : '(jdk)'}`);
  } else if (type === 'jdk.ObjectAllocationSample') {
    const weight = bytes(fields.weight);
    allocated += weight;
    add(counts.allocClass, (fields.objectClass ?? '?').replace(/ \(classLoader.*$/, ''), weight);
    const site = stack.find((f) => !/^(java|jdk|sun)\./.test(f)) ?? stack[0] ?? '?';
    add(counts.allocSite, method(site), weight);
  } else if (type === 'jdk.ThreadAllocationStatistics') {
    const seen = threadAllocated.get(fields.thread) ?? { first: bytes(fields.allocated), last: 0 };
    seen.last = bytes(fields.allocated);
    threadAllocated.set(fields.thread, seen);
  } else if (type === 'jdk.GarbageCollection') {
    gcCount += 1;
    gcPause += millis(fields.sumOfPauses);
  } else if (type === 'jdk.CPULoad') {
    cpu.jvm.push(percent(fields.jvmUser) + percent(fields.jvmSystem));
    cpu.machine.push(percent(fields.machineTotal));
  }
}

const events = 'jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ObjectAllocationSample,jdk.ThreadAllocationStatistics,'
  + 'jdk.GarbageCollection,jdk.CPULoad';
const jfr = spawn('jfr', ['print', '--events', events, '--stack-depth', '96', file], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let type = null;
let fields = {};
let stack = [];
let inStack = false;
for await (const line of createInterface({ input: jfr.stdout })) {
  let m;
  if ((m = /^(jdk\.\w+) \{$/.exec(line))) {
    type = m[1];
    fields = {};
    stack = [];
    inStack = false;
  } else if (line === '}') {
    if (type) event(type, fields, stack);
    type = null;
  } else if (inStack) {
    if (/^\s*\]$/.test(line)) inStack = false;
    else if (!/^\s*\.\.\.$/.test(line)) stack.push(line.trim().replace(/ line: \d+$/, ''));
  } else if (/^\s+stackTrace = \[$/.test(line)) {
    inStack = true;
  } else if ((m = /^\s+(\w+) = (.*)$/.exec(line))) {
    fields[m[1]] = m[2];
  }
}
const code = await new Promise((resolve) => jfr.on('close', resolve));
if (code !== 0) process.exit(code);

const avg = (xs) => {
  const known = xs.filter(Number.isFinite);
  return known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
};
const pct = (n, total) => `${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
const mb = (n) => `${(n / 1024 ** 2).toFixed(0).padStart(6)} MB`;
const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
function section(title, map, total, format = (n) => pct(n, total), limit = top) {
  console.log(`\n${title}`);
  for (const [key, n] of sorted(map).slice(0, limit)) console.log(`  ${format(n)}  ${key}`);
}

const exact = [...threadAllocated.values()].reduce((sum, t) => sum + Math.max(0, t.last - t.first), 0);
const perRequest = requests > 0
  ? `, ${(exact / requests / 1024).toFixed(0)} KiB per request (${requests} requests)`
  : '';
console.log(`JFR ${file}: ${first} to ${last}`);
console.log(`${samples} execution samples (threads running Java code; time inside native calls such as socket writes`
  + ` is in the native section), ${gcCount} GCs with ${gcPause.toFixed(0)} ms of pauses`);
console.log(`allocated by Java threads: ${mb(exact).trim()}${perRequest}`);
console.log(`CPU (jdk.CPULoad, share of all cores): this JVM ${avg(cpu.jvm).toFixed(0)} %,`
  + ` whole machine ${avg(cpu.machine).toFixed(0)} %`);
section(`Top ${top} methods by own samples (the frame on top of the stack)`, counts.self, samples);
section('Libraries by own samples', counts.selfLib, samples, undefined, 12);
section('Libraries anywhere on the stack (inclusive; a sample counts once per library)', counts.anyLib, samples,
  undefined, 12);
section(`Gateway methods anywhere on the stack (inclusive), top ${top}`, counts.gateway, samples);
section('Threads', counts.threads, samples, undefined, 8);
section(`Native code, not waiting (${nativeSamples} samples): top frame <- first non-JDK caller`, counts.native,
  nativeSamples, undefined, 8);
section('Allocation by class (share of sampled weight)', counts.allocClass, allocated, undefined, 10);
section('Allocation by site (first non-JDK frame; share of sampled weight)', counts.allocSite, allocated,
  undefined, 12);
