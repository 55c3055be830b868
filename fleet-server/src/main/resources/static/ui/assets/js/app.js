// The single page: hash router, live updates (server-sent events), role-aware pages.
import { loadSession, api, toast } from './api.js';
import * as mapPage from './map.js';
import * as fleetPage from './fleet.js';
import * as gatewayPage from './gateway.js';
import * as alarmsPage from './alarms.js';
import * as dashboardPage from './dashboard.js';
import * as deadLettersPage from './deadletters.js';
import * as auditPage from './audit.js';
import * as profilesPage from './profiles.js';

const PAGES = { map: mapPage, fleet: fleetPage, gateway: gatewayPage, alarms: alarmsPage, dashboard: dashboardPage,
  'dead-letters': deadLettersPage, audit: auditPage, profiles: profilesPage };
const hanedge = window.hanedge = { events: 0, page: null, rendered: {} };
let current = null;

// renders never overlap: a route change waits for the page being rendered, then replaces it
let routing = Promise.resolve();
function route() {
  routing = routing.then(doRoute, doRoute);
  return routing;
}

async function doRoute() {
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'map').split('/');
  const page = PAGES[name] || mapPage;
  if (current && current.dispose) current.dispose();
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  const root = document.getElementById('page');
  root.innerHTML = '';
  root.dataset.page = name;
  hanedge.page = name;
  const started = performance.now();
  try {
    current = await page.render(root, rest.map(decodeURIComponent)) || {};
  } catch (e) {
    console.error(e);
    root.innerHTML = '<p class="error"></p>';
    root.firstChild.textContent = 'Could not load: ' + (e && e.message ? e.message : String(e));
    current = {};
  }
  hanedge.rendered[name] = Math.round(performance.now() - started);
}

async function refreshBadge() {
  try {
    const p = await api('/api/v1/alarm-view?state=RAISED&acknowledged=false&size=1');
    document.getElementById('alarm-badge').textContent = p.total > 0 ? p.total : '';
  } catch (e) { /* shown on the next event */ }
}

function live() {
  const es = new EventSource('/api/v1/events');
  const dot = document.getElementById('live');
  es.addEventListener('hello', () => { dot.className = 'live on'; });
  es.onerror = () => { dot.className = 'live off'; };
  for (const type of ['presence', 'alarm', 'latest']) {
    es.addEventListener(type, ev => {
      const data = JSON.parse(ev.data);
      hanedge.events++;
      if (type === 'alarm') {
        refreshBadge();
        if (data.change === 'RAISED') toast('Alarm raised on ' + data.gateway);
      }
      if (current && current.onEvent) current.onEvent(type, data);
    });
  }
  return es;
}

const s = await loadSession();
document.getElementById('user').textContent = s.username + ' (' + s.role.toLowerCase() + ')';
document.getElementById('logout-csrf').value = s.csrfToken;
// the audit log is for operators and admins (the API refuses viewers)
document.getElementById('nav-audit').hidden = !(s.role === 'OPERATOR' || s.role === 'ADMIN');
window.addEventListener('hashchange', route);
await route();
refreshBadge();
hanedge.source = live();
