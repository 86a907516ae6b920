// Which parley.* settings a workspace may set in Restricted Mode (an untrusted workspace). A setting
// that can change what is sent — where, with what, how much — or what is shown as fact (a cost) is
// restricted: there, only the user's own value counts. package.json's restrictedConfigurations is
// exactly RESTRICTED_SETTINGS (test/unit/manifest.test.ts keeps them the same, and fails on a
// setting in neither list), and src/vscode/settings.ts reads by it.

/** Restricted settings, each with what a workspace could do with it. */
export const RESTRICTED_SETTINGS: Readonly<Record<string, string>> = {
  'parley.provider': 'picks the server every question, its code and the key go to',
  'parley.baseUrl': 'sends every question, its code and the key to another address',
  'parley.customHeaders': 'adds headers to every request',
  'parley.providerUrls': 'moves a preset provider to another address',
  'parley.azure.endpoint': 'sends Azure requests and the key to another address',
  'parley.azure.deployment': 'picks the Azure deployment questions go to',
  'parley.azure.apiVersion': 'changes the Azure API requests are sent with',
  'parley.model': 'picks the model questions go to',
  'parley.maxOutputTokens': 'changes the answer length asked for, and so the cost',
  'parley.reasoningModels': 'changes which request fields each model is sent',
  'parley.reasoningEffort': 'changes the reasoning effort asked for, and so the cost',
  'parley.prices': 'changes the cost each answer shows',
  'parley.systemPrompt': 'steers every answer of the General profile',
  'parley.examples': 'adds example exchanges to every General conversation',
  'parley.contextWindow': 'changes how much of the conversation is sent',
  'parley.profiles': 'steers answers (application scope: a workspace cannot set it anyway)',
  'parley.selectionPrompts': 'writes the questions Ask About Selection sends',
};

/**
 * Settings a workspace may set in Restricted Mode, each with why that cannot change what is sent
 * or shown. None today: every Parley setting does one or the other.
 */
export const HARMLESS_SETTINGS: Readonly<Record<string, string>> = {};

export function isRestrictedSetting(key: string): boolean {
  return Object.hasOwn(RESTRICTED_SETTINGS, key);
}
