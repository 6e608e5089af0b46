import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import { cleanupJob } from '../../src/jobs/jobs.js';
import { remindEndingApprovals } from '../../src/organisations/approval-reminder.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const mails = (userId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['message_key', 'channel'])
    .where('user_id', '=', userId)
    .execute();

describe('approval ending: the association is mailed 60 days ahead, once', () => {
  it('mails the managers of an approval ending in 60 days, not later ones, not members, not by law', async () => {
    const now = new Date('2026-12-03T03:30:00+01:00');
    const approval = (endsOn: string | null, level: 'regional' | 'law' = 'regional') => ({
      approval_level: level,
      approval_number: level === 'law' ? null : 'R-1',
      approval_ends_on: endsOn,
    });
    const ending = await createOrgWithUser(t.db, 'association', approval('2027-02-01'));
    const member = await createUser(t.db, { organisationId: ending.org.id, role: 'member' });
    const later = await createOrgWithUser(t.db, 'association', approval('2027-02-02'));
    const law = await createOrgWithUser(t.db, 'association', approval(null, 'law'));
    expect(await remindEndingApprovals(t.db, now)).toBe(1);
    // the next night (and through the nightly job): nothing new for it, the later one's turn
    await cleanupJob({ db: t.db, now: () => new Date(now.getTime() + 86_400_000) });
    expect(await mails(ending.user.id)).toEqual([
      { message_key: `approval-ending:${ending.org.id}:2027-02-01`, channel: 'email' },
    ]);
    expect(await mails(member.id)).toEqual([]);
    expect(await mails(later.user.id)).toHaveLength(1);
    expect(await mails(law.user.id)).toEqual([]);
  });
});
