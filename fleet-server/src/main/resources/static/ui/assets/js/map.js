// Map of all gateways coloured by state, clustered when zoomed out; boats and trucks at their latest position.
// Offline base layer: approximate district areas (GeoJSON from the server); online tiles only when configured.
import { api, session, esc, debounce } from './api.js';

const COLORS = { ONLINE: '#1a9b4b', OFFLINE: '#8a8f98', ALARM: '#d3302f' };
const RANK = { ONLINE: 0, OFFLINE: 1, ALARM: 2 };

export async function render(root) {
  root.innerHTML = `
    <div class="toolbar">
      <span id="map-count" class="muted">loading…</span>
      <span class="muted">District areas are approximate (hull of the registered sites), not official boundaries.</span>
    </div>
    <div id="map"></div>`;
  const map = L.map('map', { preferCanvas: true, minZoom: 9, maxZoom: 18 }).setView([16.05, 108.2], 12);
  if (session.tileUrl) {
    L.tileLayer(session.tileUrl, { maxZoom: 19, attribution: session.tileAttribution || '' }).addTo(map);
  }
  const districts = await api('/api/v1/map/districts');
  L.geoJSON(districts, {
    style: () => ({ color: '#4b6b88', weight: 1, fillColor: '#c9d8e6', fillOpacity: 0.35 }),
    onEachFeature: (f, layer) => layer.bindTooltip(f.properties.district + ' (approx.)',
      { permanent: true, direction: 'center', className: 'district-label' })
  }).addTo(map);

  const cluster = L.markerClusterGroup({
    maxClusterRadius: 45, disableClusteringAtZoom: 16, chunkedLoading: true,
    iconCreateFunction: c => {
      let worst = 'ONLINE';
      c.getAllChildMarkers().forEach(m => { if (RANK[m.options.state] > RANK[worst]) worst = m.options.state; });
      const n = c.getChildCount();
      const size = n < 10 ? 28 : n < 100 ? 34 : 42;
      return L.divIcon({ html: `<div class="cluster" style="background:${COLORS[worst]};width:${size}px;height:${size}px">${n}</div>`,
        className: '', iconSize: [size, size] });
    }
  });
  map.addLayer(cluster);
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const d = L.DomUtil.create('div', 'legend');
    d.innerHTML = Object.entries(COLORS).map(([k, c]) => `<span class="dot" style="background:${c}"></span>${k.toLowerCase()}`).join('<br>')
      + '<br>◆ boat / truck (latest position)';
    return d;
  };
  legend.addTo(map);

  async function load() {
    const markers = await api('/api/v1/map/gateways');
    cluster.clearLayers();
    const layers = markers.map(g => {
      const opts = { radius: g.moving ? 5 : 7, color: '#fff', weight: 1, fillColor: COLORS[g.state], fillOpacity: 0.95, state: g.state };
      const m = g.moving
        ? L.marker([g.lat, g.lon], { state: g.state, icon: L.divIcon({ className: '', iconSize: [12, 12],
            html: `<div style="width:12px;height:12px;background:${COLORS[g.state]};transform:rotate(45deg);border:1px solid #fff"></div>` }) })
        : L.circleMarker([g.lat, g.lon], opts);
      m.bindPopup(`<b><a href="#/gateway/${encodeURIComponent(g.id)}">${esc(g.id)}</a></b><br>${esc(g.name)}<br>${esc(g.kind)} · ${g.state.toLowerCase()}`);
      return m;
    });
    cluster.addLayers(layers);
    const counts = { ONLINE: 0, OFFLINE: 0, ALARM: 0 };
    markers.forEach(g => counts[g.state]++);
    const el = document.getElementById('map-count');
    if (el) {
      el.dataset.markers = markers.length;
      el.textContent = `${markers.length} gateways on the map: ${counts.ONLINE} online, ${counts.OFFLINE} offline, ${counts.ALARM} in alarm`;
    }
    window.hanedge.map = { markers: markers.length, counts, leaflet: map };
  }
  await load();
  const reload = debounce(load, 1000);
  let lastMoving = 0;
  return {
    onEvent(type) {
      if (type === 'latest') {
        if (Date.now() - lastMoving < 10000) return; // positions of boats and trucks: at most every 10 s
        lastMoving = Date.now();
      }
      reload();
    },
    dispose() { map.remove(); }
  };
}
