// The items of the quick picks the panel's toolbar opens, for the model and the profile: plain
// data (no VS Code), so the tests read them as they are.
import type { ProfileRef } from '../core/profiles';
import { l10n } from '../shared/l10n';
import type { ProfileOption } from '../shared/steering';

export interface ModelItem {
  readonly label: string;
  readonly description?: string;
  readonly alwaysShow?: boolean;
  readonly model: string;
}

/**
 * The models the provider lists, the current one marked (and first when it is not listed: typed by
 * hand earlier); then, when the user types a name that is none of them, that name to use as it is
 * (a small local server's or an Azure deployment's name is in no list).
 */
export function modelPickItems(listed: readonly string[], current: string, typed: string): ModelItem[] {
  const models = current && !listed.includes(current) ? [current, ...listed] : listed;
  const items: ModelItem[] = models.map((model) => ({ label: model, model, ...(model === current ? { description: l10n.t('current') } : {}) }));
  const name = typed.trim();
  if (name && !models.includes(name)) items.push({ label: `$(edit) ${name}`, description: l10n.t('Use this model name'), alwaysShow: true, model: name });
  return items;
}

export interface ProfileItem {
  readonly label: string;
  readonly description: string;
  readonly ref: ProfileRef;
}

/** Every profile, as the picker listed them: a repository one with its file, the others with where they come from; the current one marked. */
export function profilePickItems(profiles: readonly ProfileOption[], current: { readonly profile: string; readonly file?: string }): ProfileItem[] {
  return profiles.map((p) => {
    const isCurrent = p.name === current.profile && p.file === current.file;
    const origin = p.file === undefined ? p.source : l10n.t('from this repository: {0}', p.file);
    return {
      label: p.file === undefined ? p.name : `$(repo) ${p.name}`,
      description: isCurrent ? l10n.t('{0} · current', origin) : origin,
      ref: p.file === undefined ? { name: p.name } : { name: p.name, file: p.file },
    };
  });
}
