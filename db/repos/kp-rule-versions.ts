import type { Db } from '../index';
import { kpRuleBook, kpRuleVersionProblems, type KpRuleVersion } from '../../domain/kp-rule-versions';

/** The KP rule book: the built-in versions, then those published as data, in the order they were published. */
export async function loadKpRuleBook(db: Db): Promise<readonly KpRuleVersion[]> {
  const rows = await db.selectFrom('kp_rule_version').select(['definition']).orderBy('published_seq').execute();
  return kpRuleBook(rows.map((r) => Object.freeze(r.definition as KpRuleVersion)));
}

/** `taken`: the id is already in the book (a conflict), as opposed to a malformed version. */
export class KpRuleVersionRefused extends Error {
  constructor(readonly problems: string[], readonly taken: boolean) { super(problems.join('; ')); }
}

/**
 * Publishes a version. The id is the primary key, so two administrators publishing the same id at once get one
 * version and one refusal.
 */
export async function publishKpRuleVersion(db: Db, version: KpRuleVersion, publishedBy: string): Promise<readonly KpRuleVersion[]> {
  const book = await loadKpRuleBook(db);
  const problems = kpRuleVersionProblems(version, book);
  if (problems.length) throw new KpRuleVersionRefused(problems, book.some((v) => v.id === version.id));
  const inserted = await db.insertInto('kp_rule_version')
    .values({ id: version.id, valid_from: version.validFrom, definition: JSON.stringify(version), published_by: publishedBy })
    .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  if (!inserted) throw new KpRuleVersionRefused([`versi aturan ${version.id} sudah ada`], true);
  return loadKpRuleBook(db);
}
