// City dashboard: the KPIs per domain and district, with charts.
import { api, qs, esc, fmtNum, debounce } from './api.js';

const RANGES = [['24h', 86400e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3]];
let range = '24h';
let district = '';

function bar(canvas, labels, datasets, stacked = false) {
  return new Chart(canvas, { type: 'bar', data: { labels, datasets },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked }, y: { stacked, beginAtZero: true } } } });
}

export async function render(root) {
  const facets = await api('/api/v1/fleet/facets');
  root.innerHTML = `
    <div class="toolbar">
      <label>Range<select id="d-range">${RANGES.map(([k]) => `<option${k === range ? ' selected' : ''}>${k}</option>`).join('')}</select></label>
      <label>District<select id="d-district"><option value="">whole city</option>${facets.districts.map(d => `<option${d === district ? ' selected' : ''}>${esc(d)}</option>`).join('')}</select></label>
      <span class="muted" id="d-info"></span>
    </div>
    <div class="grid" id="kpis"></div>`;
  let charts = [];
  async function load() {
    const span = RANGES.find(r => r[0] === range)[1];
    const to = new Date();
    const k = await api('/api/v1/kpis' + qs({ from: new Date(to.getTime() - span).toISOString(), to: to.toISOString(), district }));
    charts.forEach(c => c.destroy());
    charts = [];
    const t = k.traffic, w = k.water, d = k.drainage, ws = k.waste, fi = k.fishing;
    root.querySelector('#kpis').innerHTML = `
      <div class="card" id="kpi-traffic"><h3>Traffic</h3><span class="kpi">${fmtNum(t.vehiclesPerHour, 0)}</span> vehicles/h per intersection
        <div class="muted">${t.vehicles} vehicles at ${t.intersections} intersections</div><div class="chart-box"><canvas></canvas></div></div>
      <div class="card" id="kpi-water"><h3>Lakes</h3><span class="kpi">${w.lakesOutside}</span> of ${w.lakes} lakes outside water-quality limits
        <div class="muted">${w.outsideLimits.map(x => esc(x.name + ': ' + x.channel + ' ' + fmtNum(x.value) + ' (' + x.side.toLowerCase() + ' ' + x.limit + ')')).join('; ') || 'all within limits'}</div>
        <div class="chart-box"><canvas></canvas></div></div>
      <div class="card" id="kpi-drainage"><h3>Drainage</h3><span class="kpi">${fmtNum(d.runningHours, 1)}</span> pump running hours
        <div class="muted">${d.stations} stations, ${d.wetWellAlarms} wet-well alarms</div><div class="chart-box"><canvas></canvas></div></div>
      <div class="card" id="kpi-waste"><h3>Waste</h3><span class="kpi">${fmtNum(ws.tonnes, 1)}</span> t delivered
        <div class="muted">${ws.deliveries} deliveries by ${ws.trucks} trucks</div><div class="chart-box"><canvas></canvas></div></div>
      <div class="card" id="kpi-fishing"><h3>Fishing</h3><span class="kpi">${fi.atSea}</span> boats at sea
        <div class="muted">${fi.inHarbour} in harbour, ${fi.unknown} unknown, of ${fi.boats}</div><div class="chart-box"><canvas></canvas></div></div>`;
    const c = id => root.querySelector('#' + id + ' canvas');
    charts.push(bar(c('kpi-traffic'), t.districts.map(x => x.name), [{ label: 'vehicles/h per intersection', data: t.districts.map(x => x.vehiclesPerHour), backgroundColor: '#0b6e99' }]));
    charts.push(bar(c('kpi-water'), w.districts.map(x => x.district), [{ label: 'lakes outside', data: w.districts.map(x => x.lakesOutside), backgroundColor: '#d3302f' },
      { label: 'hours outside', data: w.districts.map(x => x.hoursOutside), backgroundColor: '#e39b2d' }]));
    charts.push(bar(c('kpi-drainage'), d.districts.map(x => x.district), [{ label: 'running hours', data: d.districts.map(x => x.runningHours), backgroundColor: '#1a9b4b' },
      { label: 'wet-well alarms', data: d.districts.map(x => x.wetWellAlarms), backgroundColor: '#d3302f' }]));
    charts.push(bar(c('kpi-waste'), ws.perDay.map(x => x.date), [{ label: 'tonnes per day', data: ws.perDay.map(x => x.tonnes), backgroundColor: '#6b4fbb' }]));
    charts.push(bar(c('kpi-fishing'), fi.districts.map(x => x.district), [{ label: 'at sea', data: fi.districts.map(x => x.atSea), backgroundColor: '#0b6e99' },
      { label: 'in harbour', data: fi.districts.map(x => x.inHarbour), backgroundColor: '#1a9b4b' }, { label: 'unknown', data: fi.districts.map(x => x.unknown), backgroundColor: '#8a8f98' }], true));
    root.querySelector('#d-info').textContent = 'as of ' + to.toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
  }
  root.querySelector('#d-range').addEventListener('change', e => { range = e.target.value; load(); });
  root.querySelector('#d-district').addEventListener('change', e => { district = e.target.value; load(); });
  await load();
  const reload = debounce(load, 30000); // KPIs are heavier: at most every 30 s while data arrives
  return { onEvent() { reload(); }, dispose() { charts.forEach(c => c.destroy()); } };
}
