import type * as vscode from 'vscode';

/**
 * Shows `pick` until the user accepts or leaves it. Accepted: `valueOf` the item picked, else the
 * text typed (trimmed; undefined when blank), as a name or a question typed by hand. Left: undefined.
 * `listeners` are the pick's own, disposed with it when it hides.
 */
export function pickOrTyped<T extends vscode.QuickPickItem>(
  pick: vscode.QuickPick<T>,
  valueOf: (item: T) => string,
  listeners: readonly vscode.Disposable[],
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const subscriptions = [
      ...listeners,
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0];
        resolve(item ? valueOf(item) : pick.value.trim() || undefined);
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve(undefined);
        for (const subscription of subscriptions) subscription.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
  });
}
