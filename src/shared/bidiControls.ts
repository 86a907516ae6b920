// Bidirectional control characters reorder how text is shown and are themselves invisible, so code
// can read differently from what it does ("Trojan Source"). The webview shows each one in code as
// a visible mark, as VS Code's editor does; the text itself is left as it is.

/** U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), LRM, RLM and ALM. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');

/** How many bidirectional control characters `text` holds (the host warns before it inserts or copies such code). */
export function countBidiControls(text: string): number {
  return text.match(BIDI_CONTROLS)?.length ?? 0;
}

/** A run of text: ordinary characters, or one bidirectional control character. */
export type TextRun = { readonly text: string; readonly control: false } | { readonly text: string; readonly control: true; readonly codePoint: string };

/** `text` as runs, each control character a run of its own (with its code point, e.g. `U+202E`). */
export function splitBidiControls(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let from = 0;
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    if (match.index > from) runs.push({ text: text.slice(from, match.index), control: false });
    const char = match[0];
    runs.push({ text: char, control: true, codePoint: `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` });
    from = match.index + char.length;
  }
  if (from < text.length) runs.push({ text: text.slice(from), control: false });
  return runs;
}
