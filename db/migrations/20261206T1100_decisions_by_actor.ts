import { Kysely, sql } from 'kysely';

// "Keputusan saya" (GET /kp/keputusan-saya) pages one person's decisions newest first: read from an index on the
// timeline's actor instead of a scan of every usulan's events. Events without a person (reminders, system steps) are
// left out; the decision kinds are not part of the predicate, so a query with its kinds as parameters still uses it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX usulan_event_decisions_by_actor ON usulan_event(actor_id, at DESC, id DESC) WHERE actor_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX usulan_event_decisions_by_actor`.execute(db);
}
