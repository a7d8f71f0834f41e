// The demo page in a real browser (Debian's Chromium, headless): type, press Play, hear it and watch the face speak
// (API.md §2 "GET /", §7).
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

test('demo page: Play streams speech from the offline engine, shows who spoke, and the face speaks in step', async () => {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(`${gateway.base}/#key=${KEY}`);
  await page.waitForFunction(() => document.querySelectorAll('#voice option').length > 0);
  assert.equal(new URL(page.url()).hash, '', 'the key leaves the address bar');
  assert.equal(await page.getAttribute('#mouth', 'data-viseme'), 'sil', 'the mouth rests before anything plays');

  // Every shape the mouth takes, with the audio's time at that moment.
  await page.evaluate(() => {
    window.shown = [];
    window.received = [];
    const mouth = document.getElementById('mouth');
    mouth.addEventListener('visemes', (event) => window.received.push(...event.detail));
    const audio = document.getElementById('audio');
    new MutationObserver(() => window.shown.push([audio.currentTime, mouth.dataset.viseme]))
      .observe(mouth, { attributes: true, attributeFilter: ['data-viseme'] });
  });
  const text = 'Hello from the browser test. The gateway streams this sentence by sentence.';
  await page.fill('#text', text);
  await page.click('#play');

  await page.waitForFunction(() => document.getElementById('audio').currentTime > 0.5, null, { timeout: 20000 });
  assert.equal(await page.textContent('#provider'), 'local');
  assert.equal(await page.textContent('#chars'), String(text.length));
  assert.match(await page.textContent('#ttfa'), /^\d+ ms$/);
  assert.equal(await page.textContent('#error'), '');
  await page.waitForFunction(() => document.getElementById('mouth').dataset.viseme !== 'sil', null, { timeout: 10000 });
  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/demo-page.png', fullPage: true });
  await page.waitForFunction(() => document.getElementById('audio').ended, null, { timeout: 30000 });

  // The visemes the page received, and the shapes it showed: each shape shown while the audio played was the
  // viseme received for that moment of the audio (give or take a frame), and the mouth moved through many of them.
  const received = await page.evaluate(() => window.received);
  const shown = await page.evaluate(() => window.shown);
  const spoken = shown.filter(([, name]) => name !== 'sil');
  assert.ok(received.length > 20, `visemes received: ${received.length}`);
  assert.ok(spoken.length > 10, `shapes shown while speaking: ${spoken.length}`);
  const frame = 0.1;
  const inStep = spoken.filter(([t, name]) => received.some((v) => v.name === name && v.start - frame <= t
    && t <= v.end + frame));
  assert.ok(inStep.length >= spoken.length * 0.9,
    `shapes shown in step with the audio: ${inStep.length} of ${spoken.length}`);
  const shapes = new Set(spoken.map(([, name]) => name));
  assert.ok(shapes.size >= 5, `distinct shapes shown: ${[...shapes].join(' ')}`);
  assert.equal(await page.getAttribute('#mouth', 'data-viseme'), 'sil', 'the mouth rests once the audio ended');

  // API.md §2: the spoken text never appears in a URL the page makes: it travels in the request body.
  const spelled = (url) => [url, decodeURIComponent(url), decodeURIComponent(url.replace(/\+/g, ' '))];
  const pieces = [text, 'browser test', 'sentence by sentence'];
  for (const request of requests) {
    for (const form of spelled(request.url())) {
      for (const piece of pieces) {
        assert.ok(!form.includes(piece), `the text is in the URL of ${request.method()} ${request.url().slice(0, 80)}`);
      }
    }
  }
  const streamed = requests.filter((r) => r.method() === 'POST'
    && new URL(r.url()).pathname === '/v1/tts/stream/with-timestamps');
  assert.equal(streamed.length, 1);
  assert.equal(JSON.parse(streamed[0].postData()).text, text, 'the text travels in the request body');
  assert.equal(JSON.parse(streamed[0].postData()).visemes, 'oculus');
});
