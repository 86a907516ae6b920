// The webview's entry point: the translations first, then the panel (app.ts) on the page, taking
// what the host posts.
import './l10n';
import type { VsCodeApi } from './app';
import { App } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const app = new App(document.getElementById('app')!, acquireVsCodeApi());
window.addEventListener('message', (event: MessageEvent<unknown>) => app.handle(event.data));
app.start();
