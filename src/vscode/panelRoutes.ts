import * as vscode from 'vscode';
import type { TokenCounter } from '../core/budget';
import type { ChatSession } from '../core/chatSession';
import type { Conversation } from '../core/domain';
import type { QuestionCode } from '../core/editTarget';
import type { FromWebview, ToWebview } from '../shared/protocol';
import type { ContextSource } from '../shared/steering';
import { assertNever } from '../shared/protocol';
import type { CodeActions } from './codeActions';
import type { EditorContext } from './contextSources';
import { attachPostedImage, pickImageFile } from './imageFiles';
import { openChatLink } from './links';
import type { SteeringService } from './steering';

type MessageType = FromWebview['type'];
type Handler<T extends MessageType> = (message: Extract<FromWebview, { type: T }>, session: ChatSession) => Promise<void> | void;
/** One handler per message the webview may post: the type makes the table list every one. */
export type PanelRoutes = { readonly [T in MessageType]: Handler<T> };

/** What the handlers act on; the controller provides it. */
export interface PanelActions {
  readonly steering: SteeringService;
  readonly editorContext: EditorContext;
  readonly codeActions: CodeActions;
  readonly log: vscode.LogOutputChannel;
  /** The counter the panel counts the session's chips with. */
  counter(session: ChatSession): Promise<TokenCounter>;
  /** Posts the whole state next (the panel is new, or asked after a gap). */
  resync(): Promise<void>;
  refresh(): Promise<void>;
  report(message: string): void;
  /** Asks a question, after the first-run setup when nothing is set up yet. */
  request(session: ChatSession, ask: () => Promise<void>): Promise<void>;
  newChat(): Promise<void>;
  dismissNotice(): Promise<void>;
  setApiKey(): Promise<boolean>;
  settleSteering(session: ChatSession, keep: boolean): Promise<void>;
  listConversations(request: { readonly requestId: number; readonly query: string }): Promise<void>;
  openConversation(id: string): Promise<void>;
  renameConversation(id: string): Promise<void>;
  /** The provider quick pick, then its setup; true once both are done. */
  pickProvider(): Promise<boolean>;
  /** The model quick pick; the model picked is kept with the conversation. */
  pickModel(): Promise<void>;
  post(message: ToWebview): void;
}

/** The code the question before an answer was about, and whether its conversation was imported. */
function questionCode(conversation: Conversation, answerId: string): QuestionCode {
  const index = conversation.turns.findIndex((t) => t.id === answerId);
  const question = conversation.turns[index - 1];
  return { context: question?.role === 'user' ? question.context[0] : undefined, imported: conversation.imported !== undefined };
}

/** The handlers, by feature. */
export function panelRoutes(chat: PanelActions): PanelRoutes {
  const conversation: Pick<
    PanelRoutes,
    | 'ready'
    | 'send'
    | 'stop'
    | 'newChat'
    | 'regenerate'
    | 'editAndResend'
    | 'undo'
    | 'showVersion'
    | 'fork'
    | 'removeAttachment'
    | 'dismissNotice'
    | 'listConversations'
    | 'openConversation'
    | 'renameConversation'
    | 'deleteConversation'
  > = {
    ready: () => chat.resync(),
    send: (message, session) => chat.request(session, () => session.send(message.text)),
    stop: (_, session) => session.stop(),
    newChat: () => chat.newChat(),
    regenerate: (_, session) => chat.request(session, () => session.regenerate()),
    editAndResend: (message, session) => chat.request(session, () => session.editAndResend(message.turnId, message.text)),
    undo: (_, session) => session.undo(),
    showVersion: (message, session) => session.showVersion(message.turnId),
    fork: async (message, session) => {
      await session.fork(message.turnId);
    },
    removeAttachment: (message, session) => session.removeAttachment(message.id),
    dismissNotice: () => chat.dismissNotice(),
    listConversations: ({ requestId, query }) => chat.listConversations({ requestId, query }),
    openConversation: (message) => chat.openConversation(message.id),
    renameConversation: (message) => chat.renameConversation(message.id),
    deleteConversation: (message, session) => session.deleteConversation(message.id),
  };
  const steering: Pick<PanelRoutes, 'chooseProfile' | 'draftExample' | 'saveExample' | 'settleImportedSteering'> = {
    chooseProfile: async (_, session) => {
      const refused = await chat.steering.choose(session.current);
      if (refused) chat.report(refused);
      else await chat.refresh();
    },
    draftExample: (message, session) => {
      const pair = session.exampleFor(message.turnId);
      if (pair) chat.post({ type: 'exampleDraft', requestId: message.requestId, turnId: message.turnId, ...pair });
    },
    saveExample: async ({ requestId, turnId, target, user, assistant }) => {
      try {
        const where = await chat.steering.library.saveExample(target, { user, assistant });
        chat.post({ type: 'exampleSaved', requestId, turnId, ok: true, message: vscode.l10n.t('Saved as an example of {0}.', where) });
      } catch (error) {
        // The form stays open with the user's edits: nothing typed is lost.
        chat.post({ type: 'exampleSaved', requestId, turnId, ok: false, message: (error as Error).message });
      }
    },
    settleImportedSteering: (message, session) => chat.settleSteering(session, message.keep),
  };
  const providers: Pick<PanelRoutes, 'chooseProvider' | 'chooseModel' | 'runAction'> = {
    chooseProvider: async () => {
      await chat.pickProvider();
    },
    chooseModel: () => chat.pickModel(),
    runAction: async (message, session) => {
      switch (message.action) {
        case 'setApiKey':
          // A question that failed for want of a key goes out as soon as there is one.
          if ((await chat.setApiKey()) && session.waitsForKey()) await session.retry();
          break;
        case 'chooseProvider':
          // Or as soon as it has a provider that is set up: a server on this machine needs no key.
          if ((await chat.pickProvider()) && session.waitsForKey()) await session.retry();
          break;
        case 'pickModel':
          await chat.pickModel();
          break;
        case 'openSettings':
          await vscode.commands.executeCommand('workbench.action.openSettings', 'parley.');
          break;
        case 'retry':
          await chat.request(session, () => session.retry());
          break;
        case 'sendWithoutImages':
          await chat.request(session, () => session.sendWithoutImages());
          break;
        default:
          assertNever(message.action);
      }
    },
  };
  /** Attaches what `source` finds; says why where it finds nothing. */
  const tell = (problem: string | undefined): void => {
    if (problem) void vscode.window.showInformationMessage(vscode.l10n.t('Parley: {0}', problem));
  };
  const attachContext = async (source: ContextSource, session: ChatSession): Promise<void> => {
    if (source === 'image') return tell(await pickImageFile((message) => chat.post(message)));
    for (const found of await chat.editorContext.findAll(source, () => chat.counter(session))) {
      if (typeof found === 'string') tell(found);
      else session.attach(found);
    }
  };
  const editor: Pick<PanelRoutes, 'copyTurn' | 'codeAction' | 'openLink' | 'addContext' | 'pickContext' | 'attachImage'> = {
    copyTurn: async (message, session) => {
      const turn = session.current.turns.find((t) => t.id === message.turnId);
      if (turn) await vscode.env.clipboard.writeText(turn.text);
    },
    codeAction: (message, session) => chat.codeActions.run(message.action, message.code, message.language, questionCode(session.current, message.turnId)),
    openLink: (message) => openChatLink(message.href, chat.log),
    addContext: (message, session) => attachContext(message.source, session),
    pickContext: async (_, session) => {
      const source = await chat.editorContext.pickSource();
      if (source) await attachContext(source, session);
    },
    attachImage: (message, session) => tell(attachPostedImage(message, session)),
  };
  return { ...conversation, ...steering, ...providers, ...editor };
}

/**
 * Runs a message's handler. A failure is logged and told to the user: a handler that throws
 * must not vanish as an unhandled rejection while the user waits for something to happen.
 */
export async function route(routes: PanelRoutes, message: FromWebview, session: ChatSession, report: (message: string) => void): Promise<void> {
  try {
    await (routes[message.type] as Handler<MessageType>)(message as never, session);
  } catch (error) {
    report(vscode.l10n.t('Parley could not do that ({0}): {1}', message.type, (error as Error).message));
  }
}
