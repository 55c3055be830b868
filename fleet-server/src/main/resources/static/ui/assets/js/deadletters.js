// Dead letters: what the ingest refused, filter by gateway, reason, time and status; payload and replay (operators).
import { api, qs, esc, fmtTime, canAcknowledge, toast } from './api.js';

const SIZE = 50;
let f = { gateway: '', reason: '', from: '', to: '', resolved: 'false', page: 0 };

/** datetime-local (Vietnam time, as shown everywhere in the UI) → ISO instant. */
function instant(local) {
  return local ? new Date(local + ':00+07:00').toISOString() : '';
}

function outcome(d) {
  if (!d.replayOutcome) return '<span class="muted">not replayed</span>';
  return `<span class="outcome ${esc(d.replayOutcome)}">${esc(d.replayOutcome.toLowerCase())}</span><br>`
    + `<span class="muted">${fmtTime(d.replayedAt)}${d.replayDetail ? ' – ' + esc(d.replayDetail) : ''}</span>`;
}

export async function render(root) {
  const reasons = await api('/api/v1/dead-letters/reasons');
  const operator = canAcknowledge();
  root.innerHTML = `
    <div class="toolbar">
      <label>Gateway<input id="d-gateway" type="search" value="${esc(f.gateway)}" placeholder="exact id"></label>
      <label>Reason<select id="d-reason"><option value="">any</option>${Object.keys(reasons).map(r =>
        `<option value="${r}"${r === f.reason ? ' selected' : ''} title="${esc(reasons[r])}">${r}</option>`).join('')}</select></label>
      <label>Received from<input id="d-from" type="datetime-local" value="${esc(f.from)}"></label>
      <label>to<input id="d-to" type="datetime-local" value="${esc(f.to)}"></label>
      <label>Status<select id="d-resolved">${[['false', 'unresolved'], ['true', 'stored by a replay'], ['', 'all']].map(([v, t]) =>
        `<option value="${v}"${v === f.resolved ? ' selected' : ''}>${t}</option>`).join('')}</select></label>
      ${operator ? '<button id="d-replay-all" class="primary" title="replays the unresolved dead letters matching the filter, oldest first">Replay matching</button>'
        : '<span class="muted">Viewers cannot see payloads or replay.</span>'}
    </div>
    <div class="table-wrap"><table id="dead-letter-table"><thead><tr><th>Received</th><th>Gateway</th><th>Topic</th><th>Reason</th>
      <th>Detail</th><th>Size</th><th>Last replay</th><th></th></tr></thead><tbody></tbody></table></div>
    <div class="pager"><button id="prev">‹ Previous</button><span id="dead-letter-info"></span><button id="next">Next ›</button></div>
    <div id="payload-box" class="card" hidden><h3 id="payload-title"></h3><pre id="payload-text"></pre></div>`;
  const tbody = root.querySelector('tbody');
  const filter = () => ({ gateway: f.gateway.trim(), reason: f.reason, from: instant(f.from), to: instant(f.to) });
  async function load() {
    const p = await api('/api/v1/dead-letters' + qs({ ...filter(), resolved: f.resolved, page: f.page, size: SIZE }));
    tbody.innerHTML = p.items.map(d => `<tr data-id="${d.id}">
      <td>${fmtTime(d.receivedAt)}</td>
      <td>${d.gateway ? `<a href="#/gateway/${encodeURIComponent(d.gateway)}">${esc(d.gateway)}</a>` : '–'}</td>
      <td>${esc(d.topic)}</td><td title="${esc(d.reasonDescription || '')}">${esc(d.reason)}</td>
      <td class="detail">${esc(d.detail)}</td><td>${d.payloadSize} B</td><td class="replay-cell">${outcome(d)}</td>
      <td>${operator ? `<button class="payload-button" data-id="${d.id}">Payload</button>`
        + (d.replayable && d.replayOutcome !== 'STORED' && d.replayOutcome !== 'DUPLICATE'
          ? ` <button class="primary replay-button" data-id="${d.id}">Replay</button>` : '') : ''}</td></tr>`).join('')
      || '<tr><td colspan="8" class="muted">no dead letters</td></tr>';
    const info = root.querySelector('#dead-letter-info');
    info.textContent = p.total === 0 ? '' : `${p.page * SIZE + 1}–${p.page * SIZE + p.items.length} of ${p.total}`;
    info.dataset.total = p.total;
    root.querySelector('#prev').disabled = f.page === 0;
    root.querySelector('#next').disabled = (f.page + 1) * SIZE >= p.total;
  }
  tbody.addEventListener('click', async e => {
    const show = e.target.closest('.payload-button');
    if (show) {
      const p = await api('/api/v1/dead-letters/' + show.dataset.id + '/payload');
      root.querySelector('#payload-title').textContent = `Dead letter ${p.id}: ${p.size} bytes`
        + (p.complete ? '' : ' (only the first 64 KiB were kept)');
      root.querySelector('#payload-text').textContent = p.text ?? (p.base64 ? 'base64: ' + p.base64 : '(nothing kept)');
      root.querySelector('#payload-box').hidden = false;
      return;
    }
    const b = e.target.closest('.replay-button');
    if (!b) return;
    b.disabled = true;
    try {
      const r = await api('/api/v1/dead-letters/' + b.dataset.id + '/replay', { method: 'POST' });
      toast(`Dead letter ${r.id}: ${r.outcome.toLowerCase()} – ${r.detail}`);
      await load();
    } catch (x) {
      b.disabled = false;
      toast('Not replayed: ' + x.message);
    }
  });
  const all = root.querySelector('#d-replay-all');
  if (all) {
    all.addEventListener('click', async () => {
      all.disabled = true;
      try {
        const r = await api('/api/v1/dead-letters/replay' + qs(filter()), { method: 'POST' });
        toast(`Replayed ${r.replayed}: ` + (Object.entries(r.outcomes).map(([k, v]) => `${v} ${k.toLowerCase()}`).join(', ') || 'nothing to replay')
          + (r.more ? ' (more remain: replay again)' : ''));
        await load();
      } catch (x) {
        toast('Not replayed: ' + x.message);
      } finally {
        all.disabled = false;
      }
    });
  }
  for (const [sel, key] of [['#d-reason', 'reason'], ['#d-from', 'from'], ['#d-to', 'to'], ['#d-resolved', 'resolved']]) {
    root.querySelector(sel).addEventListener('change', e => { f[key] = e.target.value; f.page = 0; load(); });
  }
  root.querySelector('#d-gateway').addEventListener('change', e => { f.gateway = e.target.value; f.page = 0; load(); });
  root.querySelector('#prev').addEventListener('click', () => { f.page = Math.max(0, f.page - 1); load(); });
  root.querySelector('#next').addEventListener('click', () => { f.page++; load(); });
  await load();
  return {};
}
