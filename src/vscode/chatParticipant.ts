import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AnswerRun } from '../core/answerRun';
import { ContextBudget } from '../core/budget';
import type { ChatViewAnswerRef, ChatViewExchange } from '../core/chatViewThread';
import { conversationForChat } from '../core/chatViewThread';
import { titleFrom } from '../core/conversation';
import { failureText } from '../core/failureText';
import { PARLEY_VENDOR, parseParleyModelId } from '../core/parleyModels';
import { profileNamed } from '../core/profiles';
import { toCodeContext } from '../core/selection';
import type { ConversationStore } from '../core/store';
import { fileContext } from './selection';
import type { RequestTargets } from './requests';
import type { SteeringService } from './steering';
import type { AssistantTurn, CodeContext, Conversation, FailureAction } from '../core/domain';
import type { ConversationChoice } from '../core/chatSession';

/** The participant's id in package.json `chatParticipants`; users type `@parley`. */
export const PARTICIPANT_ID = 'parley.participant';

/** What Parley returns with each Chat view answer, and reads back from the chat's history. */
interface ResultMetadata extends Partial<ChatViewAnswerRef> {
  /** Characters at the end of the answer's Markdown that are Parley's note, not the model's words. */
  readonly noteChars?: number;
  /** The profiles `/profile` offered, as follow-ups. */
  readonly profiles?: readonly string[];
}

/** What the participant needs from the rest of Parley. */
export interface ChatParticipantDeps {
  readonly store: ConversationStore;
  readonly requests: RequestTargets;
  readonly steering: SteeringService;
  readonly log: vscode.LogOutputChannel;
  /** Whether the panel is answering in this conversation now: then the chat goes on in a copy. */
  readonly answeringInPanel: (conversationId: string) => Promise<boolean>;
  /** Called after the participant saved a conversation, so the panel shows what was added. */
  readonly onSaved: (conversationId: string) => void;
}

/** The button that each failure's way out becomes in the Chat view; Retry is the Chat view's own. */
const ACTION_COMMANDS: Readonly<Record<FailureAction, { command: string; title: () => string } | undefined>> = {
  setApiKey: { command: 'parley.setApiKey', title: () => vscode.l10n.t('Set API Key') },
  chooseProvider: { command: 'parley.chooseProvider', title: () => vscode.l10n.t('Choose Provider…') },
  // The Chat view has its own model picker, above its input.
  pickModel: undefined,
  openSettings: { command: 'workbench.action.openSettings', title: () => vscode.l10n.t('Open Settings') },
  retry: undefined,
  // The Chat view has no images to leave out: it sends text only.
  sendWithoutImages: undefined,
};

/** Where the Chat view's model sends: one of Parley's own models to its provider, any other through VS Code's API. */
function choiceFor(model: vscode.LanguageModelChat): ConversationChoice {
  const own = model.vendor === PARLEY_VENDOR ? parseParleyModelId(model.id) : undefined;
  return own ?? { provider: 'vscode-lm', model: model.id };
}

/** The chat's earlier `@parley` exchanges, answers to `/profile` left out. */
function exchangesOf(history: vscode.ChatContext['history']): ChatViewExchange[] {
  const exchanges: ChatViewExchange[] = [];
  for (const [index, turn] of history.entries()) {
    if (!(turn instanceof vscode.ChatRequestTurn) || turn.command === 'profile') continue;
    const next = history[index + 1];
    if (!(next instanceof vscode.ChatResponseTurn)) {
      exchanges.push({ prompt: turn.prompt });
      continue;
    }
    const metadata = (next.result.metadata ?? {}) as ResultMetadata;
    const shown = next.response.flatMap((part) => (part instanceof vscode.ChatResponseMarkdownPart ? [part.value.value] : [])).join('');
    const text = metadata.noteChars ? shown.slice(0, Math.max(0, shown.length - metadata.noteChars)) : shown;
    const ref =
      typeof metadata.conversationId === 'string' && typeof metadata.answerId === 'string'
        ? { conversationId: metadata.conversationId, answerId: metadata.answerId }
        : undefined;
    exchanges.push({ prompt: turn.prompt, answer: { text, failed: next.result.errorDetails !== undefined, ...(ref ? { ref } : {}) } });
  }
  return exchanges;
}

/** A reference the user attached (`#file`, `#selection`, …) as code, as the panel sends a selection. */
async function referenceContext(reference: vscode.ChatPromptReference): Promise<CodeContext | undefined> {
  const { value } = reference;
  if (value instanceof vscode.Uri) return fileContext(await vscode.workspace.openTextDocument(value));
  if (value instanceof vscode.Location) {
    const document = await vscode.workspace.openTextDocument(value.uri);
    const { start, end } = value.range;
    // A range that ends at the start of a line does not include that line.
    const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    const range = value.range.isEmpty ? document.lineAt(start.line).range : value.range;
    return toCodeContext({
      path: vscode.workspace.asRelativePath(document.uri, false),
      uri: document.uri.toString(),
      language: document.languageId,
      startLine: start.line + 1,
      endLine: Math.max(lastLine, start.line) + 1,
      text: document.getText(range).replace(/\r?\n$/, ''),
    });
  }
  return undefined;
}

function sameCode(a: CodeContext, b: CodeContext): boolean {
  return a.path === b.path && a.kind === b.kind && a.startLine === b.startLine && a.endLine === b.endLine;
}

/**
 * `@parley` in VS Code's Chat view: the panel's pipeline (the profile's system message and
 * examples, the chat's history, the question with its references) through the model picked in the
 * Chat view, each chat kept as a Parley conversation of its own.
 */
export class ChatViewParticipant {
  private readonly budget = new ContextBudget();

  constructor(private readonly deps: ChatParticipantDeps) {}

  readonly handle: vscode.ChatRequestHandler = async (request, context, response, token) => {
    if (request.command === 'profile') return this.chooseProfile(request.prompt, context, response);
    const { store } = this.deps;
    const exchanges = exchangesOf(context.history);
    const [conversation, contexts] = await Promise.all([this.conversationFor(exchanges), this.referencesOf(request.references, response)]);
    const question = request.prompt.trim();
    if (!question && contexts.length === 0) {
      response.markdown(vscode.l10n.t('Ask a question after `@parley`, or attach a file or a selection: nothing was sent.'));
      return {};
    }
    conversation.turns.push({ id: randomUUID(), role: 'user', text: question, context: contexts, createdAt: Date.now() });
    if (conversation.turns.length === 1) conversation.title = titleFrom(question || vscode.l10n.t('About {0}', contexts[0]?.path ?? ''));
    const choice = choiceFor(request.model);
    conversation.provider = choice.provider;
    conversation.model = choice.model;
    let thinking = false;
    const run = new AnswerRun(conversation, this.budget, {
      connect: (recorded, picked) => this.deps.requests.connect(recorded, picked),
      newId: () => randomUUID(),
      now: () => Date.now(),
      onChange: () => undefined,
      onPiece: (_turnId, piece) => {
        if (piece.part === 'text') {
          response.markdown(piece.text);
        } else if (!thinking) {
          // The final API has no thinking part: the Chat view says that it thinks, not what.
          thinking = true;
          response.progress(vscode.l10n.t('Thinking…'));
        }
      },
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      persist: async (saved) => {
        try {
          await store.save(saved);
          this.deps.onSaved(saved.id);
        } catch (error) {
          this.deps.log.error(`Could not save the Chat view conversation: ${(error as Error).message}`);
          response.markdown(`\n\n${vscode.l10n.t('Parley could not save the conversation: {0}', (error as Error).message)}`);
        }
      },
      onEnded: () => undefined,
    });
    const stopping = token.onCancellationRequested(() => run.stop());
    try {
      await run.run();
    } finally {
      stopping.dispose();
    }
    return this.result(conversation, run.reply, response);
  };

  /** The conversation the chat continues, read from the store where Parley kept it. */
  private async conversationFor(exchanges: readonly ChatViewExchange[]): Promise<Conversation> {
    const loaded = new Map<string, Conversation | undefined>();
    for (const id of new Set(exchanges.flatMap((e) => (e.answer?.ref ? [e.answer.ref.conversationId] : [])))) {
      // Never one the panel is writing this moment: the chat goes on in a copy instead.
      loaded.set(id, (await this.deps.answeringInPanel(id)) ? undefined : await this.deps.store.load(id));
    }
    return conversationForChat(exchanges, (id) => loaded.get(id), randomUUID, Date.now());
  }

  /** The code of each reference Parley can read; one it cannot is named in the response. */
  private async referencesOf(references: readonly vscode.ChatPromptReference[], response: vscode.ChatResponseStream): Promise<CodeContext[]> {
    const contexts: CodeContext[] = [];
    // The Chat view lists references last-in-prompt first; the model reads them in the order typed.
    for (const reference of [...references].reverse()) {
      try {
        const context = await referenceContext(reference);
        if (context) {
          // The Chat view may attach the active editor's selection by itself, beside the same one attached by hand.
          if (!contexts.some((c) => sameCode(c, context))) contexts.push(context);
          continue;
        }
      } catch (error) {
        this.deps.log.warn(`Could not read the reference ${reference.id}: ${(error as Error).message}`);
      }
      response.markdown(vscode.l10n.t('*Parley cannot send {0}: only files and selections go along.*', reference.modelDescription ?? reference.id) + '\n\n');
    }
    return contexts;
  }

  /** How the answer ended, as the Chat view shows it: an error, or a note of what steered it and what was left out. */
  private result(conversation: Conversation, reply: AssistantTurn, response: vscode.ChatResponseStream): vscode.ChatResult {
    const ref: ChatViewAnswerRef = { conversationId: conversation.id, answerId: reply.id };
    const open = { command: 'parley.openConversation', arguments: [conversation.id], title: vscode.l10n.t('Open in Parley') };
    if (reply.error) {
      const shown = failureText(reply.error);
      for (const action of [shown.action, shown.alternative]) {
        const fix = action && ACTION_COMMANDS[action];
        if (fix) response.button({ command: fix.command, title: fix.title() });
      }
      response.button(open);
      return { errorDetails: { message: shown.message }, metadata: ref };
    }
    const parts = [vscode.l10n.t('Steered by “{0}”', conversation.steering?.profile ?? '')];
    if (reply.model) parts.push(reply.model);
    if (reply.leftOut) parts.push(vscode.l10n.t('{0} older messages left out to fit the context window', reply.leftOut));
    if (reply.cutShort === 'length') parts.push(vscode.l10n.t('cut short at the output limit'));
    if (reply.status === 'stopped') parts.push(vscode.l10n.t('stopped'));
    const note = `\n\n*${parts.join(' · ')}*`;
    response.markdown(note);
    response.button(open);
    return { metadata: { ...ref, noteChars: note.length } satisfies ResultMetadata };
  }

  /** `/profile` lists the profiles; `/profile <name>` picks one for new conversations. */
  private async chooseProfile(typed: string, context: vscode.ChatContext, response: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
    const { profiles } = await this.deps.steering.library.catalog();
    const names = profiles.map((p) => (p.source.kind === 'workspace' ? p.source.file : p.name));
    if (typed.trim().length === 0) {
      const current = (await this.deps.steering.current()).steering.profile;
      response.markdown(vscode.l10n.t('New `@parley` chats are steered by **{0}**. Pick another:', current));
      return { metadata: { profiles: names } satisfies ResultMetadata };
    }
    const profile = profileNamed(profiles, typed);
    if (!profile) {
      response.markdown(vscode.l10n.t('There is no profile named “{0}”. Pick one:', typed.trim()));
      return { metadata: { profiles: names } satisfies ResultMetadata };
    }
    await this.deps.steering.select(profile);
    const asked = exchangesOf(context.history).length > 0;
    response.markdown(
      asked
        ? vscode.l10n.t('**{0}** steers new chats from now on. This chat keeps the steering it was sent with: start a new chat to use it.', profile.name)
        : vscode.l10n.t('**{0}** steers this chat from your next question, and new chats from now on.', profile.name),
    );
    return {};
  }

  /** After `/profile`: each profile, as a follow-up that picks it. */
  readonly followups: vscode.ChatFollowupProvider = {
    provideFollowups: (result) => {
      const { profiles } = (result.metadata ?? {}) as ResultMetadata;
      return (profiles ?? []).map((name) => ({ prompt: name, label: name, command: 'profile' }));
    },
  };
}

/** Registers `@parley`; the returned disposable removes it. */
export function registerChatParticipant(deps: ChatParticipantDeps, extensionUri: vscode.Uri): vscode.Disposable {
  const participant = new ChatViewParticipant(deps);
  const registered = vscode.chat.createChatParticipant(PARTICIPANT_ID, participant.handle);
  registered.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
  registered.followupProvider = participant.followups;
  return registered;
}

/**
 * Opens VS Code's Chat view in Ask mode with `@parley ` typed: Agent mode, where it opens by
 * default, lists only models that can call tools, so most small local models are missing there.
 */
export async function openInChatView(): Promise<void> {
  // Typed, not sent (isPartialQuery): the mode has switched by the time the user presses Enter.
  await vscode.commands.executeCommand('workbench.action.chat.open', { mode: 'ask', query: '@parley ', isPartialQuery: true });
}
