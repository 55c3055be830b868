// Alarms: active list and history, filter by domain and severity, acknowledge with a comment (operators only).
import { api, qs, esc, fmtTime, fmtNum, canAcknowledge, toast, debounce } from './api.js';

const SIZE = 50;
let f = { state: 'RAISED', domain: '', severity: '', acknowledged: '', page: 0 };

function options(list, value, any = 'any') {
  return `<option value="">${any}</option>` + list.map(v => `<option${v === value ? ' selected' : ''}>${esc(v)}</option>`).join('');
}

export async function render(root) {
  const [facets, severities] = await Promise.all([api('/api/v1/fleet/facets'), api('/api/v1/alarm-view/severities')]);
  const ack = canAcknowledge();
  root.innerHTML = `
    <div class="toolbar">
      <label>Show<select id="a-state">${['RAISED', 'CLEARED', 'ALL'].map(s => `<option value="${s}"${s === f.state ? ' selected' : ''}>${{ RAISED: 'active', CLEARED: 'cleared (history)', ALL: 'all (history)' }[s]}</option>`).join('')}</select></label>
      <label>Domain<select id="a-domain">${options(facets.kinds, f.domain)}</select></label>
      <label>Severity<select id="a-severity">${options(severities, f.severity)}</select></label>
      <label>Acknowledged<select id="a-ack">${options(['true', 'false'], f.acknowledged)}</select></label>
      ${ack ? '' : '<span class="muted">Viewers cannot acknowledge alarms.</span>'}
    </div>
    <div class="table-wrap"><table id="alarm-table"><thead><tr><th>Raised</th><th>Severity</th><th>Gateway</th><th>Domain</th><th>District</th><th>Channel</th>
      <th>Value / limit</th><th>Message</th><th>State</th><th>Acknowledged</th></tr></thead><tbody></tbody></table></div>
    <div class="pager"><button id="prev">‹ Previous</button><span id="alarm-info"></span><button id="next">Next ›</button></div>`;
  const tbody = root.querySelector('tbody');
  async function load() {
    const p = await api('/api/v1/alarm-view' + qs({ ...f, size: SIZE }));
    tbody.innerHTML = p.items.map(a => `<tr data-alarm="${a.id}">
      <td>${fmtTime(a.raisedAt)}</td><td>${esc(a.severity)}</td>
      <td><a href="#/gateway/${encodeURIComponent(a.gateway)}">${esc(a.gateway)}</a><br><span class="muted">${esc(a.gatewayName || '')}</span></td>
      <td>${esc(a.domain || '')}</td><td>${esc(a.district || '')}</td><td>${esc(a.channel || '')}</td>
      <td>${fmtNum(a.value)} / ${fmtNum(a.limit)}</td><td>${esc(a.message || '')}</td>
      <td>${esc(a.state.toLowerCase())}${a.clearedAt ? '<br><span class="muted">' + fmtTime(a.clearedAt) + '</span>' : ''}</td>
      <td class="ack-cell">${a.acknowledged
        ? `by ${esc(a.acknowledgedBy)}<br><span class="muted">${fmtTime(a.acknowledgedAt)}${a.comment ? ' – ' + esc(a.comment) : ''}</span>`
        : ack ? `<input class="ack-comment" placeholder="comment" maxlength="500"> <button class="primary ack-button" data-id="${a.id}">Acknowledge</button>` : '–'}</td></tr>`).join('')
      || '<tr><td colspan="10" class="muted">no alarms</td></tr>';
    const info = root.querySelector('#alarm-info');
    info.textContent = p.total === 0 ? '' : `${p.page * SIZE + 1}–${p.page * SIZE + p.items.length} of ${p.total}`;
    info.dataset.total = p.total;
    root.querySelector('#prev').disabled = f.page === 0;
    root.querySelector('#next').disabled = (f.page + 1) * SIZE >= p.total;
  }
  tbody.addEventListener('click', async e => {
    const b = e.target.closest('.ack-button');
    if (!b) return;
    b.disabled = true;
    const comment = b.parentElement.querySelector('.ack-comment').value.trim();
    try {
      await api('/api/v1/alarms/' + b.dataset.id + '/acknowledge', { method: 'POST', body: { comment: comment || null } });
      toast('Alarm ' + b.dataset.id + ' acknowledged');
      await load();
    } catch (x) {
      b.disabled = false;
      toast('Not acknowledged: ' + x.message);
    }
  });
  for (const [sel, key] of [['#a-state', 'state'], ['#a-domain', 'domain'], ['#a-severity', 'severity'], ['#a-ack', 'acknowledged']]) {
    root.querySelector(sel).addEventListener('change', e => { f[key] = e.target.value; f.page = 0; load(); });
  }
  root.querySelector('#prev').addEventListener('click', () => { f.page = Math.max(0, f.page - 1); load(); });
  root.querySelector('#next').addEventListener('click', () => { f.page++; load(); });
  await load();
  const reload = debounce(load, 500);
  return { onEvent(type) { if (type === 'alarm') reload(); } };
}
