// A fake streaming TTS provider for bench/run: it answers any POST with 200 audio/mpeg, sent as CHUNKS chunks
// INTERVAL_MS apart (the first at once, as soon as the request body has arrived), each chunk written when its time
// comes on a schedule counted from that moment, so timer drift does not add up. GET /health answers 200 (the
// gateway probes Phoenix there).
//
// Usage: node bench/slow-provider.mjs <port> <audio file> [chunks=10] [interval_ms=100]
// The audio file is cut into the chunks, so every answer carries the same bytes.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, file, chunksArg = '10', intervalArg = '100'] = process.argv.slice(2);
const audio = readFileSync(file);
const chunks = Number(chunksArg);
const interval = Number(intervalArg);
const size = Math.ceil(audio.length / chunks);
const parts = Array.from({ length: chunks }, (_, i) => audio.subarray(i * size, (i + 1) * size));

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    const start = performance.now();
    res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
    let next = 0;
    let timer;
    const send = () => {
      res.write(parts[next]);
      next += 1;
      if (next === chunks) {
        res.end();
        return;
      }
      timer = setTimeout(send, Math.max(0, start + next * interval - performance.now()));
    };
    res.on('close', () => clearTimeout(timer));
    send();
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(Number(port), '127.0.0.1');
