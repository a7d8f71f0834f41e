'use strict';
const $ = (id) => document.getElementById(id);
const keyInput = $('key');

// The startup line prints a link with the key in the fragment, which browsers never send to servers.
const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
if (fromHash) { sessionStorage.setItem('tts-key', fromHash); history.replaceState(null, '', location.pathname); }
keyInput.value = sessionStorage.getItem('tts-key') || '';
keyInput.addEventListener('change', () => { sessionStorage.setItem('tts-key', keyInput.value.trim()); loadVoices(); });

const headers = () => ({ 'Authorization': 'Bearer ' + keyInput.value.trim(), 'Content-Type': 'application/json' });

function showError(message) { $('error').textContent = message || ''; }

async function problem(response) {
  try { const body = await response.json(); return body.detail || body.title || response.statusText; }
  catch { return response.status + ' ' + response.statusText; }
}

async function loadVoices() {
  if (!keyInput.value.trim()) { return; }
  const response = await fetch('/v1/voices', { headers: headers() });
  if (!response.ok) { showError('Voices: ' + await problem(response)); return; }
  const { voices, default: fallback } = await response.json();
  const select = $('voice');
  select.innerHTML = '';
  for (const voice of voices) {
    const option = new Option(voice.name + ' (' + voice.providers.join(', ') + ')', voice.name);
    option.selected = voice.name === fallback;
    select.add(option);
  }
}

async function showUsage() {
  const response = await fetch('/v1/usage', { headers: headers() });
  if (!response.ok) { return; }
  const usage = await response.json();
  const day = usage.budgets.find((b) => b.window === 'day');
  $('left').textContent = day && day.limit !== null ? String(day.limit - day.used) : 'no daily limit';
}

// Streams into Media Source Extensions so the headers (provider, characters) can be read while audio plays as it
// arrives; an <audio src> alone could play the stream but not show who spoke.
async function play() {
  showError('');
  ['provider', 'ttfa', 'chars'].forEach((id) => { $(id).textContent = '…'; });
  const started = performance.now();
  // The token is bound to this request, which travels in the POST body; the stream URL carries the token alone, so
  // the spoken text never appears in a URL (history, proxy logs, Referer).
  const request = { ttl_seconds: 60, text: $('text').value, output_format: $('format').value };
  if ($('voice').value) { request.voice_id = $('voice').value; }
  const tokenResponse = await fetch('/v1/tts/tokens',
    { method: 'POST', headers: headers(), body: JSON.stringify(request) });
  if (!tokenResponse.ok) { showError('Token: ' + await problem(tokenResponse)); return; }
  const { token } = await tokenResponse.json();
  const url = '/v1/tts/stream?' + new URLSearchParams({ token });
  const audio = $('audio');
  audio.addEventListener('playing', () => {
    if ($('ttfa').textContent === '…') { $('ttfa').textContent = Math.round(performance.now() - started) + ' ms'; }
  }, { once: true });

  if (!('MediaSource' in window) || !MediaSource.isTypeSupported('audio/mpeg')) {
    audio.src = url;
    await audio.play();
    return;
  }
  const response = await fetch(url);
  if (!response.ok) { showError('Stream: ' + await problem(response)); return; }
  $('provider').textContent = response.headers.get('X-TTS-Provider') || '?';
  $('chars').textContent = response.headers.get('X-TTS-Characters') || '?';
  $('cache').textContent = response.headers.get('X-TTS-Cache') || '?';
  const media = new MediaSource();
  audio.src = URL.createObjectURL(media);
  await new Promise((resolve) => media.addEventListener('sourceopen', resolve, { once: true }));
  const buffer = media.addSourceBuffer('audio/mpeg');
  const reader = response.body.getReader();
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) { break; }
    buffer.appendBuffer(value);
    await new Promise((resolve) => buffer.addEventListener('updateend', resolve, { once: true }));
    if (first) { first = false; audio.play().catch((e) => showError('Playback: ' + e.message)); }
  }
  media.endOfStream();
  showUsage();
}

$('play').addEventListener('click', () => play().catch((e) => showError(e.message)));
loadVoices().then(showUsage).catch((e) => showError(e.message));
