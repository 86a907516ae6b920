// A hand-written subset of OpenAI's Chat Completions *request* schema, for checking the bodies
// Parley sends (FakeOpenAI records them; tests call validateChatRequest on each).
//
// Source: OpenAI's OpenAPI description (github.com/openai/openai-openapi, commit f85dbe22),
// POST /chat/completions. The schemas followed, by name:
//   - CreateChatCompletionRequest = allOf(CreateModelResponseProperties, { messages, model, … })
//     CreateModelResponseProperties = allOf(ModelResponseProperties, { prompt_cache_options, top_logprobs })
//   - ChatCompletionRequestMessage = oneOf(ChatCompletionRequestDeveloperMessage,
//     ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
//     ChatCompletionRequestAssistantMessage, ChatCompletionRequestToolMessage,
//     ChatCompletionRequestFunctionMessage (deprecated; rejected here)), discriminated by `role`
//   - ChatCompletionRequestMessageContentPartText / …PartImage / …PartAudio / …PartFile / …PartRefusal
//     (which parts each role may use: ChatCompletionRequest{System,User,Assistant,Tool}MessageContentPart)
//   - ChatCompletionStreamOptions, StopConfiguration, Metadata, ReasoningEffort, Verbosity, ServiceTier
// Only what Parley's tests need is checked deeply; the rest is checked for type only. A few rules
// the API enforces at runtime but the schema does not state are marked "API rule".

type Obj = Record<string, unknown>;

/** Every property name of CreateChatCompletionRequest, including those from its allOf parts
 *  (CreateModelResponseProperties and ModelResponseProperties). Anything else is unknown. */
export const CHAT_REQUEST_PROPERTIES: readonly string[] = [
  // ModelResponseProperties
  'metadata',
  'top_logprobs',
  'temperature',
  'top_p',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  // CreateModelResponseProperties
  'prompt_cache_options',
  // CreateChatCompletionRequest's own properties
  'messages',
  'model',
  'service_tier',
  'modalities',
  'verbosity',
  'reasoning_effort',
  'max_completion_tokens',
  'frequency_penalty',
  'presence_penalty',
  'web_search_options',
  'response_format',
  'audio',
  'store',
  'moderation',
  'stream',
  'stop',
  'logit_bias',
  'logprobs',
  'max_tokens',
  'n',
  'prediction',
  'seed',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'function_call',
  'functions',
];

export type MessageRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** The properties of each ChatCompletionRequest…Message schema. */
const MESSAGE_PROPERTIES: Record<MessageRole, readonly string[]> = {
  developer: ['role', 'content', 'name'],
  system: ['role', 'content', 'name'],
  user: ['role', 'content', 'name'],
  assistant: ['role', 'content', 'refusal', 'name', 'audio', 'tool_calls', 'function_call'],
  tool: ['role', 'content', 'tool_call_id'],
};

/** The content part `type`s each role accepts (ChatCompletionRequest…MessageContentPart). */
const PART_TYPES: Record<MessageRole, readonly string[]> = {
  developer: ['text'],
  system: ['text'],
  user: ['text', 'image_url', 'input_audio', 'file'],
  assistant: ['text', 'refusal'],
  tool: ['text'],
};

const ROLES: readonly MessageRole[] = ['system', 'developer', 'user', 'assistant', 'tool'];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeName(value) === 'number' ? String(value) : typeName(value);
}

interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** The numeric parameters and their documented ranges; all are nullable in the schema. */
const NUMBER_RULES: Record<string, NumberRule> = {
  temperature: { min: 0, max: 2 }, // ModelResponseProperties.temperature
  top_p: { min: 0, max: 1 }, // ModelResponseProperties.top_p
  top_logprobs: { integer: true, min: 0, max: 20 },
  frequency_penalty: { min: -2, max: 2 },
  presence_penalty: { min: -2, max: 2 },
  n: { integer: true, min: 1, max: 128 },
  max_tokens: { integer: true },
  max_completion_tokens: { integer: true },
  seed: { integer: true },
};

const BOOLEAN_PROPERTIES = ['stream', 'logprobs', 'store', 'parallel_tool_calls'];

const ENUMS: Record<string, readonly string[]> = {
  reasoning_effort: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'], // ReasoningEffort
  verbosity: ['low', 'medium', 'high'], // Verbosity
  service_tier: ['auto', 'default', 'flex', 'scale', 'priority', 'fast'], // ServiceTier
};

function checkNumber(problems: string[], name: string, value: unknown, rule: NumberRule): void {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${name}: must be a number (got ${shown(value)})`);
    return;
  }
  if (rule.integer && !Number.isInteger(value)) problems.push(`${name}: must be an integer (got ${value})`);
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    problems.push(`${name}: must be between ${rule.min ?? '-∞'} and ${rule.max ?? '∞'} (got ${value})`);
  }
}

function checkPart(problems: string[], path: string, part: unknown, role: MessageRole): void {
  if (!isObject(part)) {
    problems.push(`${path}: a content part must be an object (got ${shown(part)})`);
    return;
  }
  const allowed = PART_TYPES[role];
  if (typeof part.type !== 'string' || !allowed.includes(part.type)) {
    problems.push(`${path}.type: a ${role} message accepts parts of type ${allowed.join(', ')} (got ${shown(part.type)})`);
    return;
  }
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') problems.push(`${path}.text: must be a string (got ${shown(part.text)})`);
      break;
    case 'refusal':
      if (typeof part.refusal !== 'string') problems.push(`${path}.refusal: must be a string (got ${shown(part.refusal)})`);
      break;
    case 'image_url':
      if (!isObject(part.image_url) || typeof part.image_url.url !== 'string') problems.push(`${path}.image_url.url: must be a string`);
      break;
    default: // input_audio, file: an object under the key named by the type
      if (!isObject(part[part.type])) problems.push(`${path}.${part.type}: must be an object`);
  }
}

function checkContent(problems: string[], path: string, content: unknown, role: MessageRole): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) {
    problems.push(`${path}: must be a string or an array of content parts (got ${shown(content)})`);
    return;
  }
  if (content.length === 0) problems.push(`${path}: an array of content parts must not be empty`);
  content.forEach((part, i) => checkPart(problems, `${path}[${i}]`, part, role));
}

function checkMessage(problems: string[], path: string, message: unknown): void {
  if (!isObject(message)) {
    problems.push(`${path}: must be an object (got ${shown(message)})`);
    return;
  }
  const role = message.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    problems.push(`${path}.role: must be one of ${ROLES.join(', ')} (got ${shown(role)})`);
    return;
  }
  const r = role as MessageRole;
  for (const key of Object.keys(message)) {
    if (!MESSAGE_PROPERTIES[r].includes(key)) problems.push(`${path}.${key}: unknown property for a ${r} message`);
  }
  if ('name' in message && typeof message.name !== 'string') problems.push(`${path}.name: must be a string (got ${shown(message.name)})`);
  if (r === 'assistant') {
    const hasContent = message.content !== undefined && message.content !== null;
    if (hasContent) checkContent(problems, `${path}.content`, message.content, r);
    // API rule: an assistant message without content must carry tool calls.
    else if (message.tool_calls === undefined && message.function_call === undefined) {
      problems.push(`${path}.content: an assistant message needs content or tool_calls`);
    }
    return;
  }
  if (!('content' in message)) problems.push(`${path}.content: required`);
  else checkContent(problems, `${path}.content`, message.content, r);
  if (r === 'tool' && typeof message.tool_call_id !== 'string') {
    problems.push(`${path}.tool_call_id: required string (got ${shown(message.tool_call_id)})`);
  }
}

/**
 * Problems with a Chat Completions request body, as `path: what is wrong` strings; empty when the
 * body is valid as far as this subset of CreateChatCompletionRequest goes.
 */
export function validateChatRequest(body: unknown): string[] {
  if (!isObject(body)) return [`body: must be a JSON object (got ${shown(body)})`];
  const problems: string[] = [];

  for (const key of Object.keys(body)) {
    if (!CHAT_REQUEST_PROPERTIES.includes(key)) problems.push(`${key}: unknown property (not in CreateChatCompletionRequest)`);
  }

  if (!('model' in body)) problems.push('model: required');
  else if (typeof body.model !== 'string' || body.model.length === 0) problems.push(`model: must be a non-empty string (got ${shown(body.model)})`);

  if (!('messages' in body)) problems.push('messages: required');
  else if (!Array.isArray(body.messages)) problems.push(`messages: must be an array (got ${shown(body.messages)})`);
  else if (body.messages.length === 0) problems.push('messages: must have at least 1 item');
  else body.messages.forEach((message, i) => checkMessage(problems, `messages[${i}]`, message));

  for (const [name, rule] of Object.entries(NUMBER_RULES)) {
    if (name in body) checkNumber(problems, name, body[name], rule);
  }
  for (const name of BOOLEAN_PROPERTIES) {
    if (name in body && body[name] !== null && typeof body[name] !== 'boolean') problems.push(`${name}: must be a boolean (got ${shown(body[name])})`);
  }
  for (const [name, values] of Object.entries(ENUMS)) {
    const value = body[name];
    if (value !== undefined && value !== null && (typeof value !== 'string' || !values.includes(value))) {
      problems.push(`${name}: must be one of ${values.join(', ')} (got ${shown(value)})`);
    }
  }
  for (const name of ['user', 'prompt_cache_key', 'safety_identifier']) {
    const value = body[name];
    if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`${name}: must be a string (got ${shown(value)})`);
  }
  if (typeof body.safety_identifier === 'string' && body.safety_identifier.length > 64) problems.push('safety_identifier: at most 64 characters');

  // ChatCompletionStreamOptions: an object or null.
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!isObject(streamOptions)) problems.push(`stream_options: must be an object (got ${shown(streamOptions)})`);
    else {
      for (const [key, value] of Object.entries(streamOptions)) {
        if (key !== 'include_usage' && key !== 'include_obfuscation') problems.push(`stream_options.${key}: unknown property`);
        else if (typeof value !== 'boolean') problems.push(`stream_options.${key}: must be a boolean (got ${shown(value)})`);
      }
      // API rule (from the schema's description): "Only set this when you set `stream: true`."
      if (body.stream !== true) problems.push('stream_options: only allowed when stream is true');
    }
  }

  // StopConfiguration: null, a string, or 1 to 4 strings.
  const stop = body.stop;
  if (stop !== undefined && stop !== null && typeof stop !== 'string') {
    if (!Array.isArray(stop) || stop.length < 1 || stop.length > 4 || !stop.every((s) => typeof s === 'string')) {
      problems.push('stop: must be a string or an array of 1 to 4 strings');
    }
  }

  // Metadata: a map of strings (keys up to 64 characters, values up to 512).
  const metadata = body.metadata;
  if (metadata !== undefined && metadata !== null) {
    if (!isObject(metadata)) problems.push(`metadata: must be an object (got ${shown(metadata)})`);
    else {
      for (const [key, value] of Object.entries(metadata)) {
        if (key.length > 64 || typeof value !== 'string' || value.length > 512)
          problems.push(`metadata.${key}: must be a string of at most 512 characters, under a key of at most 64`);
      }
    }
  }

  // logit_bias: token id → integer bias from -100 to 100 (range from its description).
  const logitBias = body.logit_bias;
  if (logitBias !== undefined && logitBias !== null) {
    if (!isObject(logitBias)) problems.push(`logit_bias: must be an object (got ${shown(logitBias)})`);
    else {
      for (const [key, value] of Object.entries(logitBias)) checkNumber(problems, `logit_bias.${key}`, value, { integer: true, min: -100, max: 100 });
    }
  }

  if (body.tools !== undefined && !Array.isArray(body.tools)) problems.push(`tools: must be an array (got ${shown(body.tools)})`);
  if (body.response_format !== undefined) {
    const format = body.response_format;
    if (!isObject(format) || !['text', 'json_schema', 'json_object'].includes(String(format.type))) {
      problems.push('response_format.type: must be one of text, json_schema, json_object');
    }
  }
  return problems;
}
