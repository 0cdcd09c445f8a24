import { h, render } from 'preact';
import { App } from './app.ts';
import { initLang } from './i18n/index.ts';
import { loadConfig } from './lib/config.ts';
import { startRouter } from './lib/router.ts';
import './styles.css';

/** Entry point: configuration and language first, then the app. */
initLang();
startRouter();
await loadConfig();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(h(App, {}), root);
}
