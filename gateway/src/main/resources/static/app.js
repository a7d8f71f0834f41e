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

// The mouth's shape for each of the 15 Oculus visemes: the ellipse's half width and half height.
const MOUTH = {
  sil: [16, 1.5], PP: [14, 1], FF: [15, 4], TH: [15, 5], DD: [15, 7], kk: [15, 8], CH: [11, 8], SS: [17, 4],
  nn: [15, 6], RR: [12, 7], aa: [17, 14], E: [19, 9], ih: [19, 6], oh: [12, 12], ou: [9, 9],
};

function showViseme(viseme) {
  const mouth = $('mouth');
  if (mouth.dataset.viseme === viseme) { return; }
  const [rx, ry] = MOUTH[viseme] || MOUTH.sil;
  mouth.dataset.viseme = viseme;
  mouth.setAttribute('rx', String(rx));
  mouth.setAttribute('ry', String(ry));
}

// Follows the audio: at each frame, the viseme whose window holds the audio's current time (times are seconds from
// the start of the answer's audio, which is where the <audio> element's clock starts too).
let animation = 0;
function animate(visemes, audio) {
  cancelAnimationFrame(animation);
  const frame = () => {
    const now = audio.currentTime;
    const current = visemes.find((v) => v.start <= now && now < v.end);
    showViseme(!audio.paused && current ? current.name : 'sil');
    if (!audio.ended && !audio.error) { animation = requestAnimationFrame(frame); } else { showViseme('sil'); }
  };
  animation = requestAnimationFrame(frame);
}

function decode(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  return bytes;
}

// Audio with its timestamps and visemes, one JSON line at a time (POST /v1/tts/stream/with-timestamps): the text
// travels in the request body and the key in a header, so neither appears in a URL the page makes. The audio goes
// into Media Source Extensions as it arrives, so it plays while later sentences are still being made.
async function play() {
  showError('');
  ['provider', 'ttfa', 'chars', 'cache'].forEach((id) => { $(id).textContent = '…'; });
  showViseme('sil');
  const started = performance.now();
  const request = { text: $('text').value, output_format: $('format').value, visemes: 'oculus' };
  if ($('voice').value) { request.voice_id = $('voice').value; }
  const response = await fetch('/v1/tts/stream/with-timestamps',
    { method: 'POST', headers: headers(), body: JSON.stringify(request) });
  if (!response.ok) { showError('Stream: ' + await problem(response)); return; }
  $('provider').textContent = response.headers.get('X-TTS-Provider') || '?';
  $('chars').textContent = response.headers.get('X-TTS-Characters') || '?';
  $('cache').textContent = response.headers.get('X-TTS-Cache') || '?';
  const audio = $('audio');
  audio.addEventListener('playing', () => {
    if ($('ttfa').textContent === '…') { $('ttfa').textContent = Math.round(performance.now() - started) + ' ms'; }
  }, { once: true });
  const media = new MediaSource();
  if (audio.src.startsWith('blob:')) { URL.revokeObjectURL(audio.src); }
  audio.src = URL.createObjectURL(media);
  await new Promise((resolve) => media.addEventListener('sourceopen', resolve, { once: true }));
  const buffer = media.addSourceBuffer('audio/mpeg');
  const visemes = [];
  animate(visemes, audio);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let first = true;
  try {
    await feed();
  } finally {
    // Whatever happened, the media ends: what arrived plays out and the face comes to rest.
    if (media.readyState === 'open') { media.endOfStream(); }
  }
  showUsage();

  async function feed() {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { break; }
      const lines = (rest + value).split('\n');
      rest = lines.pop();
      for (const line of lines.filter((l) => l.trim())) {
        const chunk = JSON.parse(line);
        const v = chunk.visemes;
        if (v) {
          const added = v.visemes.map((name, i) => ({ name, start: v.start_times_seconds[i], end: v.end_times_seconds[i] }));
          visemes.push(...added);
          // For whoever watches the face (an avatar, a test): the visemes as they arrive.
          $('mouth').dispatchEvent(new CustomEvent('visemes', { detail: added }));
        }
        const bytes = decode(chunk.audio_base64 || '');
        if (bytes.length === 0) { continue; }
        buffer.appendBuffer(bytes);
        await new Promise((resolve) => buffer.addEventListener('updateend', resolve, { once: true }));
        if (first) { first = false; audio.play().catch((e) => showError('Playback: ' + e.message)); }
      }
    }
  }
}

$('play').addEventListener('click', () => play().catch((e) => showError(e.message)));
loadVoices().then(showUsage).catch((e) => showError(e.message));
