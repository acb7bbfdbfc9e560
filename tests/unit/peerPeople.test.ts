import { describe, expect, it } from 'vitest';
import { PEOPLE_TTL_MS, PeerPeople } from '../../server/src/rooms/PeerPeople.ts';

describe('PeerPeople: who is online through the other processes', () => {
  it('counts each person once, here and elsewhere', () => {
    const people = new PeerPeople(() => 0);
    people.heard('p2', ['ann', 'bob']);
    people.heard('p3', ['bob', 'cy']);
    expect(people.count(['ann', 'dee'])).toBe(4);
  });

  it('forgets a process that stopped renewing (it died) after the TTL, and says it forgot', () => {
    let now = 1_000;
    const people = new PeerPeople(() => now);
    people.heard('p2', ['ann']);
    people.heard('p3', ['bob']);
    now += PEOPLE_TTL_MS - 1;
    people.heard('p3', ['bob']);
    expect(people.forgetSilent()).toBe(false);
    now += 2;
    expect(people.forgetSilent()).toBe(true);
    expect(people.count([])).toBe(1);
    expect(people.forgetSilent()).toBe(false);
  });

  it('takes a renewal as the whole list: someone who left elsewhere is no longer counted', () => {
    const people = new PeerPeople(() => 0);
    people.heard('p2', ['ann', 'bob']);
    people.heard('p2', ['ann']);
    expect(people.count([])).toBe(1);
  });
});
