// A fake streaming TTS provider for bench/run: it answers any POST with 200 audio/mpeg, sent as CHUNKS chunks
// INTERVAL_MS apart (the first at once, as soon as the request body has arrived), each chunk written when its time
// comes on a schedule counted from that moment, so timer drift does not add up. GET /health answers 200 (the
// gateway probes Phoenix there). A POST to a …/with-timestamps path gets the same chunks as ElevenLabs' timestamps
// lines (API.md §7: one JSON object per line, its audio in base64 and its share of the text's characters, 50 ms each),
// for bench/sockets.mjs.
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

/** The chunks as timestamps lines, the text's characters shared out among them in order. */
function timestampLines(text) {
  const characters = [...text];
  const per = Math.ceil(characters.length / chunks);
  return parts.map((part, i) => {
    const mine = characters.slice(i * per, (i + 1) * per);
    const starts = mine.map((_, k) => (i * per + k) * 0.05);
    const alignment = {
      characters: mine,
      character_start_times_seconds: starts,
      character_end_times_seconds: starts.map((t) => t + 0.05),
    };
    return `${JSON.stringify({ audio_base64: part.toString('base64'), alignment, normalized_alignment: alignment })}\n`;
  });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const start = performance.now();
    const lines = req.url.includes('/with-timestamps') ? timestampLines(JSON.parse(body).text) : null;
    res.writeHead(200, { 'Content-Type': lines ? 'application/x-ndjson' : 'audio/mpeg' });
    let next = 0;
    let timer;
    const send = () => {
      res.write(lines ? lines[next] : parts[next]);
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
