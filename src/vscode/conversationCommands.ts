import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ChatSession } from '../core/chatSession';
import type { Conversation } from '../core/domain';
import { importConversations, toExportJson } from '../core/exchange';
import type { ImportFormat } from '../core/importFile';
import { ImportRefused, formatName, readImportFile } from '../core/importFile';
import type { ImportPlaces, ImportSource } from '../node/importSources';
import { findImportSources, readSourceFile } from '../node/importSources';
import type { ConversationStore } from '../core/store';
import { toMarkdown } from '../core/transcript';
import { dateTimeText } from '../shared/numbers';

export interface ConversationCommandsDeps {
  readonly session: () => Promise<ChatSession>;
  readonly store: ConversationStore;
  /** Shows a stored conversation in the panel. */
  readonly openConversation: (id: string) => Promise<void>;
  /** Redraws the panel (the conversation list with it). */
  readonly refresh: () => Promise<void>;
}

/** The commands that work through VS Code's dialogs: export, import, pick and rename conversations. */
export class ConversationCommands {
  constructor(private readonly deps: ConversationCommandsDeps) {}

  async exportMarkdown(): Promise<void> {
    const session = await this.deps.session();
    if (session.current.turns.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: this conversation is empty; there is nothing to export yet.'));
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: toMarkdown(session.current, new Date()) });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** Lets the user pick a conversation from a quick pick, newest first, searching titles. */
  async pickConversation(): Promise<void> {
    const session = await this.deps.session();
    const items = this.deps.store.list().map((c) => {
      const meta = vscode.l10n.t('{0} · {1} messages', dateTimeText(c.updatedAt, vscode.env.language), c.turnCount);
      return {
        label: c.title,
        description: c.id === session.current.id ? vscode.l10n.t('current') : undefined,
        detail: c.origin === 'chat-view' ? vscode.l10n.t('{0} · in VS Code’s Chat view', meta) : meta,
        id: c.id,
      };
    });
    if (items.length === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('Parley: there are no saved conversations yet.'));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Parley: Open Conversation'),
      placeHolder: vscode.l10n.t('Search conversations by title'),
      matchOnDetail: true,
    });
    if (picked) await this.deps.openConversation(picked.id);
  }

  async renameConversation(id?: string): Promise<void> {
    const session = await this.deps.session();
    const target = id ?? session.current.id;
    const current = target === session.current.id ? session.current.title : this.deps.store.list().find((c) => c.id === target)?.title;
    if (current === undefined) return;
    const title = await vscode.window.showInputBox({
      title: vscode.l10n.t('Parley: Rename Conversation'),
      value: current,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A title cannot be empty.')),
    });
    if (title?.trim()) await session.renameConversation(target, title);
  }

  /** Writes one conversation (JSON) or all of them to a file the user picks. */
  async exportJson(scope: 'current' | 'all'): Promise<void> {
    const session = await this.deps.session();
    const conversations: Conversation[] = [];
    if (scope === 'current') {
      conversations.push(session.current);
    } else {
      for (const summary of this.deps.store.list()) {
        const loaded = summary.id === session.current.id ? session.current : await this.deps.store.load(summary.id);
        if (loaded) conversations.push(loaded);
      }
    }
    if (conversations.every((c) => c.turns.length === 0)) {
      return void vscode.window.showInformationMessage(vscode.l10n.t('Parley: there is nothing to export yet.'));
    }
    const name =
      scope === 'all'
        ? 'parley-conversations.json'
        : `${
            session.current.title
              .replace(/[^\w -]+/g, '')
              .trim()
              .slice(0, 40) || 'conversation'
          }.json`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: scope === 'all' ? vscode.l10n.t('Export All Parley Conversations') : vscode.l10n.t('Export Parley Conversation'),
      filters: { [vscode.l10n.t('Parley export')]: ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toExportJson(conversations, new Date())));
    void vscode.window.showInformationMessage(
      conversations.length === 1
        ? vscode.l10n.t('Parley: exported 1 conversation to {0}.', target.fsPath)
        : vscode.l10n.t('Parley: exported {0} conversations to {1}.', conversations.length, target.fsPath),
    );
  }

  /**
   * Imports chats: `file`, or what the user picks from the sources found on this machine (with
   * how many conversations each holds) and "From a file…". A bad file is refused whole, with its
   * format and the reason, and nothing is overwritten.
   */
  async importChats(file: vscode.Uri | undefined, places: ImportPlaces): Promise<void> {
    if (file) return this.importFiles([{ path: file.fsPath, read: async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(file)) }]);
    const sources = await findImportSources(places).catch(() => []);
    type Item = vscode.QuickPickItem & { source?: ImportSource };
    const items: Item[] = [
      ...sources.map((source) => ({
        label: sourceLabel(source),
        description: source.count === 1 ? vscode.l10n.t('1 conversation') : vscode.l10n.t('{0} conversations', source.count),
        detail: source.where,
        source,
      })),
      { label: vscode.l10n.t('From a file…'), description: vscode.l10n.t('a Parley export, a Markdown script, or another tool’s history file') },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Parley: Import Chats'),
      placeHolder: vscode.l10n.t('Where to import chats from'),
    });
    if (!picked) return;
    if (picked.source) {
      const files = await picked.source.files();
      return this.importFiles(files.map((f) => ({ path: f.path, format: f.format, read: () => readSourceFile(f) })));
    }
    const chosen = (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Import Parley Conversations'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('Chats')]: ['json', 'jsonl', 'md', 'markdown', 'txt'] },
      })
    )?.[0];
    if (chosen) await this.importChats(chosen, places);
  }

  /** Reads every file, then saves all their conversations, or none: the first file that does not read stops the import. */
  private async importFiles(files: { path: string; format?: ImportFormat; read: () => Promise<string> }[]): Promise<void> {
    const conversations: Conversation[] = [];
    const at = Date.now();
    let ids: string[];
    for (const file of files) {
      const name = file.path.slice(Math.max(file.path.lastIndexOf('/'), file.path.lastIndexOf('\\')) + 1);
      try {
        conversations.push(...readImportFile(name, await file.read(), { file: name, at }, file.format));
      } catch (error) {
        const message =
          error instanceof ImportRefused
            ? vscode.l10n.t('Parley did not import {0} ({1}): {2}. Nothing was changed.', file.path, formatName(error.format), error.problem)
            : vscode.l10n.t('Parley did not import {0}: {1}. Nothing was changed.', file.path, (error as Error).message);
        return void vscode.window.showErrorMessage(message);
      }
    }
    if (conversations.length === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('Parley: there was no conversation to import.'));
    try {
      ids = await importConversations(this.deps.store, conversations, randomUUID);
    } catch (error) {
      return void vscode.window.showErrorMessage(
        vscode.l10n.t('Parley did not import {0}: {1}. Nothing was changed.', files[0]?.path ?? '', (error as Error).message),
      );
    }
    const session = await this.deps.session();
    await this.deps.refresh();
    void vscode.window.showInformationMessage(
      ids.length === 1 ? vscode.l10n.t('Parley: imported 1 conversation.') : vscode.l10n.t('Parley: imported {0} conversations.', ids.length),
    );
    if (ids[0] && session.current.turns.length === 0) await this.deps.openConversation(ids[0]);
  }
}

/** A found source's name, as the user knows the tool. */
function sourceLabel(source: ImportSource): string {
  switch (source.kind) {
    case 'vscode-chat':
      return vscode.l10n.t('VS Code chat sessions');
    case 'continue':
      return vscode.l10n.t('Continue sessions');
    case 'cline':
      return vscode.l10n.t('Cline tasks');
    case 'roo':
      return vscode.l10n.t('Roo Code tasks');
  }
}
