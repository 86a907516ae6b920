// Bundles the webview loads on first use (highlighting grammars, math typesetting): scripts beside
// the webview's own, added with its nonce, so the CSP's nonce-only `script-src` lets them run.

// The script tag that loaded the webview bundle: its nonce (the CSP allows only scripts that carry
// it) and its address, next to which the other bundles lie.
const ownScript = document.currentScript as HTMLScriptElement | null;
const requested = new Set<string>();

/**
 * Starts loading `script` (and `stylesheet`, a file beside it) once; `readyEvent` fires on `window`
 * when the script has run. False when it cannot load (a page without the webview's script tag).
 */
export function loadBundle(script: string, readyEvent: string, stylesheet?: string): boolean {
  if (!ownScript?.src) return false;
  if (requested.has(script)) return true;
  requested.add(script);
  // Asked for once the frame that needs it is painted: running the script must not delay it.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (stylesheet) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = new URL(stylesheet, ownScript.src).href;
        document.head.append(link);
      }
      const element = document.createElement('script');
      element.nonce = ownScript.nonce;
      element.src = new URL(script, ownScript.src).href;
      element.addEventListener('load', () => window.dispatchEvent(new Event(readyEvent)));
      document.head.append(element);
    }),
  );
  return true;
}
