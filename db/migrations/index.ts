import type { Migration } from 'kysely';
import * as m20261123T1100 from './20261123T1100_core';
import * as m20261123T1101 from './20261123T1101_users_documents';
import * as m20261123T1102 from './20261123T1102_usulan_kp';
import * as m20261123T1200 from './20261123T1200_auth';
import * as m20261123T1201 from './20261123T1201_audit_log';
import * as m20261123T1300 from './20261123T1300_peremajaan';
import * as m20261123T1400 from './20261123T1400_berkas_tahun';
import * as m20261123T1500 from './20261123T1500_event_seq';
import * as m20261201T1000 from './20261201T1000_decree_integrity';
import * as m20261201T1100 from './20261201T1100_pending_indexes';
import * as m20261202T0100 from './20261202T0100_peremajaan_stuck';
import * as m20261203T0100 from './20261203T0100_shared_document_owners';
import * as m20261203T0200 from './20261203T0200_kp_rule_versions';
import * as m20261203T0300 from './20261203T0300_shared_limits_totp';
import * as m20261203T0500 from './20261203T0500_queue_indexes';
import * as m20261204T0100 from './20261204T0100_master_data_import';
import * as m20261206T0100 from './20261206T0100_import_fingerprint';
import * as m20261206T0200 from './20261206T0200_siasn_snapshots';
import * as m20261206T0300 from './20261206T0300_siasn_outbox';
import * as m20261206T1100 from './20261206T1100_decisions_by_actor';

/** Listed statically (not read from the folder) so the same list works under tsx, jest and a bundled build. */
export const migrations: Record<string, Migration> = {
  '20261123T1100_core': m20261123T1100,
  '20261123T1101_users_documents': m20261123T1101,
  '20261123T1102_usulan_kp': m20261123T1102,
  '20261123T1200_auth': m20261123T1200,
  '20261123T1201_audit_log': m20261123T1201,
  '20261123T1300_peremajaan': m20261123T1300,
  '20261123T1400_berkas_tahun': m20261123T1400,
  '20261123T1500_event_seq': m20261123T1500,
  '20261201T1000_decree_integrity': m20261201T1000,
  '20261201T1100_pending_indexes': m20261201T1100,
  '20261202T0100_peremajaan_stuck': m20261202T0100,
  '20261203T0100_shared_document_owners': m20261203T0100,
  '20261203T0200_kp_rule_versions': m20261203T0200,
  '20261203T0300_shared_limits_totp': m20261203T0300,
  '20261203T0500_queue_indexes': m20261203T0500,
  '20261204T0100_master_data_import': m20261204T0100,
  '20261206T0100_import_fingerprint': m20261206T0100,
  '20261206T0200_siasn_snapshots': m20261206T0200,
  '20261206T0300_siasn_outbox': m20261206T0300,
  '20261206T1100_decisions_by_actor': m20261206T1100,
};
