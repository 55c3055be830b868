// One gateway: site, latest value of every channel with unit and profile limits, charts, outbox, connections.
import { api, qs, esc, fmtTime, fmtNum, debounce } from './api.js';
import * as configTab from './config.js';
import * as commands from './commands.js';
import { T } from './texts.js';

const RANGES = [['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 24 * 3600e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3], ['1y', 365 * 86400e3]];

function limitText(c) {
  if (!c) return '';
  const parts = [];
  if (c.lowLow != null) parts.push('LL ' + c.lowLow);
  if (c.low != null) parts.push('L ' + c.low);
  if (c.high != null) parts.push('H ' + c.high);
  if (c.highHigh != null) parts.push('HH ' + c.highHigh);
  return parts.join(' · ');
}

function outside(v, c) {
  if (!c || typeof v !== 'number') return false;
  return (c.low != null && v < c.low) || (c.lowLow != null && v < c.lowLow)
      || (c.high != null && v > c.high) || (c.highHigh != null && v > c.highHigh);
}

function header(g, tab) {
  const href = '#/gateway/' + encodeURIComponent(g.id);
  return `<h2>${esc(g.nameLocal || g.name)} <span class="muted">${esc(g.id)}</span>
      <span class="state ${g.online ? 'ONLINE' : 'OFFLINE'}" id="gw-online">${g.online ? 'online' : 'offline'}</span></h2>
    <nav class="tabs"><a id="tab-overview" href="${href}" class="${tab === 'config' ? '' : 'active'}">${T.tabOverview}</a>
      <a id="tab-config" href="${href}/config" class="${tab === 'config' ? 'active' : ''}">${T.tabConfig}</a></nav>`;
}

function presence(root, id) {
  return (type, data) => {
    if (type === 'presence' && data.gateway === id) {
      const el = root.querySelector('#gw-online');
      el.className = 'state ' + (data.online ? 'ONLINE' : 'OFFLINE');
      el.textContent = data.online ? 'online' : 'offline';
    }
  };
}

/** Routes: #/gateway/ID (overview with commands), #/gateway/ID/config (configuration). */
export async function render(root, [id, tab]) {
  if (tab === 'config') {
    const g = await api('/api/v1/gateways/' + encodeURIComponent(id));
    root.innerHTML = header(g, tab);
    const page = await configTab.render(root, id);
    return { ...page, onEvent: presence(root, id) };
  }
  const [g, o] = await Promise.all([api('/api/v1/gateways/' + encodeURIComponent(id)),
    api('/api/v1/gateways/' + encodeURIComponent(id) + '/overview')]);
  const limits = {};
  o.channels.forEach(c => { limits[c.device + '/' + c.channel] = c; limits['*/' + c.channel] = limits['*/' + c.channel] || c; });
  const ob = o.outbox;
  root.innerHTML = header(g, tab) + `
    <div class="grid">
      <div class="card"><h3>Site</h3><dl class="kv">
        <dt>Kind</dt><dd>${esc(g.kind)}</dd><dt>District</dt><dd>${esc(g.district || '–')}</dd>
        <dt>Position</dt><dd>${g.lat != null ? g.lat.toFixed(5) + ', ' + g.lon.toFixed(5) : '–'}${g.position ? ' (latest ' + g.position.lat.toFixed(5) + ', ' + g.position.lon.toFixed(5) + ')' : ''}</dd>
        <dt>Profile</dt><dd>${esc(g.profile || '–')} ${esc(g.profileVersion || '')}</dd><dt>Firmware</dt><dd>${esc(g.firmware || '–')}</dd>
        <dt>Tags</dt><dd>${esc((g.tags || []).join(', ') || '–')}</dd><dt>Note</dt><dd>${esc(g.note || '–')}</dd>
        <dt>Devices</dt><dd>${esc(Object.entries(g.devices || {}).map(([d, p]) => d + ' = ' + p).join(', ') || '–')}</dd>
      </dl></div>
      <div class="card"><h3>Connection</h3><dl class="kv">
        <dt>Last seen</dt><dd>${fmtTime(g.lastSeen)}</dd><dt>Connected</dt><dd>${fmtTime(g.connectedAt)}</dd>
        <dt>Started</dt><dd>${fmtTime(g.startedAt)}</dd><dt>Clock offset</dt><dd>${g.clockOffsetMs != null ? g.clockOffsetMs + ' ms' : '–'}</dd>
        </dl>
        <h3>History</h3><table id="gw-connections"><tbody>${o.connections.map(c => `<tr><td>${c.online ? 'online' : 'offline'}</td><td>${fmtTime(c.at)}</td></tr>`).join('') || '<tr><td class="muted">nothing recorded yet</td></tr>'}</tbody></table>
      </div>
      <div class="card"><h3>Outbox</h3>${ob.statsTime ? `<dl class="kv" id="gw-outbox">
        <dt>Stats of</dt><dd>${fmtTime(ob.statsTime)}</dd><dt>Depth</dt><dd>${fmtNum(ob.pending)} pending, ${fmtNum(ob.inFlight)} in flight</dd>
        <dt>On disk</dt><dd>${fmtNum(ob.bytesOnDisk)} of ${fmtNum(ob.capacityBytes)} bytes</dd>
        ${Object.entries(ob.drops).map(([k, v]) => `<dt>${esc(k)}</dt><dd class="${v > 0 ? 'out' : ''}">${v}</dd>`).join('')}</dl>`
        : '<p class="muted" id="gw-outbox">no stats message received yet</p>'}</div>
    </div>
    <div class="card" id="gw-commands" style="margin-top:1rem"></div>
    <div class="card" style="margin-top:1rem"><h3>Chart</h3>
      <div class="toolbar"><label>Channel<select id="chart-channel"></select></label>
        <label>Range<select id="chart-range">${RANGES.map(([k]) => `<option${k === '24h' ? ' selected' : ''}>${k}</option>`).join('')}</select></label>
        <span class="muted" id="chart-info"></span></div>
      <div class="chart-box"><canvas id="chart"></canvas></div></div>
    <div class="grid" style="margin-top:1rem">
      <div class="card"><h3>Latest values</h3><table id="gw-latest"><thead><tr><th>Device</th><th>Channel</th><th>Value</th><th>Unit</th><th>Limits</th><th>Time</th><th>Quality</th></tr></thead><tbody></tbody></table></div>
      <div class="card"><h3>Alarms</h3><table id="gw-alarms"><tbody></tbody></table></div>
    </div>`;

  let latest = [];
  async function loadLatest() {
    latest = await api('/api/v1/gateways/' + encodeURIComponent(id) + '/latest');
    root.querySelector('#gw-latest tbody').innerHTML = latest.map(v => {
      const c = limits[v.device + '/' + v.channel] || limits['*/' + v.channel];
      return `<tr data-channel="${esc(v.channel)}"><td>${esc(v.device)}</td><td>${esc(v.channel)}</td>
        <td class="${outside(v.value, c) ? 'out' : ''}">${esc(fmtNum(v.value, 3))}</td><td>${esc(v.unit || c?.unit || '')}</td>
        <td class="muted">${esc(limitText(c))}</td><td>${fmtTime(v.time)}</td><td>${esc(v.quality)}</td></tr>`;
    }).join('') || '<tr><td class="muted" colspan="7">no data yet</td></tr>';
    const sel = root.querySelector('#chart-channel');
    const numeric = latest.filter(v => v.valueKind !== 'TEXT');
    if (sel.options.length !== numeric.length) {
      const keep = sel.value;
      sel.innerHTML = numeric.map(v => `<option value="${esc(v.device + '|' + v.channel)}">${esc(v.device + ' / ' + v.channel)}</option>`).join('');
      if (keep) sel.value = keep;
    }
  }
  async function loadAlarms() {
    const p = await api('/api/v1/alarm-view' + qs({ gateway: id, state: 'ALL', size: 10 }));
    root.querySelector('#gw-alarms tbody').innerHTML = p.items.map(a => `<tr><td>${esc(a.severity)}</td><td>${esc(a.state)}</td>
      <td>${esc(a.channel || a.message || '')}</td><td>${fmtTime(a.raisedAt)}</td><td>${a.acknowledged ? 'ack by ' + esc(a.acknowledgedBy) : ''}</td></tr>`).join('')
      || '<tr><td class="muted">no alarms</td></tr>';
  }

  let chart = null;
  async function loadChart() {
    const sel = root.querySelector('#chart-channel').value;
    if (!sel) return;
    const [device, channel] = sel.split('|');
    const span = RANGES.find(r => r[0] === root.querySelector('#chart-range').value)[1];
    const to = new Date(Date.now() + 60e3);
    const from = new Date(to.getTime() - span);
    const s = await api('/api/v1/gateways/' + encodeURIComponent(id) + '/series' + qs({ device, channel, from: from.toISOString(), to: to.toISOString() }));
    const raw = s.resolution === 'raw';
    const pts = s.points.map(p => ({ x: new Date(p.t).getTime(), y: raw ? p.value : p.avg }));
    const datasets = [{ label: channel + (s.unit ? ' (' + s.unit + ')' : ''), data: pts, borderColor: '#0b6e99', pointRadius: pts.length < 60 ? 2 : 0, borderWidth: 1.5 }];
    if (!raw) {
      datasets.push({ label: 'min', data: s.points.map(p => ({ x: new Date(p.t).getTime(), y: p.min })), borderColor: '#9cc3d5', pointRadius: 0, borderWidth: 1 });
      datasets.push({ label: 'max', data: s.points.map(p => ({ x: new Date(p.t).getTime(), y: p.max })), borderColor: '#9cc3d5', pointRadius: 0, borderWidth: 1, fill: '-1', backgroundColor: '#9cc3d533' });
    }
    const c = limits[device + '/' + channel] || limits['*/' + channel];
    for (const [k, colour] of [['low', '#e39b2d'], ['high', '#e39b2d'], ['lowLow', '#d3302f'], ['highHigh', '#d3302f']]) {
      if (c && c[k] != null) datasets.push({ label: k, data: [{ x: from.getTime(), y: c[k] }, { x: to.getTime(), y: c[k] }], borderColor: colour, borderDash: [6, 4], pointRadius: 0, borderWidth: 1 });
    }
    const info = root.querySelector('#chart-info');
    info.textContent = `${s.points.length} points, step ${s.step}, from ${s.resolution === 'raw' ? 'raw readings' : s.resolution + ' rollups'}`;
    info.dataset.points = s.points.length;
    if (chart) chart.destroy();
    chart = new Chart(root.querySelector('#chart'), {
      type: 'line', data: { datasets },
      options: { animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
        scales: { x: { type: 'linear', min: from.getTime(), max: to.getTime(),
          ticks: { callback: v => new Date(v).toLocaleString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) } } },
        plugins: { legend: { labels: { filter: i => !['min', 'max'].includes(i.text) } } } }
    });
    window.hanedge.chart = { points: s.points.length, chart };
  }
  root.querySelector('#chart-channel').addEventListener('change', loadChart);
  root.querySelector('#chart-range').addEventListener('change', loadChart);
  await loadLatest();
  await Promise.all([loadChart(), loadAlarms(), commands.render(root.querySelector('#gw-commands'), id, o.outputs || [])]);
  const refreshChart = debounce(() => { if (['1h', '6h', '24h'].includes(root.querySelector('#chart-range').value)) loadChart(); }, 3000);
  return {
    onEvent(type, data) {
      if (type === 'latest' && (data.all || (data.gateways || []).includes(id))) { loadLatest(); refreshChart(); }
      if (type === 'alarm' && data.gateway === id) loadAlarms();
      presence(root, id)(type, data);
    },
    dispose() { if (chart) chart.destroy(); }
  };
}
