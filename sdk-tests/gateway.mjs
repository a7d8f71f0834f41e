// Starts the real gateway jar in front of a fake provider (a real HTTP server on loopback) for the SDK tests.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

// Paths from this file, so that bench/ can start a gateway the same way from its own folder.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const KEY = 'sdk-test-key';
export const SMALL_KEY = 'sdk-small-budget-key';
/** A client whose limits are far above what a benchmark of a few hundred sockets reaches. */
export const BENCH_KEY = 'sdk-bench-key';
export const AUDIO = Buffer.from('ID3-fake-mp3-audio');

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** An ElevenLabs-shaped timestamps object: the audio, and the text's characters 0.1 s each from `from`. */
function timed(audio, text, from) {
  const characters = [...text];
  const alignment = {
    characters,
    character_start_times_seconds: characters.map((_, i) => +(from + i * 0.1).toFixed(3)),
    character_end_times_seconds: characters.map((_, i) => +(from + (i + 1) * 0.1).toFixed(3)),
  };
  return JSON.stringify({ audio_base64: audio.toString('base64'), alignment, normalized_alignment: alignment });
}

/**
 * Silent audio as long as `seconds` in the query's output_format, so that the gateway, which reads a chunk's duration
 * from its bytes (PCM, μ-law, A-law, constant-bitrate MP3), places each line's characters where its audio starts.
 */
function silence(url, seconds) {
  const format = new URL(url, 'http://x').searchParams.get('output_format') ?? 'mp3_44100_128';
  const [codec, rate, kbps] = format.split('_');
  const bytesPerSecond = { pcm: 2 * rate, ulaw: Number(rate), alaw: Number(rate) }[codec] ?? (kbps * 1000) / 8;
  return Buffer.alloc(2 * Math.round((seconds * bytesPerSecond) / 2));
}

/**
 * A provider with the ElevenLabs-shaped API: every synthesis answers AUDIO, in two chunks; the timestamps stream
 * answers the text's characters, half in each of two lines.
 * @param timedAudio the timestamps stream's lines carry silence as long as their characters (0.1 s each) instead of
 *   AUDIO, so chunk-relative times can be checked
 * @param lineDelayMs how long the timestamps stream waits before each line: a provider slower than loopback
 */
export async function fakeProvider({ timedAudio = false, lineDelayMs = 0 } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.url.endsWith('/health')) { res.end('{}'); return; }
      requests.push({ url: req.url, body });
      if (req.url.includes('/with-timestamps')) {
        // ElevenLabs' timestamps shapes: one JSON object, or one per line on the stream path.
        const text = JSON.parse(body).text;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        if (req.url.includes('/stream/')) {
          const chars = [...text];
          const half = Math.ceil(chars.length / 2);
          const audio = (from, to) => {
            if (timedAudio) return silence(req.url, (to - from) * 0.1);
            return from === 0 ? AUDIO.subarray(0, 4) : AUDIO.subarray(4);
          };
          const first = chars.slice(0, half).join('');
          const second = chars.slice(half).join('');
          setTimeout(() => {
            res.write(`${timed(audio(0, half), first, 0)}\n`);
            setTimeout(() => res.end(`${timed(audio(half, chars.length), second, half * 0.1)}\n`), 20 + lineDelayMs);
          }, lineDelayMs);
        } else {
          res.end(timed(AUDIO, text, 0));
        }
        return;
      }
      res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
      res.write(AUDIO.subarray(0, 4));
      setTimeout(() => res.end(AUDIO.subarray(4)), 20);
    });
  });
  // Longer than the gateway keeps a pooled connection idle: Node's 5 s default closes connections the gateway is
  // just reusing, which it sees as resets before the first byte.
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { requests, url: `http://127.0.0.1:${server.address().port}/v1`, close: () => server.close() };
}

/** @param providerUrl Phoenix's base URL, or null for the offline engine alone (real speech). */
export async function startGateway(providerUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-sdk-'));
  const clients = join(dir, 'clients.yml');
  writeFileSync(clients, `clients:
  - id: sdk
    key-sha256: ${sha256(KEY)}
    rate: {requests-per-minute: 1000, burst: 1000}
  - id: small
    key-sha256: ${sha256(SMALL_KEY)}
    rate: {requests-per-minute: 1000, burst: 1000}
    budget: {chars-per-day: 10}
  - id: bench
    key-sha256: ${sha256(BENCH_KEY)}
    rate: {requests-per-minute: 100000, burst: 100000}
    max-concurrent-streams: 10000
`);
  const port = await freePort();
  const child = spawn('java', ['-jar', join(ROOT, 'gateway/target/tts-gateway.jar')], {
    env: {
      ...process.env,
      PORT: String(port),
      ...(providerUrl ? { PHOENIX_TTS_BASE_URL: providerUrl, LOCAL_TTS_ENABLED: 'false' } : {}),
      GATEWAY_CLIENTS_FILE: clients,
      GATEWAY_VOICES_FILE: join(ROOT, 'config/voices.yml'),
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) {
        return { base, stop: () => child.kill('SIGTERM'), output: () => output };
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not start:\n${output}`);
}
