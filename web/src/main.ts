import { h, render } from 'preact';
import { matchWebRoute } from '../../shared/contracts/web-routes.ts';
import { App, preloadPage } from './app.ts';
import { initLang } from './i18n/index.ts';
import { loadConfig } from './lib/config.ts';
import { startRouter } from './lib/router.ts';
import './styles.css';

/**
 * Entry point: language, then the app. The citizen's pages render at once and their API requests
 * wait for /config.json (the API client awaits it), so the page's own text paints while the
 * configuration is on its way; the staff pages read it while rendering (sign-in), so they wait.
 */
const CITIZEN_PAGES = new Set(['home', 'procedures', 'procedure', 'apply', 'receipt', 'lookup', 'verify']);

initLang();
startRouter();
const config = loadConfig();
preloadPage(location.pathname);
if (!CITIZEN_PAGES.has(matchWebRoute(location.pathname)?.name ?? '')) await config;
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(h(App, {}), root);
}
