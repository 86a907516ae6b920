import type { Profile } from '../core/profiles';
import { describeSource, profileRef } from '../core/profiles';
import type { ProfileOption } from '../shared/steering';

/** A profile as the pickers list it (a view type); the panel shows a workspace one with its file. */
export function profileOption(profile: Profile): ProfileOption {
  return { ...profileRef(profile), source: describeSource(profile) };
}
