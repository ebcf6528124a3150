import type { Db } from '../db';
import type { Mailer } from './mailer';

export interface Recipient {
  userId: string | null;
  nip: string | null;
  email: string | null;
}

/**
 * One in-app notification per event and recipient, mailed once: the unique event key makes a retried activity a
 * no-op, and the mail is sent only while the row has no sent-time (a crash between the two resends at most once).
 * Every in-app row is written before the first mail, so a mail relay that is down delays the mail, never the inbox.
 */
export async function deliverNotifications(
  db: Db, mailer: Mailer | undefined, n: { usulanId: string; eventKey: string; recipients: Recipient[]; subject: string; body: string },
): Promise<number> {
  const rows: { id: string; key: string; email: string | null; sent: boolean }[] = [];
  for (const r of dedupeRecipients(n.recipients)) {
    const key = `${n.eventKey}:${r.userId ?? r.nip ?? r.email}`;
    await db.insertInto('notification').values({
      event_key: key, recipient_user_id: r.userId, recipient_nip: r.nip, recipient_email: r.email, usulan_id: n.usulanId, subject: n.subject, body: n.body,
    }).onConflict((oc) => oc.column('event_key').doNothing()).execute();
    const row = await db.selectFrom('notification').select(['id', 'email_sent_at']).where('event_key', '=', key).executeTakeFirstOrThrow();
    rows.push({ id: row.id, key, email: r.email, sent: row.email_sent_at !== null });
  }
  let sent = 0;
  for (const r of rows) {
    if (!mailer || !r.email || r.sent) continue;
    await mailer.send({ to: r.email, subject: n.subject, text: n.body, messageId: r.key.replace(/[^A-Za-z0-9.-]/g, '.') });
    await db.updateTable('notification').set({ email_sent_at: new Date() }).where('id', '=', r.id).execute();
    sent += 1;
  }
  return sent;
}

export function dedupeRecipients(rs: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return rs.filter((r) => {
    const k = r.userId ?? r.nip ?? r.email ?? '';
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
