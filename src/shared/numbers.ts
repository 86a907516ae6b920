/**
 * "128,000": a count with its thousands grouped. Written out rather than `toLocaleString`, whose
 * first call loads the ICU locale data — about 90 ms in a webview, on the first frame it draws.
 */
export function groupDigits(count: number): string {
  const [whole = '', fraction] = String(count).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
