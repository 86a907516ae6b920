// Credentials kept out of what Parley stores, shows and logs: every address and every text a server
// (or another extension) sends passes through redactSecrets before it is kept.

/** What a credential is replaced with. */
export const REDACTED = '***';

/** Shorter known values are not searched for in free text: they would match ordinary words. */
const MIN_KNOWN_LENGTH = 4;

/** Words that make a parameter, header or field name one that carries a credential. */
const CREDENTIAL_WORDS = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'signature',
  'sig',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'session',
  'sessionid',
  'jwt',
  'bearer',
]);
/** The same, run together in one word ("subscriptionkey", "authtoken"). */
const CREDENTIAL_INFIXES = /apikey|accesskey|privatekey|subscriptionkey|secret|passw|accesstoken|authtoken|refreshtoken|signature|credential/;

/** Key shapes providers publish, found whatever the text around them. */
const KEY_SHAPES = [
  /(?<![A-Za-z0-9])sk-[A-Za-z0-9_*-]{8,}/g, // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), OpenRouter (sk-or-), DeepSeek
  /(?<![A-Za-z0-9])[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe-style
  /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{20,}/g,
  /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g, // AWS access key ids
  /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{30,}/g, // Google
  /(?<![A-Za-z0-9])(?:hf|gsk|xai|pplx)[_-][A-Za-z0-9]{20,}/g, // Hugging Face, Groq, xAI, Perplexity
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs
];

/** `user:password@` after a scheme (or `//`), up to the last `@` before the host. */
const USERINFO = /((?:[a-z][a-z0-9+.-]*:)?\/\/)[^\s/?#]*@/gi;
/** A token after an Authorization scheme; Basic's is base64, told from a word by more than lowercase letters. */
const SCHEME_TOKEN = /\b(Bearer|Token|Basic)(\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi;
/** `name=value` or `name: value`, the name possibly quoted, the value quoted or up to a delimiter. */
const NAME_VALUE =
  /(?<![A-Za-z0-9_.%-])(["']?)([A-Za-z0-9_.%-]{1,64})\1(\s*[:=]\s*)(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:(?:Bearer|Basic|Token)\s+)?[^\s"'&,;#<>(){}[\]]+))/g;

/** `text` percent-decoded, up to three times over; as it is where it does not decode. */
export function percentDecoded(text: string): string {
  let current = text;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      break;
    }
  }
  return current;
}

/** Whether a URL parameter, header or JSON field of this name carries a credential. */
export function isCredentialName(name: string): boolean {
  const plain = percentDecoded(name);
  const words = plain
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => CREDENTIAL_WORDS.has(word)) || CREDENTIAL_INFIXES.test(plain.toLowerCase().replace(/[^a-z]/g, ''));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a known value takes in a server's text: as it is, percent-encoded or decoded, escaped in JSON. */
function knownForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), percentDecoded(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (form.length >= MIN_KNOWN_LENGTH) forms.add(form);
    }
  }
  // The longest first, so that no part of a longer value is left behind a shorter one.
  return [...forms].sort((a, b) => b.length - a.length);
}

function redactNameValues(text: string): string {
  let result = '';
  let from = 0;
  NAME_VALUE.lastIndex = 0;
  for (let match = NAME_VALUE.exec(text); match; match = NAME_VALUE.exec(text)) {
    const [whole, quote, name, separator, doubleQuoted, singleQuoted] = match;
    if (!isCredentialName(name!)) {
      // Only the name is passed over: its value may itself be `name=value`.
      NAME_VALUE.lastIndex = match.index + quote!.length + name!.length + 1;
      continue;
    }
    const value = doubleQuoted !== undefined ? `"${REDACTED}"` : singleQuoted !== undefined ? `'${REDACTED}'` : REDACTED;
    result += text.slice(from, match.index) + quote + name + quote + separator + value;
    from = match.index + whole.length;
  }
  return result + text.slice(from);
}

/**
 * `text` without credentials: the `secrets` in use (in any encoding), a URL's user name and
 * password, the values of parameters and fields named like credentials, Authorization tokens, and
 * the key shapes providers publish. Applying it twice gives the same text.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  const forms = knownForms(secrets);
  if (forms.length) result = result.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'gi'), REDACTED);
  result = result.replace(USERINFO, `$1${REDACTED}@`);
  result = result.replace(SCHEME_TOKEN, (whole, scheme: string, space: string, token: string) => {
    if (/^basic$/i.test(scheme) && /^[a-z]+$/.test(token)) return whole;
    // A sentence's full stop is not part of the token.
    const stop = /\.+$/.exec(token)?.[0] ?? '';
    return `${scheme}${space}${REDACTED}${stop}`;
  });
  result = redactNameValues(result);
  for (const shape of KEY_SHAPES) result = result.replace(shape, REDACTED);
  return result;
}

/** 127.0.0.0/8, ::1 and localhost, as a URL parser reads the host (127.1 is 127.0.0.1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
