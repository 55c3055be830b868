// The fleet table: filters, sort, accent-insensitive search, server-side paging (one page in the browser).
import { api, qs, esc, fmtTime, debounce, canOperate } from './api.js';
import { T } from './texts.js';
import * as pushDialog from './push.js';

const COLUMNS = [['id', 'Id'], ['name', 'Name'], ['kind', 'Kind'], ['district', 'District'], ['state', 'State'],
  ['firmware', 'Firmware'], ['lastSeen', 'Last seen'], ['openAlarms', 'Open alarms'], ['sync', T.syncColumn]];
const SYNCS = ['IN_SYNC', 'PENDING', 'FAILED', 'DRIFT', 'NONE'];
const SIZE = 50;
let state = { kind: '', district: '', state: '', firmware: '', tag: '', sync: '', q: '', sort: 'id', desc: false, page: 0 };

function options(list, value) {
  return '<option value="">any</option>' + list.map(v => `<option${v === value ? ' selected' : ''}>${esc(v)}</option>`).join('');
}

export async function render(root) {
  const f = await api('/api/v1/fleet/facets');
  root.innerHTML = `
    <div class="toolbar" id="fleet-filters">
      <label>Kind<select id="f-kind">${options(f.kinds, state.kind)}</select></label>
      <label>District<select id="f-district">${options(f.districts, state.district)}</select></label>
      <label>State<select id="f-state">${options(['ONLINE', 'OFFLINE', 'ALARM'], state.state)}</select></label>
      <label>Firmware<select id="f-firmware">${options(f.firmwares, state.firmware)}</select></label>
      <label>Tag<select id="f-tag">${options(f.tags, state.tag)}</select></label>
      <label>${T.syncFilter}<select id="filter-sync"><option value="">any</option>${SYNCS.map(k => `<option value="${k}"${k === state.sync ? ' selected' : ''}>${esc(T.sync[k])} (${f.sync ? f.sync[k] : 0})</option>`).join('')}</select></label>
      <label>Search id or name<input id="f-q" type="search" value="${esc(state.q)}" placeholder="e.g. thac gian"></label>
      <span class="muted">${f.total} gateways: ${f.states.ONLINE} online, ${f.states.OFFLINE} offline, ${f.states.ALARM} in alarm</span>
      ${canOperate() ? `<button id="push-open">${T.pushGroup}</button>` : ''}
    </div>
    <div class="table-wrap"><table id="fleet-table"><thead><tr>${COLUMNS.map(([k, t]) => `<th class="sortable" data-sort="${k}">${t}</th>`).join('')}<th>Tags</th></tr></thead>
    <tbody></tbody></table></div>
    <div class="pager"><button id="prev">‹ Previous</button><span id="fleet-info"></span><button id="next">Next ›</button></div>`;
  const tbody = root.querySelector('tbody');
  let seq = 0;
  async function load() {
    const my = ++seq;
    const p = await api('/api/v1/fleet' + qs({ ...state, desc: state.desc || undefined, size: SIZE }));
    if (my !== seq) return; // a newer request is under way
    tbody.innerHTML = p.items.map(g => `<tr data-id="${esc(g.id)}">
      <td><a href="#/gateway/${encodeURIComponent(g.id)}">${esc(g.id)}</a></td>
      <td>${esc(g.nameLocal || g.name)}</td><td>${esc(g.kind)}</td><td>${esc(g.district)}</td>
      <td><span class="state ${g.state}">${g.state.toLowerCase()}</span></td><td>${esc(g.firmware || '–')}</td>
      <td>${fmtTime(g.lastSeen)}</td><td>${g.openAlarms || ''}</td>
      <td class="sync" data-sync="${g.sync}"><a class="sync ${g.sync}" href="#/gateway/${encodeURIComponent(g.id)}/config">${esc(T.sync[g.sync] || g.sync)}</a></td>
      <td>${esc(g.tags.join(', '))}</td></tr>`).join('');
    const last = Math.max(0, Math.ceil(p.total / SIZE) - 1);
    const info = root.querySelector('#fleet-info');
    info.textContent = p.total === 0 ? 'no gateway matches' : `${p.page * SIZE + 1}–${p.page * SIZE + p.items.length} of ${p.total}`;
    info.dataset.total = p.total;
    root.querySelector('#prev').disabled = state.page === 0;
    root.querySelector('#next').disabled = state.page >= last;
    root.querySelectorAll('th.sortable').forEach(th => {
      th.classList.toggle('sorted-asc', th.dataset.sort === state.sort && !state.desc);
      th.classList.toggle('sorted-desc', th.dataset.sort === state.sort && state.desc);
    });
  }
  for (const k of ['kind', 'district', 'state', 'firmware', 'tag']) {
    root.querySelector('#f-' + k).addEventListener('change', e => { state[k] = e.target.value; state.page = 0; load(); });
  }
  root.querySelector('#filter-sync').addEventListener('change', e => { state.sync = e.target.value; state.page = 0; load(); });
  if (canOperate()) root.querySelector('#push-open').addEventListener('click', () => pushDialog.open(f));
  root.querySelector('#f-q').addEventListener('input', debounce(e => { state.q = e.target.value.trim(); state.page = 0; load(); }, 250));
  root.querySelector('thead').addEventListener('click', e => {
    const k = e.target.dataset.sort;
    if (!k) return;
    state.desc = state.sort === k ? !state.desc : false;
    state.sort = k;
    load();
  });
  root.querySelector('#prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); load(); });
  root.querySelector('#next').addEventListener('click', () => { state.page++; load(); });
  await load();
  const reload = debounce(load, 1000);
  return { onEvent(type) { if (type !== 'latest') reload(); }, dispose() { pushDialog.close(); } };
}
