// ElevenLabs' WebSocket text input (API.md §8) as real voice-agent clients use it. Each test replays, message for
// message, what one client version puts on the wire (URL and query, headers, first message, text cut as that client
// cuts it, keep-alives, flush, end) and reads the answers the way that client reads them. The sequences come from the
// clients' sources: LiveKit's Python plugin 1.2.6, LiveKit's JS plugin 1.0.28 and pipecat 0.0.66, the last version
// of each that used stream-input (all three moved to multi-stream-input later).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { KEY, fakeProvider, startGateway } from './gateway.mjs';

let provider;
let gateway;

before(async () => {
  provider = await fakeProvider({ timedAudio: true });
  gateway = await startGateway(provider.url);
});

after(() => {
  gateway?.stop();
  provider?.close();
});

// An LLM's answer long enough for the default chunk_length_schedule (120, 160, …) to cut it into several segments
// while it is still being written.
const REPLY =
  'Sure! The weather today is sunny and warm, with a light breeze from the west. Temperatures will reach ' +
  'twenty-four degrees by the afternoon, so it is a good day for a walk in the park. In the evening a few clouds ' +
  'may roll in, but no rain is expected until the weekend. Enjoy your day!';
const SECOND_REPLY = 'Of course. Tomorrow will be cooler, so bring a jacket to the café if you go out early.';

const squash = (text) => text.replace(/\s+/g, '');
const words = (text) => text.split(' ');
/** Sentences as pipecat's aggregator sends them: up to . ! ?, keeping the leading space of the next token. */
const sentences = (text) => text.match(/[^.!?]+[.!?]/g);

/** Python's json.dumps with its default separators and ensure_ascii, as the Python clients write a message. */
function pyDumps(value) {
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A client socket that keeps every message the gateway sent, and how the connection closed. */
async function connect(path, headers = {}) {
  const ws = new WebSocket(`${gateway.base.replace(/^http/, 'ws')}${path}`, { headers });
  const messages = [];
  let closedWith = null;
  const wake = new Set();
  const closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => {
      closedWith = { code, reason: reason.toString() };
      resolve(closedWith);
      wake.forEach((w) => w());
    });
  });
  ws.on('message', (data, isBinary) => {
    messages.push(isBinary ? { binary: data.length } : JSON.parse(data.toString()));
    wake.forEach((w) => w());
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        req.destroy();
        reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body }));
      });
    });
  });
  return {
    ws,
    messages,
    closed,
    send: (raw) => ws.send(raw),
    /** Resolves once `holds()` is true; fails when the socket closes first or after `ms`. */
    until(holds, what, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (holds()) {
            done();
            resolve();
          } else if (closedWith) {
            done();
            reject(new Error(`closed ${JSON.stringify(closedWith)} before ${what}; got ${summary(messages)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${what} within ${ms} ms; got ${summary(messages)}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          wake.delete(check);
        };
        wake.add(check);
        check();
      });
    },
  };
}

/** Messages without their audio, to read in a failure. */
const summary = (messages) =>
  JSON.stringify(messages.map((m) => (m.audio ? { ...m, audio: `<${m.audio.length} b64>` } : m))).slice(0, 3000);

/** What the audio messages' `alignment` spells, joined: what a client shows as spoken. */
const spoken = (messages) =>
  messages.filter((m) => m.audio != null).flatMap((m) => m.alignment?.chars ?? []).join('');

/** Milliseconds of audio in a message's bytes, for pcm_RATE and mp3_RATE_KBPS. */
function audioMs(format, base64) {
  const bytes = Buffer.from(base64, 'base64').length;
  const [codec, rate, kbps] = format.split('_');
  return codec === 'pcm' ? (bytes / (2 * Number(rate))) * 1000 : (bytes * 8) / Number(kbps);
}

/**
 * What every client relies on (API.md §8, and what the clients index): an audio message has audio and `isFinal`
 * null; each alignment is null or three lists of one non-zero length, its times inside that message's own audio;
 * a final message is {"audio": null, "isFinal": true} on its own, at most once, and last.
 */
function assertWellFormed(messages, format) {
  for (const [i, m] of messages.entries()) {
    const at = `message ${i}: ${summary([m])}`;
    assert.equal(m.error, undefined, at);
    if (m.isFinal === true) {
      assert.equal(m.audio, null, at);
      assert.equal(i, messages.length - 1, `the final message is the last: ${at}`);
      continue;
    }
    assert.equal(typeof m.audio, 'string', at);
    assert.ok(m.audio.length > 0, at);
    assert.equal(m.isFinal, null, at);
    const length = audioMs(format, m.audio);
    for (const name of ['alignment', 'normalizedAlignment']) {
      const a = m[name];
      if (a === null || a === undefined) continue;
      assert.ok(a.chars.length > 0, `${name} with empty lists: ${at}`);
      assert.equal(a.charStartTimesMs.length, a.chars.length, at);
      assert.equal(a.charDurationsMs.length, a.chars.length, at);
      const ends = a.charStartTimesMs.map((s, k) => s + a.charDurationsMs[k]);
      assert.ok(Math.max(...ends) <= length + 1, `${name} times past the message's ${length} ms of audio: ${at}`);
      assert.deepEqual(a.charStartTimesMs, [...a.charStartTimesMs].sort((x, y) => x - y), at);
    }
  }
}

/**
 * LiveKit Python 1.2.6's read loop (tts.py L440-484): an error fails the stream, alignment chars are collected, a
 * message is audio or isFinal or fails as "unexpected 11labs message". Answers the text it collected.
 */
function livekitPythonReads(messages) {
  let text = '';
  for (const data of messages) {
    if (data.error) throw new Error(`APIError ${data.error}`);
    if (data.alignment) text += data.alignment.chars.join('');
    if (data.audio != null) continue;
    if (data.isFinal) return text;
    throw new Error(`unexpected 11labs message ${JSON.stringify(data)}`);
  }
  throw new Error('no isFinal');
}

const PY_PATH = '/v1/text-to-speech/bIHbv24MWmeRgasZH58o/stream-input?model_id=eleven_turbo_v2_5' +
  '&output_format=mp3_22050_32&enable_ssml_parsing=false&inactivity_timeout=180&sync_alignment=true';
const JS_PATH = '/v1/text-to-speech/bIHbv24MWmeRgasZH58o/stream-input?model_id=eleven_turbo_v2_5' +
  '&output_format=pcm_22050&enable_ssml_parsing=false&sync_alignment=true&auto_mode=false&inactivity_timeout=180';

test('LiveKit Python 1.2.6: words with a trailing space, then "", read up to isFinal; then it closes', async () => {
  const socket = await connect(PY_PATH, { 'xi-api-key': KEY });

  socket.send(pyDumps({ text: ' ' }));
  for (const word of words(REPLY)) socket.send(pyDumps({ text: `${word} ` }));
  socket.send(pyDumps({ text: '' }));
  await socket.until(() => socket.messages.some((m) => m.isFinal), 'isFinal');
  socket.ws.close(1000); // the plugin closes once it has isFinal ("11labs only allow one segment per connection")

  assertWellFormed(socket.messages, 'mp3_22050_32');
  assert.equal(squash(livekitPythonReads(socket.messages)), squash(REPLY));
  assert.equal(squash(spoken(socket.messages)), squash(REPLY));
  assert.deepEqual(socket.messages.at(-1), { audio: null, isFinal: true, normalizedAlignment: null, alignment: null });
  assert.equal((await socket.closed).code, 1000);
});

test('LiveKit Python 1.2.6: an empty reply ("" right after the first message) ends with isFinal and 1000', async () => {
  const socket = await connect(PY_PATH, { 'xi-api-key': KEY });

  socket.send(pyDumps({ text: ' ' }));
  socket.send(pyDumps({ text: '' }));
  const { code } = await socket.closed;

  assert.equal(code, 1000);
  assert.deepEqual(socket.messages, [{ audio: null, isFinal: true, normalizedAlignment: null, alignment: null }]);
});

test('LiveKit 1.2.6 (Python) and 1.0.28 (JS) defaults: inactivity_timeout=300 is a 400 before the upgrade', async () => {
  const python = PY_PATH.replace('inactivity_timeout=180', 'inactivity_timeout=300');
  const js = JS_PATH.replace('inactivity_timeout=180', 'inactivity_timeout=300');

  for (const path of [python, js]) {
    await assert.rejects(connect(path, { 'xi-api-key': KEY }), (e) => {
      assert.equal(e.status, 400);
      assert.match(e.body, /inactivity_timeout/);
      assert.match(e.body, /180/);
      return true;
    });
  }
});

test('LiveKit JS 1.0.28: voice_settings first, words, then ""; it never closes, so the gateway closes with 1000',
  async () => {
    const socket = await connect(JS_PATH, { 'xi-api-key': KEY });

    socket.send(JSON.stringify({
      text: ' ',
      voice_settings: { stability: 0.71, similarity_boost: 0.5, style: 0, use_speaker_boost: true },
    }));
    for (const word of words(REPLY)) socket.send(JSON.stringify({ text: `${word} ` }));
    socket.send(JSON.stringify({ text: '' }));
    const { code } = await socket.closed;

    assert.equal(code, 1000);
    assertWellFormed(socket.messages, 'pcm_22050');
    // The plugin takes a message with non-null audio as PCM, else one with a truthy isFinal as the end.
    assert.equal(socket.messages.filter((m) => m.audio === null && m.isFinal).length, 1);
    assert.equal(socket.messages.at(-1).isFinal, true);
    for (const m of socket.messages.filter((m) => m.audio != null)) {
      assert.equal(Buffer.from(m.audio, 'base64').length % 2, 0, 'whole 16-bit samples');
    }
    assert.equal(squash(spoken(socket.messages)), squash(REPLY));
  });

const PIPECAT_PATH =
  '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream-input?model_id=eleven_flash_v2_5&output_format=pcm_24000&auto_mode=true';

/** pipecat 0.0.66 sends one LLM reply: each sentence with " " added, then a flush (tts.py L387-423). */
function pipecatReply(socket, reply) {
  for (const sentence of sentences(reply)) socket.send(pyDumps({ text: `${sentence} ` }));
  socket.send(pyDumps({ text: ' ', flush: true }));
}

test('pipecat 0.0.66: key in the first message, two replies flushed on one socket, keep-alives, then "" and close',
  async () => {
    const socket = await connect(PIPECAT_PATH); // no header: the key travels in the first message

    socket.send(pyDumps({ text: ' ', xi_api_key: KEY }));
    socket.send(pyDumps({ text: ' ' })); // its keep-alive, every 10 s from the connection on
    pipecatReply(socket, REPLY);
    await socket.until(() => squash(spoken(socket.messages)) === squash(REPLY), 'the first reply spoken');
    await new Promise((r) => setTimeout(r, 300));
    const afterFirst = socket.messages.length;
    assert.equal(socket.ws.readyState, WebSocket.OPEN, 'the socket stays open after a flush');
    socket.send(pyDumps({ text: ' ' }));
    pipecatReply(socket, SECOND_REPLY);
    await socket.until(() => squash(spoken(socket.messages)) === squash(REPLY + SECOND_REPLY), 'the second reply');
    socket.send(pyDumps({ text: '' })); // at pipeline end: "" and close at once, without waiting for isFinal
    socket.ws.close(1000);
    const { code } = await socket.closed;

    assert.equal(code, 1000);
    assertWellFormed(socket.messages, 'pcm_24000');
    assert.equal(socket.messages.slice(0, afterFirst).filter((m) => m.isFinal).length, 0, 'no isFinal after a flush');
    // pipecat reads alignment for word times and indexes its last entry: never an empty one.
    assert.ok(socket.messages.every((m) => m.alignment === null || m.alignment === undefined || m.alignment.chars.length));
    assert.equal(squash(spoken(socket.messages)), squash(REPLY + SECOND_REPLY));
  });

test('pipecat 0.0.66: {"text": " "} keeps the socket open past inactivity_timeout; silence then closes it 1008',
  async () => {
    const socket = await connect(`${PIPECAT_PATH}&inactivity_timeout=1`);

    socket.send(pyDumps({ text: ' ', xi_api_key: KEY }));
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 400));
      socket.send(pyDumps({ text: ' ' }));
    }
    assert.equal(socket.ws.readyState, WebSocket.OPEN, 'open after 2.4 s of keep-alives');
    const { code, reason } = await socket.closed;

    assert.equal(code, 1008);
    assert.equal(reason, 'inactivity');
    assert.equal(socket.messages.at(-1).error, 'input_timeout_exceeded');
  });

test('pipecat 0.0.66 interruptions: "" and a close mid-reply, again and again, leave no concurrency slot taken',
  async () => {
    // The client has 10 concurrent streams; each interruption opens a new socket, as pipecat does.
    for (let i = 0; i < 12; i++) {
      const socket = await connect(PIPECAT_PATH);
      socket.send(pyDumps({ text: ' ', xi_api_key: KEY }));
      pipecatReply(socket, REPLY);
      await socket.until(() => socket.messages.some((m) => m.audio), 'audio');
      socket.send(pyDumps({ text: '' }));
      socket.ws.close(1000);
      assert.equal((await socket.closed).code, 1000);
    }
    const socket = await connect(PIPECAT_PATH);

    socket.send(pyDumps({ text: ' ', xi_api_key: KEY }));
    pipecatReply(socket, SECOND_REPLY);
    await socket.until(() => squash(spoken(socket.messages)) === squash(SECOND_REPLY), 'the reply after them');

    assertWellFormed(socket.messages, 'pcm_24000');
    socket.ws.close(1000);
  });

test('the first audio comes before the rest of the text is written', async () => {
  const first = 'The first sentence is long enough for a schedule of fifty characters. ';
  const rest = 'The second one is written only after audio of the first has arrived.';
  const socket = await connect(PY_PATH, { 'xi-api-key': KEY });
  const earlier = provider.requests.length;

  socket.send(JSON.stringify({ text: ' ', generation_config: { chunk_length_schedule: [50] } }));
  for (const word of words(first.trim())) socket.send(JSON.stringify({ text: `${word} ` }));
  await socket.until(() => socket.messages.some((m) => m.audio), 'audio before the rest of the text');
  const segmentsBeforeRest = provider.requests.slice(earlier).map((r) => JSON.parse(r.body).text);
  for (const word of words(rest)) socket.send(JSON.stringify({ text: `${word} ` }));
  socket.send(JSON.stringify({ text: '' }));
  const { code } = await socket.closed;

  assert.deepEqual(segmentsBeforeRest, [first.trim()]);
  assert.equal(code, 1000);
  assertWellFormed(socket.messages, 'mp3_22050_32');
  assert.equal(squash(spoken(socket.messages)), squash(first + rest));
});

test('pipecat 0.0.66 with a wrong xi_api_key: an unauthenticated message, then 1008', async () => {
  const socket = await connect(PIPECAT_PATH);

  socket.send(pyDumps({ text: ' ', xi_api_key: 'not-a-key' }));
  const { code, reason } = await socket.closed;

  assert.equal(code, 1008);
  assert.equal(reason, 'unauthenticated');
  assert.equal(socket.messages.length, 1);
  assert.equal(socket.messages[0].error, 'unauthenticated');
});

test('a binary frame is refused like any message that is not JSON: invalid_request, then 1008', async () => {
  const socket = await connect(PY_PATH, { 'xi-api-key': KEY });

  socket.send(Buffer.from(pyDumps({ text: ' ' })));
  const { code } = await socket.closed;

  assert.equal(socket.messages[0]?.error, 'invalid_request');
  assert.equal(code, 1008);
});

test('pipecat 0.0.66: one socket for a whole session, past 10 s, with a reply every 2 s and keep-alives', async () => {
  const socket = await connect(PIPECAT_PATH);
  const replies = ['Tick one.', 'Tock two.', 'Tick three.', 'Tock four.', 'Tick five.', 'Tock six.'];

  socket.send(pyDumps({ text: ' ', xi_api_key: KEY }));
  for (const reply of replies) {
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(socket.ws.readyState, WebSocket.OPEN, `open before "${reply}": ${summary(socket.messages)}`);
    socket.send(pyDumps({ text: ' ' }));
    pipecatReply(socket, reply);
  }
  await socket.until(() => squash(spoken(socket.messages)) === squash(replies.join(' ')), 'every reply spoken');
  socket.send(pyDumps({ text: '' }));
  socket.ws.close(1000);

  assert.equal((await socket.closed).code, 1000);
  assertWellFormed(socket.messages, 'pcm_24000');
});
