// The demo page in a real browser (Debian's Chromium, headless): type, press Play, hear it (API.md §2 "GET /").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { KEY, startGateway } from './gateway.mjs';

let gateway;
let browser;

before(async () => {
  gateway = await startGateway(null);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
      '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  await browser?.close();
  gateway?.stop();
});

test('demo page: Play streams speech from the offline engine and shows who spoke', async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(`${gateway.base}/#key=${KEY}`);
  await page.waitForFunction(() => document.querySelectorAll('#voice option').length > 0);
  assert.equal(new URL(page.url()).hash, '', 'the key leaves the address bar');

  const text = 'Hello from the browser test. The gateway streams this sentence by sentence.';
  await page.fill('#text', text);
  await page.click('#play');

  await page.waitForFunction(() => document.getElementById('audio').currentTime > 0.5, null, { timeout: 20000 });
  assert.equal(await page.textContent('#provider'), 'local');
  assert.equal(await page.textContent('#chars'), String(text.length));
  assert.match(await page.textContent('#ttfa'), /^\d+ ms$/);
  assert.equal(await page.textContent('#error'), '');

  // API.md §2: the page uses bound tokens, so the spoken text never appears in a URL it makes. The text goes in the
  // token request's body; the stream URL carries the token alone.
  const spelled = (url) => [url, decodeURIComponent(url), decodeURIComponent(url.replace(/\+/g, ' '))];
  const pieces = [text, 'browser test', 'sentence by sentence'];
  for (const request of requests) {
    for (const form of spelled(request.url())) {
      for (const piece of pieces) {
        assert.ok(!form.includes(piece), `the text is in the URL of ${request.method()} ${request.url().slice(0, 80)}`);
      }
    }
  }
  const issued = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/tts/tokens');
  assert.equal(issued.length, 1);
  assert.equal(JSON.parse(issued[0].postData()).text, text, 'the text travels in the token request body');
  const streams = requests.filter((r) => new URL(r.url()).pathname === '/v1/tts/stream');
  assert.ok(streams.length >= 1, 'the page streamed through GET /v1/tts/stream');
  for (const stream of streams) {
    assert.deepEqual([...new URL(stream.url()).searchParams.keys()], ['token'],
      'the stream URL carries the token alone');
  }
  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/demo-page.png', fullPage: true });
});
