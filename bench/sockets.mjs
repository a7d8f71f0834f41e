// Opens N WebSocket text-input conversations (API.md §8) at once and measures each one, as a burst of voice agents
// would: a first message, a three-sentence reply one word per message (LiveKit's way), {"text": ""}, then it waits for
// the gateway to close.
//
// Usage (the ws package comes from sdk-tests, so run `cd sdk-tests && npm ci` once in a fresh clone):
//   node bench/sockets.mjs <target> <n> [timeout_s=60]
//     target  ws://host:port   a running gateway; the key in BENCH_KEY goes in the xi-api-key header
//             fake             starts gateway/target/tts-gateway.jar in front of sdk-tests' fake provider (instant
//                              answers of a few bytes of audio, with the alignment of every character: what remains
//                              is the gateway's own cost) with a client whose limits are far above N
//             offline          the same jar on its offline engine alone (real synthesis, on this machine's cores)
//             (fake and offline first run two unmeasured bursts of min(n, 50) sockets, so the JIT has warmed up)
//   e.g. node bench/sockets.mjs fake 200
//        BENCH_KEY=ttsk_… node bench/sockets.mjs ws://127.0.0.1:8080 200   (the development key allows only 10
//        streams at once and a burst of 20: the rest are refused with 429, counted under errors)
// Environment: BENCH_FORMAT (output_format, default pcm_24000), BENCH_VOICE (default narrator).
//
// Per socket: TTFA = from its first text message to its first audio message; total = from opening to the close;
// "served" = the close was 1000 after {"isFinal": true} and the audio messages' alignment chars, joined, equal the
// text sent (white space removed, since segments are trimmed). Prints one line:
//   BENCH sockets n=… served=… ttfa_p50_ms=… ttfa_p99_ms=… ttfa_max_ms=… total_p50_ms=… errors=<kind:count,…|none>
//   load1=<the machine's load average as the burst began: the figures are only as quiet as the machine was>
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const WebSocket = createRequire(new URL('../sdk-tests/package.json', import.meta.url))('ws');

const [target, nArg, timeoutArg = '60'] = process.argv.slice(2);
const n = Number(nArg);
if (!target || !(n > 0)) {
  console.error('usage: node bench/sockets.mjs <ws://host:port|fake|offline> <n> [timeout_s=60]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg) * 1000;
const format = process.env.BENCH_FORMAT ?? 'pcm_24000';
const voice = process.env.BENCH_VOICE ?? 'narrator';
const REPLY =
  'Thanks for calling, I can help with that. Your order left our warehouse this morning and should arrive by ' +
  'Thursday afternoon. Is there anything else I can do for you today?';
const squash = (text) => text.replace(/\s+/g, '');

let base = target;
let key = process.env.BENCH_KEY ?? '';
let stop = () => {};
if (target === 'fake' || target === 'offline') {
  const { BENCH_KEY, fakeProvider, startGateway } = await import('../sdk-tests/gateway.mjs');
  // The fake's audio is a few bytes: what the burst costs is then the gateway's own work, not base64 and JSON of
  // audio (which the offline target has, at real sizes).
  const provider = target === 'fake' ? await fakeProvider() : null;
  const gateway = await startGateway(provider?.url ?? null);
  base = gateway.base.replace(/^http/, 'ws');
  key = BENCH_KEY;
  stop = () => {
    // Kept for reading when something failed: the gateway's log (its access-log lines show each segment's outcome).
    const log = join(mkdtempSync(join(tmpdir(), 'bench-sockets-')), 'gateway.log');
    writeFileSync(log, gateway.output());
    console.error(`gateway log: ${log}`);
    gateway.stop();
    provider?.close();
  };
}
const url = `${base}/v1/text-to-speech/${voice}/stream-input?output_format=${format}&inactivity_timeout=60`;

function one() {
  return new Promise((resolve) => {
    const start = performance.now();
    let firstText = null;
    let ttfa = null;
    let final = false;
    let chars = '';
    let error = null;
    let detail = null;
    const ws = new WebSocket(url, { headers: { 'xi-api-key': key } });
    const timer = setTimeout(() => {
      error ??= 'timeout';
      ws.terminate();
    }, timeoutMs);
    ws.on('unexpected-response', (req, res) => {
      error = `http${res.statusCode}`;
      req.destroy();
      res.resume();
    });
    ws.on('error', (e) => { error ??= e.code ?? 'socket-error'; });
    ws.on('open', () => {
      ws.send(JSON.stringify({ text: ' ' }));
      firstText = performance.now();
      for (const word of REPLY.split(' ')) ws.send(JSON.stringify({ text: `${word} ` }));
      ws.send(JSON.stringify({ text: '' }));
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.audio) {
        ttfa ??= performance.now() - firstText;
        chars += (m.alignment?.chars ?? []).join('');
      } else if (m.isFinal) {
        final = true;
      } else if (m.error) {
        error ??= m.error;
        detail ??= m.message;
      }
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      if (!error && code !== 1000) error = `close${code}`;
      if (!error && !final) error = 'no-final';
      if (!error && squash(chars) !== squash(REPLY)) error = 'unspoken-text';
      resolve({ ttfa, total: performance.now() - start, error, detail });
    });
  });
}

const burst = (size) => Promise.all(Array.from({ length: size }, one));
if (target === 'fake' || target === 'offline') {
  for (let i = 0; i < 2; i++) await burst(Math.min(n, 50));
}
const load = loadavg()[0].toFixed(2);
const results = await burst(n);
stop();

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN);
const ms = (v) => (Number.isNaN(v) ? '-' : v.toFixed(1));
const ttfas = results.filter((r) => r.ttfa !== null).map((r) => r.ttfa).sort((a, b) => a - b);
const served = results.filter((r) => !r.error);
const totals = served.map((r) => r.total).sort((a, b) => a - b);
const errors = {};
const details = new Map();
for (const r of results) {
  if (r.error) errors[r.error] = (errors[r.error] ?? 0) + 1;
  if (r.detail) details.set(r.error, r.detail);
}
// The gateway's own words for each kind of failure, once each, for whoever reads the output.
for (const [kind, detail] of details) console.error(`${kind}: ${detail}`);
console.log(
  `BENCH sockets n=${n} served=${served.length} ttfa_p50_ms=${ms(pct(ttfas, 0.5))} ttfa_p99_ms=${ms(pct(ttfas, 0.99))}` +
    ` ttfa_max_ms=${ms(ttfas.at(-1) ?? NaN)} total_p50_ms=${ms(pct(totals, 0.5))}` +
    ` errors=${Object.entries(errors).map(([k, v]) => `${k}:${v}`).join(',') || 'none'} load1=${load}`,
);
