import { l10n } from '../shared/l10n';
import type { Failure, FailureAction, FailureKind } from './domain';

/** A failure as the user reads it: the panel's ErrorView (src/shared/protocol.ts) has this shape. */
export interface FailureText {
  readonly kind: FailureKind;
  readonly message: string;
  readonly action?: FailureAction;
  /** Another way out, offered beside `action`: a key, or another provider that needs none. */
  readonly alternative?: FailureAction;
  /** How long the server asked to wait before the next request (429 with retry-after). */
  readonly retryAfterSeconds?: number;
}

/** The settings that put each optional parameter into a request. */
export function parameterSettings(): Readonly<Record<string, string>> {
  const outputLimit = l10n.t('parley.maxOutputTokens (and parley.reasoningModels, which decides between max_tokens and max_completion_tokens)');
  return {
    max_tokens: outputLimit,
    max_completion_tokens: outputLimit,
    reasoning_effort: 'parley.reasoningEffort',
    temperature: l10n.t("the profile's temperature"),
  };
}

/** What a failure means to the user, in the current language, and what they can do about it. */
export function failureText(failure: Failure): FailureText {
  const shown = describe(failure);
  // What happened in another window (an import) is history here: no button acts on it.
  if (failure.imported) return { kind: failure.kind, message: shown.message };
  return { kind: failure.kind, ...shown };
}

function describe(failure: Failure): Omit<FailureText, 'kind'> {
  const detail = 'serverMessage' in failure && failure.serverMessage ? ` (${failure.serverMessage})` : '';
  switch (failure.reason) {
    case 'key-refused':
      return {
        message: l10n.t('The server at {0} refused the API key ({1}). Set a valid key and retry.{2}', failure.address, failure.status, detail),
        action: 'setApiKey',
      };
    case 'missing-key':
      return {
        message: l10n.t(
          "Parley needs an API key for {0}. Set one (it is kept in VS Code's secret storage), or choose another provider, such as a server on this machine.",
          failure.address,
        ),
        action: 'setApiKey',
        alternative: 'chooseProvider',
      };
    case 'lm-no-permission':
      return {
        message: l10n.t('VS Code did not let Parley use {0}{1}. Allow Parley to use language models when VS Code asks, then retry.', failure.model, detail),
        action: 'retry',
      };
    case 'model-unknown':
      return {
        message: l10n.t('The server does not know the model "{0}" (404). Pick another model.{1}', failure.model, detail),
        action: 'pickModel',
      };
    case 'lm-unavailable':
      return {
        message: l10n.t(
          'The language model "{0}" is not available{1}. The extension that provides it may be disabled, signed out or still starting: retry, or pick another model.',
          failure.model,
          detail,
        ),
        action: 'retry',
      };
    case 'rate-limited': {
      const seconds = failure.retryAfterSeconds;
      return seconds !== undefined
        ? {
            message: l10n.t('Rate limited by the server (429). Try again in {0} s.{1}', Math.ceil(seconds), detail),
            action: 'retry',
            retryAfterSeconds: seconds,
          }
        : { message: l10n.t('Rate limited by the server (429). Wait a moment and retry.{0}', detail), action: 'retry' };
    }
    case 'lm-blocked':
      return {
        message: l10n.t(
          '{0} refused the request to {1}{2}: usually a used-up quota or too many requests. Wait a while and retry, or pick another model.',
          failure.vendor,
          failure.model,
          detail,
        ),
        action: 'retry',
      };
    case 'server-overflow':
      return {
        message: l10n.t('The conversation is longer than {0} can read{1}. Retry sends it again without the oldest messages.', failure.model, detail),
        action: 'retry',
      };
    case 'too-long': {
      const { needed, limit, window, assumed } = failure.estimate;
      const tooLong = l10n.t(
        'This question needs about {0} tokens with its attached code and instructions, more than the {1} that {2} has room for. Remove attached code or shorten the question.',
        needed,
        limit,
        failure.model,
      );
      if (!assumed) return { message: tooLong };
      const assumption = l10n.t('Parley assumed a {0}-token window for {1}; if it reads more, set parley.contextWindow.', window, failure.model);
      return { message: `${tooLong} ${assumption}`, action: 'openSettings' };
    }
    case 'parameter-refused': {
      const { model, param, status } = failure;
      const setting = parameterSettings()[param];
      return {
        message: setting
          ? l10n.t(
              '{0} refused the parameter "{1}" ({2}). Parley sent it because of {3}; change that setting or pick another model.{4}',
              model,
              param,
              status,
              setting,
              detail,
            )
          : l10n.t('{0} refused the parameter "{1}" ({2}). Change the settings that add it, or pick another model.{3}', model, param, status, detail),
        action: 'openSettings',
      };
    }
    case 'images-refused':
      return {
        // A VS Code model's extension refuses without a status.
        message: l10n.t(
          '{0} refused the images{1}{2}. Pick a model that reads images and regenerate the answer, or send the question without its images.',
          failure.model,
          failure.status === undefined ? '' : ` (${failure.status})`,
          detail,
        ),
        action: 'sendWithoutImages',
      };
    case 'request-refused':
      return { message: l10n.t('The server refused the request ({0}).{1}', failure.status, detail), action: 'openSettings' };
    case 'access-denied':
      return {
        message: l10n.t(
          'The server at {0} refused access ({1}){2}. The key may not be allowed this model or this request (some servers also refuse regions or networks): check what the account may use, set another key, or pick another model.',
          failure.address,
          failure.status,
          detail,
        ),
        action: 'setApiKey',
      };
    case 'no-credit':
      return {
        message: l10n.t(
          'The key for {0} was accepted, but its account has no credit left ({1}){2}. Add credit with the provider, or set another key.',
          failure.address,
          failure.status,
          detail,
        ),
        action: 'setApiKey',
      };
    case 'model-refused':
      return { message: l10n.t('{0} declined to answer: "{1}" Rephrase the question, or pick another model.', failure.model, failure.refusal) };
    case 'content-filtered': {
      const filters = failure.filters?.length ? failure.filters.join(', ') : undefined;
      return {
        message: filters
          ? l10n.t(
              "The server's content filter stopped the request: {0} fired{1}. Rephrase the question or leave out the attached code; the filter itself is set on the server (for Azure, on the deployment).",
              filters,
              detail,
            )
          : l10n.t(
              "The server's content filter stopped the request{0}. Rephrase the question or leave out the attached code; the filter itself is set on the server (for Azure, on the deployment).",
              detail,
            ),
      };
    }
    case 'moderation-flagged': {
      const flagged = failure.flagged?.length ? failure.flagged.join(', ') : undefined;
      return {
        message: flagged
          ? l10n.t(
              "The server's moderation flagged the question ({0}), so no model saw it ({1}){2}. The key is fine: rephrase the question, or pick a model the server does not moderate.",
              flagged,
              failure.status,
              detail,
            )
          : l10n.t(
              "The server's moderation flagged the question, so no model saw it ({0}){1}. The key is fine: rephrase the question, or pick a model the server does not moderate.",
              failure.status,
              detail,
            ),
      };
    }
    case 'unreachable':
      return {
        message: l10n.t('Could not reach {0}. Check the address and that the server is running, then retry.{1}', failure.address, detail),
        action: 'retry',
      };
    case 'server-error':
      return { message: l10n.t('The server had a problem ({0}). Retry in a moment.{1}', failure.status, detail), action: 'retry' };
    case 'stream-error':
      return { message: l10n.t('The server reported an error while answering{0}. What arrived is kept; retry in a moment.', detail), action: 'retry' };
    case 'parley-error':
      return { message: l10n.t('Parley failed: {0}', failure.detail), action: 'retry' };
    case 'cut-off':
      return {
        message: l10n.t('The answer stopped before the server said it was finished; the connection may have dropped. What arrived is kept.'),
        action: 'retry',
      };
    case 'unreadable':
      return { message: l10n.t("The server's answer could not be read ({0}). What arrived is kept.", failure.serverMessage), action: 'retry' };
    case 'window-closed':
      return { message: l10n.t('This answer was interrupted when the window closed or reloaded. What arrived is kept.'), action: 'retry' };
    case 'settings':
    case 'endpoint':
      return { message: failure.problem, action: 'openSettings' };
    case 'no-model':
      return {
        message: failure.azure
          ? l10n.t('No deployment is set. Type its name in the panel header, or set parley.azure.deployment.')
          : l10n.t('No model is set. Pick one in the panel header, or set parley.model.'),
        action: 'openSettings',
      };
    case 'plain-http':
      return {
        message: l10n.t(
          'Parley has not sent this: {0} is a plain http:// address on the network, so your API key would travel unencrypted, readable by anyone on the way. Use https:// if the server offers it, or press Retry to send it anyway (Parley warns once per address until VS Code restarts).',
          failure.address,
        ),
        action: 'retry',
      };
    case 'redirect-elsewhere':
      return {
        message: l10n.t(
          'The server at {0} redirected the request to {1}. Parley does not follow a redirect to another server, so nothing was sent there: not your key, not your headers. If {1} is where requests belong, set it as the address in the settings.',
          failure.from,
          failure.to,
        ),
        action: 'openSettings',
      };
    case 'too-many-redirects':
      return {
        message: l10n.t(
          'The server at {0} redirected the request more than {1} times; Parley stopped following. Check the address in the settings.',
          failure.origin,
          failure.limit,
        ),
        action: 'openSettings',
      };
    case 'saved':
      return {
        message: failure.savedText,
        ...(failure.action ? { action: failure.action } : {}),
        ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
      };
  }
}
