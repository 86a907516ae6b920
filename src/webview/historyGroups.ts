// The date groups of the conversation list, as VS Code's own lists of recent things group them:
// by the calendar day of a conversation's last activity, in the user's time zone. No DOM here, so
// the bucketing is tested in Node with any time zone.

export type DateGroup = 'today' | 'yesterday' | 'lastWeek' | 'lastMonth' | 'older';

const GROUP_ORDER: readonly DateGroup[] = ['today', 'yesterday', 'lastWeek', 'lastMonth', 'older'];
const DAY_MS = 86_400_000;

/** Counts calendar days in one time zone (the page's own when none is named): DST and midnight as the user sees them. */
export class CalendarDays {
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone?: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  }

  /** The day `ms` falls on, as a day number: consecutive days differ by one. */
  dayNumber(ms: number): number {
    const parts = this.format.formatToParts(ms);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
    return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS);
  }
}

/** The group of a conversation last active at `updatedAt`, seen `now`. A time ahead of the clock is today. */
export function dateGroup(updatedAt: number, now: number, days: CalendarDays): DateGroup {
  const ago = days.dayNumber(now) - days.dayNumber(updatedAt);
  if (ago <= 0) return 'today';
  if (ago === 1) return 'yesterday';
  if (ago < 7) return 'lastWeek';
  if (ago < 30) return 'lastMonth';
  return 'older';
}

/**
 * `items` in their groups, newest group first and only the groups with items; within a group they
 * keep the order they came in (the host's: newest first).
 */
export function groupByDate<T extends { readonly updatedAt: number }>(
  items: readonly T[],
  now: number,
  days: CalendarDays,
): { group: DateGroup; items: T[] }[] {
  const byGroup = new Map<DateGroup, T[]>();
  for (const item of items) {
    const group = dateGroup(item.updatedAt, now, days);
    const members = byGroup.get(group);
    if (members) members.push(item);
    else byGroup.set(group, [item]);
  }
  return GROUP_ORDER.filter((group) => byGroup.has(group)).map((group) => ({ group, items: byGroup.get(group)! }));
}
