// Opens N streaming requests at once and measures each one's time to first body byte, for bench/run.
//
// Usage: node bench/streams.mjs <url> <n> <expected bytes> [timeout_s=60]
// Environment: BENCH_KEY (sent as Authorization: Bearer), BENCH_BODY (the JSON body), BENCH_CACHE_CONTROL (sent as
// Cache-Control when set).
// Prints one line: BENCH n=… served=… ttfb_p50_ms=… ttfb_p99_ms=… ttfb_max_ms=… total_p50_ms=… total_max_ms=…
// errors=<kind:count,…>. "Served" means status 200 and exactly the expected bytes, ended cleanly.
// Each request gets its own connection (no keep-alive), all opened in the same tick, as a burst of callers would.
import http from 'node:http';

const [url, nArg, expectedArg, timeoutArg = '60'] = process.argv.slice(2);
const n = Number(nArg);
const expected = Number(expectedArg);
const timeoutMs = Number(timeoutArg) * 1000;
const body = Buffer.from(process.env.BENCH_BODY ?? '{"text":"Hello."}');
const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
if (process.env.BENCH_CACHE_CONTROL) {
  headers['Cache-Control'] = process.env.BENCH_CACHE_CONTROL;
}
if (process.env.BENCH_KEY) {
  headers.Authorization = `Bearer ${process.env.BENCH_KEY}`;
}
const agent = new http.Agent({ keepAlive: false, maxSockets: n + 16 });

function one() {
  return new Promise((resolve) => {
    const start = performance.now();
    let ttfb = null;
    let bytes = 0;
    let settled = false;
    const finish = (error) => {
      if (!settled) {
        settled = true;
        resolve({ ttfb, total: performance.now() - start, bytes, error });
      }
    };
    const req = http.request(url, { method: 'POST', headers, agent, timeout: timeoutMs }, (res) => {
      res.on('data', (chunk) => {
        if (ttfb === null && chunk.length > 0) {
          ttfb = performance.now() - start;
        }
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) finish(`status:${res.statusCode}`);
        else if (bytes !== expected) finish(`bytes:${bytes}`);
        else finish(null);
      });
      res.on('error', (e) => finish(e.code ?? 'response-error'));
      res.on('aborted', () => finish('aborted'));
    });
    req.on('timeout', () => {
      req.destroy();
      finish('timeout');
    });
    req.on('error', (e) => finish(e.code ?? 'request-error'));
    req.end(body);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const results = await Promise.all(Array.from({ length: n }, one));
const ttfbs = results.filter((r) => r.ttfb !== null).map((r) => r.ttfb).sort((a, b) => a - b);
const totals = results.filter((r) => r.error === null).map((r) => r.total).sort((a, b) => a - b);
const errors = {};
for (const r of results) {
  if (r.error !== null) errors[r.error] = (errors[r.error] ?? 0) + 1;
}
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'nan');
console.log([
  'BENCH',
  `n=${n}`,
  `served=${totals.length}`,
  `ttfb_p50_ms=${fmt(percentile(ttfbs, 50))}`,
  `ttfb_p99_ms=${fmt(percentile(ttfbs, 99))}`,
  `ttfb_max_ms=${fmt(ttfbs[ttfbs.length - 1])}`,
  `total_p50_ms=${fmt(percentile(totals, 50))}`,
  `total_max_ms=${fmt(totals[totals.length - 1])}`,
  `errors=${Object.entries(errors).map(([k, v]) => `${k}:${v}`).join(',') || 'none'}`,
].join(' '));
