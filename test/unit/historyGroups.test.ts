// The date groups of History (src/webview/historyGroups.ts): by the calendar day of a
// conversation's last activity in the user's time zone, not by 24-hour spans from now.
import * as assert from 'node:assert/strict';
import { CalendarDays, dateGroup, groupByDate } from '../../src/webview/historyGroups';

describe('History groups conversations by the day of their last activity', () => {
  const berlin = new CalendarDays('Europe/Berlin');
  /** 2026-03-30 09:00 in Berlin (summer time began on the 29th). */
  const now = Date.parse('2026-03-30T09:00:00+02:00');

  it('counts calendar days where the user is: just after midnight is today, just before is yesterday', () => {
    assert.equal(dateGroup(Date.parse('2026-03-30T00:05:00+02:00'), now, berlin), 'today');
    assert.equal(dateGroup(Date.parse('2026-03-29T23:55:00+02:00'), now, berlin), 'yesterday');
    // Across the switch to summer time (a 23-hour day) the day before is still yesterday.
    assert.equal(dateGroup(Date.parse('2026-03-29T00:30:00+01:00'), now, berlin), 'yesterday');
    assert.equal(dateGroup(Date.parse('2026-03-28T23:30:00+01:00'), now, berlin), 'lastWeek');
  });

  it('puts the same moment in different days for users in different time zones', () => {
    // 23:30 UTC on the 29th is the 30th in Berlin and the 29th in New York.
    const moment = Date.parse('2026-03-29T23:30:00Z');
    const later = Date.parse('2026-03-30T12:00:00Z');
    assert.equal(dateGroup(moment, later, berlin), 'today');
    assert.equal(dateGroup(moment, later, new CalendarDays('America/New_York')), 'yesterday');
  });

  it('has edges at 7 and 30 days, and takes a time ahead of the clock as today', () => {
    const daysAgo = (days: number) => now - days * 86_400_000;
    assert.equal(dateGroup(daysAgo(2), now, berlin), 'lastWeek');
    assert.equal(dateGroup(daysAgo(6), now, berlin), 'lastWeek');
    assert.equal(dateGroup(daysAgo(7), now, berlin), 'lastMonth');
    assert.equal(dateGroup(daysAgo(29), now, berlin), 'lastMonth');
    assert.equal(dateGroup(daysAgo(30), now, berlin), 'older');
    assert.equal(dateGroup(daysAgo(400), now, berlin), 'older');
    assert.equal(dateGroup(now + 3_600_000, now, berlin), 'today');
  });

  it('lists only the groups with conversations, newest group first, each keeping the order it was given', () => {
    const at = (id: string, days: number) => ({ id, updatedAt: now - days * 86_400_000 });
    const groups = groupByDate([at('a', 0), at('b', 45), at('c', 3), at('d', 0.1), at('e', 5)], now, berlin);
    assert.deepEqual(
      groups.map(({ group, items }) => [group, items.map((i) => i.id)]),
      [
        ['today', ['a', 'd']],
        ['lastWeek', ['c', 'e']],
        ['older', ['b']],
      ],
    );
    assert.deepEqual(groupByDate([], now, berlin), []);
  });
});
