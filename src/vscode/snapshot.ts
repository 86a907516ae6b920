import type { TokenCounter } from '../core/budget';
import { countingMethod, messageTokens } from '../core/budget';
import { omittedFilesNotice } from '../core/attachments';
import { countsImagesAsOpenAI, imageDataUrl, imagesUnsupported, imageTokens, withoutImageData } from '../core/images';
import type { ConversationView } from './turnViews';
import type { RecordedSteering, Turn } from '../core/domain';
import { buildMessages, formatCodeContext } from '../core/prompt';
import type { RequestTarget } from '../core/requestTarget';
import { runningWindowNote } from '../core/runningWindow';
import { cutNotice } from '../core/selection';
import type { ModelListView, ProviderOption, Snapshot } from '../shared/protocol';
import type { SteeringView } from '../shared/steering';

/** Everything a snapshot is made of, read beforehand: building it waits for nothing. */
export interface SnapshotParts {
  readonly conversation: ConversationView;
  readonly turns: readonly Turn[];
  /** Where the next question goes, from the same resolver the send uses. */
  readonly target: RequestTarget;
  /** The steering the next request is sent with, and what the panel shows of it. */
  readonly requestSteering: RecordedSteering;
  readonly steering: Omit<SteeringView, 'tokens' | 'tokenMethod'>;
  /** The one counter of this snapshot: every figure in it is counted the same way. */
  readonly counter: TokenCounter;
  readonly providers: readonly ProviderOption[];
  readonly models: ModelListView;
  readonly notice?: string;
}

/** What the panel shows, from values already at hand. */
export function buildSnapshot({ conversation, turns, target, requestSteering, steering, counter, providers, models, notice }: SnapshotParts): Snapshot {
  const steeringTokens = [steering.systemPrompt, ...steering.examples.flatMap((e) => [e.user, e.assistant])].reduce(
    (sum, text) => sum + counter.count(text),
    0,
  );
  return {
    ...conversation,
    size: { tokens: messageTokens(buildMessages(requestSteering, turns), counter), window: target.window.tokens, exact: counter.exact },
    attachments: conversation.attachments.map(({ thumbnail, ...a }) => {
      const sent = formatCodeContext(a.context);
      const notice = [cutNotice(a.context), omittedFilesNotice(a.context), a.context.image && imagesUnsupported(target)].filter(Boolean).join(' ');
      const image = a.context.image && { thumbnail: thumbnail && imageDataUrl(thumbnail), estimated: !countsImagesAsOpenAI(target) };
      const tokens = counter.count(sent) + (a.context.image ? imageTokens(a.context.image.width, a.context.image.height) : 0);
      return { ...a, context: withoutImageData(a.context), sent, tokens, ...(notice ? { notice } : {}), ...(image ? { image } : {}) };
    }),
    steering: { ...steering, tokens: steeringTokens, tokenMethod: countingMethod(counter) },
    model: target.model,
    provider: target.provider,
    providers,
    models,
    baseUrl: target.address,
    needsApiKey: target.needsKey,
    ...(notice ? { notice } : {}),
    ...windowNote(target),
  };
}

/** Why the window is smaller than the model reads, when the server runs it so, and how to raise it. */
function windowNote(target: RequestTarget): { windowNote?: string } {
  const note = target.running && runningWindowNote(target.model, target.running);
  return note ? { windowNote: note } : {};
}
