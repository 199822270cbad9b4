// A contact's page: the audio player with its waveform (the media energy API), silence and talk-over marked
// on the waveform's timeline, a cursor that follows playback (click the waveform to seek), the transcript
// (Transcript Export API) following playback with phrase hits marked (click a line to play from it),
// metadata, events and the screen recording where there is one.
import { api, ApiError } from '../api.js';
import { can, ctx, dateTime, duration, h, message } from '../dom.js';

const POINTS = 400;

export async function render(root, id) {
  const base = `/api/rest/recording/contact/${encodeURIComponent(id)}`;
  const [contact, media, events, metadata] = await Promise.all([
    api(base), api(`${base}/media`).catch(() => []), api(`${base}/event`).catch(() => []),
    api(`${base}/metadata`).catch(() => ({})),
  ]);
  const audio = media.find((m) => m.type === 'audio');
  const screen = media.find((m) => m.type === 'screen');
  const agent = contact.agent ? `${contact.agent.firstName || ''} ${contact.agent.lastName || ''}`.trim() : '';
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/contacts' }, 'Contacts'), ` › ${contact.id}`),
    h('h1', {}, `Contact ${contact.id}${agent ? ` with ${agent}` : ''}`),
    h('dl', { class: 'facts' }, [['Start', `${dateTime(contact.startTime)} (${ctx.zone})`],
      ['Duration', duration(contact.callDuration / 1000)], ['Type', contact.contactType], ['Calling', contact.ani],
      ['Called', contact.dnis], ['Team', contact.team && contact.team.name]]
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')])),
    can('Evaluate Contacts', 'Approve Evaluations', 'Administer QM')
      ? h('p', {}, h('a', { href: `#/evaluate/${contact.id}`, class: 'button-link', id: 'evaluate-link' }, 'Evaluate this contact')) : '',
  );

  const player = h('section', { class: 'player', 'aria-labelledby': 'audio-h' }, h('h2', { id: 'audio-h' }, 'Recording'));
  root.append(player);
  if (!audio) {
    player.append(message('This contact has no audio recording.'));
  } else {
    const el = h('audio', { controls: true, preload: 'metadata', src: audio.url, id: 'audio' });
    const canvas = h('canvas', { class: 'wave', id: 'waveform', width: 1000, height: 120, role: 'img',
      'aria-label': 'Waveform of the recording; silence is marked grey and talk-over red' });
    player.append(el, canvas, h('p', { class: 'legend hint' }, h('span', { class: 'key silence' }), ' silence ',
      h('span', { class: 'key talkover' }), ' talk-over'));
    let energy = null;
    try {
      energy = await api(`/api/rest/recording/media/energy/${encodeURIComponent(id)}?dataPoints=${POINTS}`);
    } catch (e) {
      player.append(message(`The waveform is not available: ${e.message}`));
    }
    const total = audio.duration || contact.callDuration || 1;
    const transcript = await api(`/api/rest/cas/speechtextview?ccrid=${encodeURIComponent(id)}`).catch(() => null);
    const lines = transcriptView(transcript, (ms) => { el.currentTime = ms / 1000; el.play().catch(() => {}); });
    player.append(lines.node);
    const draw = () => {
      paint(canvas, energy, events, total, (el.currentTime * 1000) / total);
      canvas.dataset.playedMs = Math.round(el.currentTime * 1000);
      lines.follow(el.currentTime * 1000);
    };
    el.addEventListener('timeupdate', draw);
    el.addEventListener('seeked', draw);
    canvas.addEventListener('click', (e) => {
      const r = canvas.getBoundingClientRect();
      el.currentTime = (((e.clientX - r.left) / r.width) * total) / 1000;
    });
    draw();
  }
  if (audio && can('Export Recordings')) root.append(exporter(id));
  if (screen) {
    root.append(h('section', { 'aria-labelledby': 'screen-h' }, h('h2', { id: 'screen-h' }, 'Screen recording'),
      h('video', { controls: true, preload: 'metadata', src: screen.url, class: 'screen' })));
  }
  const meta = Object.values(metadata || {});
  root.append(h('div', { class: 'columns' },
    h('section', { 'aria-labelledby': 'meta-h' }, h('h2', { id: 'meta-h' }, 'Metadata'),
      meta.length ? h('dl', { class: 'facts' }, meta.flatMap((m) => [h('dt', {}, m.key), h('dd', {}, String(m.value ?? ''))]))
        : message('No metadata.')),
    h('section', { 'aria-labelledby': 'events-h' }, h('h2', { id: 'events-h' }, 'Events'),
      events.length ? h('ul', {}, events.map((e) => h('li', {}, `${e.type} at ${duration(e.startOffset / 1000)} for ${duration(e.duration / 1000)}`)))
        : message('No silence or talk-over events.'))));
}

export function paint(canvas, energy, events, total, played) {
  const g = canvas.getContext('2d');
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  for (const e of events) {
    g.fillStyle = e.type === 'talkover' ? 'rgba(200,40,40,0.25)' : 'rgba(120,120,120,0.25)';
    g.fillRect((e.startOffset / total) * width, 0, Math.max(2, (e.duration / total) * width), height);
  }
  if (energy) {
    const channels = Object.keys(energy).sort();
    const lane = height / channels.length;
    channels.forEach((name, c) => {
      const values = energy[name];
      const step = width / values.length;
      values.forEach((v, i) => {
        const x = i * step;
        g.fillStyle = x / width <= played ? '#1d4f91' : (c ? '#8fb3de' : '#6c93c4');
        const bar = (v / 100) * (lane - 4);
        g.fillRect(x, c * lane + (lane - bar) / 2, Math.max(1, step - 1), Math.max(1, bar));
      });
    });
  }
  g.fillStyle = '#d0021b';
  g.fillRect(played * width, 0, 2, height);
}

// The transcript: one line per utterance (channel 0 the agent's side, 1 the other party's), the words as
// spans; follow(ms) marks the line and word being played, and hits are marked where their phrase was found.
export function transcriptView(transcript, seek) {
  const texts = (transcript && transcript.texts) || [];
  const node = h('section', { class: 'transcript', 'aria-labelledby': 'transcript-h' },
    h('h2', { id: 'transcript-h' }, 'Transcript'));
  if (!texts.length) {
    node.append(message('No transcript for this contact.'));
    return { node, follow: () => {} };
  }
  const words = [];
  const lines = texts.map((t) => {
    const spans = t.words.length ? t.words.map((w) => {
      const hit = (t.hits || []).find((x) => w.start >= x.start && w.start < x.stop);
      const span = h(hit ? 'mark' : 'span', { class: 'word', title: hit ? `${hit.category || 'hit'}: ${hit.phrase}` : null }, w.word);
      words.push({ span, start: w.start, end: w.end });
      return [span, ' '];
    }) : t.text;
    return { start: t.start, end: t.end, li: h('li', { class: `ch${t.channel}` },
      h('button', { type: 'button', class: 'quiet at', onclick: () => seek(t.start), 'aria-label': `Play from ${duration(t.start / 1000)}` },
        duration(t.start / 1000)),
      h('span', { class: 'speaker' }, t.channel === 0 ? 'Agent' : 'Caller'), ' ', spans) };
  });
  const list = h('ol', { class: 'lines', id: 'transcript', tabindex: 0, 'aria-label': 'Transcript lines' }, lines.map((l) => l.li));
  node.append(list);
  let current = [];
  return {
    node,
    follow(ms) {
      // Every line being said now (both sides at once during talk-over).
      const now = lines.filter((l) => ms >= l.start && ms < l.end);
      if (now.length !== current.length || now.some((l, i) => l !== current[i])) {
        current.forEach((l) => l.li.classList.remove('now'));
        now.forEach((l) => l.li.classList.add('now'));
        if (now.length) list.scrollTop = now[0].li.offsetTop - list.offsetTop - 40;
        current = now;
      }
      for (const w of words) w.span.classList.toggle('said', ms >= w.start && ms < w.end);
    },
  };
}

// Single-contact export: start the encoding, wait until the file answers, then download it.
function exporter(id) {
  const type = h('select', { name: 'type', 'aria-label': 'Export format' }, ['WAV', 'OPUS', 'WEBM'].map((t) => h('option', { value: t }, t)));
  const progress = h('progress', { hidden: true, 'aria-label': 'Encoding' });
  const note = h('span', { class: 'hint', role: 'status', id: 'export-status' });
  const button = h('button', { type: 'button', id: 'export' }, 'Export');
  const path = () => `/api/rest/recording/media/export/contact/${encodeURIComponent(id)}?type=${type.value}`;
  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    note.textContent = 'Encoding…';
    try {
      await api(path(), { method: 'POST' });
      for (let tries = 0; ; tries += 1) {
        const r = await fetch(path(), { headers: { Range: 'bytes=0-0' }, credentials: 'same-origin' });
        if (r.ok) break;
        if (r.status !== 404 || tries > 120) throw new ApiError(r.status, await r.json().catch(() => null));
        await new Promise((done) => { setTimeout(done, 500); });
      }
      const link = h('a', { href: path(), download: `contact-${id}.${type.value.toLowerCase()}`, id: 'export-link' }, 'Download');
      note.replaceChildren('Ready: ', link);
      link.click();
    } catch (e) {
      note.textContent = `Export failed: ${e.message}`;
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });
  return h('section', { class: 'export', 'aria-labelledby': 'export-h' }, h('h2', { id: 'export-h' }, 'Export'),
    h('div', { class: 'toolbar' }, type, button, progress, note));
}
