// Which format an import file is, and reading it whole: Parley's JSON export, Parley's Markdown
// script (or one written by hand), or another tool's history (histories.ts). A file that does not
// read is refused with its format's name and what was wrong; nothing of it is imported.
import { l10n } from '../shared/l10n';
import type { Conversation } from './domain';
import type { ImportOrigin } from './exchange';
import { checkedImports, parseExport } from './exchange';
import type { ForeignChat } from './histories';
import {
  foreignConversation,
  isChatGptExport,
  isClineApiHistory,
  isClineUiMessages,
  isContinueSession,
  isVsCodeChatSession,
  readChatGptExport,
  readClineApiHistory,
  readClineUiMessages,
  readContinueSession,
  readVsCodeChatSession,
  replayVsCodeSessionLog,
} from './histories';
import { parseScript, scriptKind } from './scripts';

export type ImportFormat = 'parley' | 'script' | 'vscode-chat' | 'continue' | 'cline-task' | 'cline-ui' | 'cline-markdown' | 'chatgpt';

/** The format's name, as the user knows it. */
export function formatName(format: ImportFormat): string {
  switch (format) {
    case 'parley':
      return l10n.t('Parley export');
    case 'script':
      return l10n.t('Markdown script');
    case 'vscode-chat':
      return l10n.t('VS Code chat session');
    case 'continue':
      return l10n.t('Continue session');
    case 'cline-task':
      return l10n.t('Cline or Roo Code task history');
    case 'cline-ui':
      return l10n.t('Cline or Roo Code task messages');
    case 'cline-markdown':
      return l10n.t('Cline or Roo Code Markdown export');
    case 'chatgpt':
      return l10n.t('ChatGPT data export');
  }
}

/** A file that was not imported: which format it was read as, and why. */
export class ImportRefused extends Error {
  constructor(
    readonly format: ImportFormat,
    readonly problem: string,
  ) {
    super(`${formatName(format)}: ${problem}`);
  }
}

/** The format a file's name says, when it says one (so a truncated file is still named right). */
function formatByName(name: string): ImportFormat | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  if (base === 'conversations.json') return 'chatgpt';
  if (base.endsWith('.jsonl')) return 'vscode-chat';
  if (base === 'api_conversation_history.json') return 'cline-task';
  if (base === 'ui_messages.json') return 'cline-ui';
  if (/^(cline|roo)_task_.*\.md$/.test(base)) return 'cline-markdown';
  if (/\.(md|markdown|txt)$/.test(base)) return 'script';
  return undefined;
}

function formatByContent(raw: unknown): ImportFormat {
  if (isChatGptExport(raw)) return 'chatgpt';
  if (isVsCodeChatSession(raw)) return 'vscode-chat';
  if (isContinueSession(raw)) return 'continue';
  if (isClineApiHistory(raw)) return 'cline-task';
  if (isClineUiMessages(raw)) return 'cline-ui';
  return 'parley';
}

function chats(format: ImportFormat, raw: unknown): ForeignChat[] {
  switch (format) {
    case 'chatgpt':
      return readChatGptExport(raw);
    case 'vscode-chat':
      return [readVsCodeChatSession(raw)];
    case 'continue':
      return [readContinueSession(raw)];
    case 'cline-task':
      return [readClineApiHistory(raw)];
    default:
      return [readClineUiMessages(raw)];
  }
}

/**
 * Reads one import file into conversations marked imported, checked as an export is; `format`
 * when the caller knows it (a source found on disk), else from the file's name and content.
 * Throws ImportRefused.
 */
export function readImportFile(name: string, text: string, origin: ImportOrigin, format?: ImportFormat): Conversation[] {
  const clean = text.replace(/^\uFEFF/, '');
  const named = format ?? formatByName(name);
  if (named === 'script' || named === 'cline-markdown' || (named === undefined && !/^\s*[[{]/.test(clean) && scriptKind(clean))) {
    const kind = named === 'cline-markdown' ? 'cline-markdown' : scriptKind(clean) === 'cline' ? 'cline-markdown' : 'script';
    try {
      return checkedImports([parseScript(clean, origin.at)], origin);
    } catch (error) {
      throw new ImportRefused(kind, (error as Error).message);
    }
  }
  let raw: unknown;
  try {
    // VS Code's newer sessions are a log of changes, one JSON entry per line.
    raw = /\.jsonl$/i.test(name) ? replayVsCodeSessionLog(clean) : JSON.parse(clean);
  } catch (error) {
    if (named === undefined || named === 'parley') throw new ImportRefused('parley', l10n.t('it is not valid JSON ({0})', (error as Error).message));
    throw new ImportRefused(named, l10n.t('it is not valid JSON ({0})', (error as Error).message));
  }
  const found = named ?? formatByContent(raw);
  try {
    if (found === 'parley') return parseExport(clean, origin);
    // A file of many chats (ChatGPT's export) holds some with no question at all, opened and left:
    // nothing of them is lost by leaving them out. A single chat with no question is refused.
    const all = chats(found, raw);
    const read = all.length > 1 ? all.filter((chat) => chat.messages.some((m) => m.role === 'user')) : all;
    if (read.length === 0) throw new Error(l10n.t('it holds no question'));
    return checkedImports(
      read.map((chat, index) => {
        try {
          return foreignConversation(chat, formatName(found), `imported-${index + 1}`, origin.at);
        } catch (error) {
          throw new Error(read.length === 1 ? (error as Error).message : l10n.t('conversation {0}: {1}', index + 1, (error as Error).message));
        }
      }),
      origin,
    );
  } catch (error) {
    throw new ImportRefused(found, (error as Error).message);
  }
}
