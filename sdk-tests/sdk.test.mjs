// The official SDKs against the gateway, changing only their base URL (API.md §2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import OpenAI from 'openai';
import { AUDIO, KEY, SMALL_KEY, fakeProvider, startGateway } from './gateway.mjs';

let provider;
let gateway;

before(async () => {
  provider = await fakeProvider();
  gateway = await startGateway(provider.url);
});

after(() => {
  gateway?.stop();
  provider?.close();
});

async function bytesOf(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

test('ElevenLabs SDK: textToSpeech.convert returns the audio', async () => {
  const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: gateway.base });

  const audio = await client.textToSpeech.convert('narrator', {
    text: 'Hello from the official SDK.',
    modelId: 'eleven_multilingual_v2',
    outputFormat: 'mp3_44100_128',
  });

  assert.deepEqual(await bytesOf(audio), AUDIO);
  assert.match(provider.requests.at(-1).url, /^\/v1\/text-to-speech\/ph-narrator-1\?output_format=mp3_44100_128$/);
});

test('ElevenLabs SDK: textToSpeech.stream streams the audio', async () => {
  const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: gateway.base });

  const audio = await client.textToSpeech.stream('21m00Tcm4TlvDq8ikWAM', { text: 'Streaming through the gateway.' });

  assert.deepEqual(await bytesOf(audio), AUDIO);
  assert.match(provider.requests.at(-1).url, /\/stream\?output_format=/);
});

test('ElevenLabs SDK: textToSpeech.convertWithTimestamps returns the audio and its alignment', async () => {
  const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: gateway.base });

  const answer = await client.textToSpeech.convertWithTimestamps('narrator', { text: 'mama' });

  assert.deepEqual(Buffer.from(answer.audioBase64, 'base64'), AUDIO);
  assert.deepEqual(answer.alignment.characters, ['m', 'a', 'm', 'a']);
  assert.equal(answer.alignment.characterStartTimesSeconds.length, 4);
  assert.match(provider.requests.at(-1).url, /^\/v1\/text-to-speech\/ph-narrator-1\/with-timestamps\?/);
});

test('ElevenLabs SDK: textToSpeech.streamWithTimestamps yields audio with alignment, line by line', async () => {
  const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: gateway.base });

  const stream = await client.textToSpeech.streamWithTimestamps('narrator', { text: 'papa' });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }

  assert.equal(chunks.length, 2);
  assert.deepEqual(Buffer.concat(chunks.map((c) => Buffer.from(c.audioBase64, 'base64'))), AUDIO);
  assert.equal(chunks.flatMap((c) => c.alignment.characters).join(''), 'papa');
  const starts = chunks.flatMap((c) => c.alignment.characterStartTimesSeconds);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
  assert.match(provider.requests.at(-1).url, /\/stream\/with-timestamps\?/);
});

test('ElevenLabs SDK: an exhausted budget is a 401 quota_exceeded, not retried', async () => {
  const client = new ElevenLabsClient({ apiKey: SMALL_KEY, baseUrl: gateway.base });
  await bytesOf(await client.textToSpeech.convert('narrator', { text: 'ten chars!' }));
  const before = provider.requests.length;

  await assert.rejects(
    async () => bytesOf(await client.textToSpeech.convert('narrator', { text: 'one more' })),
    (error) => {
      assert.equal(error.statusCode, 401);
      assert.equal(error.body.detail.status, 'quota_exceeded');
      return true;
    },
  );
  assert.equal(provider.requests.length, before, 'no provider call, and no retry reached one');
});

test('OpenAI SDK: audio.speech.create returns the audio', async () => {
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${gateway.base}/v1` });

  const response = await openai.audio.speech.create({
    model: 'tts-1',
    voice: 'alloy',
    input: 'Hello from the OpenAI SDK.',
    response_format: 'mp3',
  });

  assert.deepEqual(Buffer.from(await response.arrayBuffer()), AUDIO);
  assert.match(provider.requests.at(-1).url, /^\/v1\/text-to-speech\/ph-narrator-1\/stream\?output_format=mp3_44100_128$/);
});

test('OpenAI SDK: a format no provider can produce is a 400 naming the supported ones', async () => {
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${gateway.base}/v1`, maxRetries: 0 });

  await assert.rejects(
    openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'flac' }),
    (error) => {
      assert.equal(error.status, 400);
      assert.match(error.message, /mp3, opus, wav, pcm/);
      return true;
    },
  );
});
