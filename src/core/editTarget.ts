import { l10n } from '../shared/l10n';
import type { CodeContext } from './domain';

/** A URI as VS Code parses it (path decoded), so the check and the edit see the same document. */
export interface UriParts {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query: string;
  readonly fragment: string;
}

/** The code an answer's question was about, and whether its conversation came from an import. */
export interface QuestionCode {
  readonly context: CodeContext | undefined;
  readonly imported: boolean;
}

export interface WorkspaceFolders {
  readonly folders: readonly UriParts[];
  /** A recorded URI as VS Code parses it; undefined when it is not one. */
  parse(uri: string): UriParts | undefined;
  /** Whether `folder` holds a file at the plain relative `path`. */
  hasFile(folder: UriParts, path: string): Promise<boolean>;
}

export type EditTarget = { readonly ok: true; readonly target: UriParts } | { readonly ok: false; readonly reason: string };

/**
 * A `.git` folder however a file system may spell it: any case, trailing dots or spaces (Windows
 * drops them), an NTFS stream (`.git::$INDEX_ALLOCATION`), or its 8.3 short name.
 */
const GIT_FOLDER = /^(\.git[. ]*(:.*)?|git~\d+)$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(reason: string): EditTarget {
  return { ok: false, reason };
}

/** Why `path` (a URI path or a relative one) is not a plain path: dot or empty segments, backslashes, control characters. */
function plainPathProblem(segments: readonly string[], path: string): boolean {
  return path.includes('\\') || CONTROL.test(path) || segments.some((s) => s === '' || s === '.' || s === '..');
}

/** Where `target` may not be edited: outside every folder, not a plain path, or in Git's internals. */
function containmentProblem(target: UriParts, folders: readonly UriParts[], shown: string): string | undefined {
  // An untitled editor is not a file: an edit to it is visible and nothing is saved.
  if (target.scheme === 'untitled' && !target.path.includes('/')) return undefined;
  const inside = folders.some((folder) => {
    const root = folder.path.replace(/\/+$/, '');
    return (
      folder.scheme.toLowerCase() === target.scheme.toLowerCase() &&
      folder.authority.toLowerCase() === target.authority.toLowerCase() &&
      target.path.startsWith(`${root}/`)
    );
  });
  if (!inside) return l10n.t("{0} is outside this workspace's folders.", shown);
  const segments = target.path.split('/').slice(1);
  if (target.query || target.fragment || plainPathProblem(segments, target.path)) return l10n.t('{0} is not a plain path to a file.', shown);
  if (segments.some((s) => GIT_FOLDER.test(s))) return l10n.t('{0} is inside a Git folder, which Parley never edits.', shown);
  return undefined;
}

/**
 * The document Replace Selection may edit: the one the question was asked about, by the URI
 * recorded with it, when it lies inside one of the workspace's folders and outside Git's
 * internals. An imported conversation's code is history from elsewhere, never a target.
 * Conversations saved before URIs were recorded have only a path: it is resolved when it is a
 * plain relative path that exactly one folder holds.
 */
export async function replaceTarget(question: QuestionCode, workspace: WorkspaceFolders): Promise<EditTarget> {
  const context = question.context;
  if (!context) return refuse(l10n.t('This answer was not about a selection, so there is nothing to replace. Use Insert at Cursor.'));
  if (question.imported) {
    return refuse(
      l10n.t(
        'This conversation was imported: its code is history from another workspace, not a place to edit, so Replace Selection does not change any file. Use Compare with Selection or Insert at Cursor.',
      ),
    );
  }
  if (context.omittedLines) {
    return refuse(l10n.t('The selection was too large to be sent whole, so it is not replaced automatically. Use Compare with Selection.'));
  }
  if (context.uri !== undefined) {
    const target = workspace.parse(context.uri);
    if (!target) return refuse(l10n.t('{0} is not a document address.', context.uri.slice(0, 200)));
    const problem = containmentProblem(target, workspace.folders, context.uri.slice(0, 200));
    return problem ? refuse(problem) : { ok: true, target };
  }
  const shown = context.path.slice(0, 200);
  const segments = context.path.split('/');
  if (/^[a-z][a-z0-9+.-]*:/i.test(context.path) || context.path.startsWith('/') || plainPathProblem(segments, context.path)) {
    return refuse(l10n.t('{0} is not a plain path to a file.', shown));
  }
  if (segments.some((s) => GIT_FOLDER.test(s))) return refuse(l10n.t('{0} is inside a Git folder, which Parley never edits.', shown));
  const holding: UriParts[] = [];
  for (const folder of workspace.folders) {
    if (await workspace.hasFile(folder, context.path)) holding.push({ ...folder, path: `${folder.path.replace(/\/+$/, '')}/${context.path}` });
  }
  if (holding.length === 0) return refuse(l10n.t('{0} was not found in this workspace.', shown));
  if (holding.length > 1) {
    return refuse(l10n.t("{0} is in {1} of this workspace's folders; this conversation does not say which one was asked about.", shown, holding.length));
  }
  const problem = containmentProblem(holding[0]!, workspace.folders, shown);
  return problem ? refuse(problem) : { ok: true, target: holding[0]! };
}
