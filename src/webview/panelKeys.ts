// The panel's own keys, beside the browser's Tab order: one to reach History from anywhere (the
// message box included) and two to step between messages. None is bound by VS Code while a webview
// has focus, and none is a character a keyboard layout types.

/** History, named as the tooltip shows it and as aria-keyshortcuts spells it. */
export const HISTORY_SHORTCUT = { label: 'Ctrl+Alt+H', aria: 'Control+Alt+H' } as const;

export function isHistoryKey(event: KeyboardEvent): boolean {
  // By its key where the layout has one; by its place where Alt changes the character (macOS's Option).
  return event.ctrlKey && event.altKey && !event.shiftKey && !event.metaKey && (event.key.toLowerCase() === 'h' || event.code === 'KeyH');
}

/** Alt+Up / Alt+Down: the message before or after the one with focus (the message box's plain Up edits the last question). */
export function messageStep(event: KeyboardEvent): -1 | 1 | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined;
  return event.key === 'ArrowUp' ? -1 : event.key === 'ArrowDown' ? 1 : undefined;
}
