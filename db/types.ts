import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Dates come back from pg as 'YYYY-MM-DD' strings (see db/index.ts), which is what domain/ speaks. */
type DateCol = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | number, string | number>;

export type DocumentStatus = 'BERLAKU' | 'DICABUT' | 'DIKOREKSI' | 'MENUNGGU' | 'BATAL';
export type SignedStep = 'APPROVAL' | 'PERTEK' | 'SK';
export type SignerCapacity = 'DEFINITIF' | 'PLT' | 'PLH';
export type OfficeZone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
export interface KanregTable { id: string; nama: string; kode: string; kota: string; kepala_user_id: string | null; zona_waktu: Generated<OfficeZone> }
export interface InstansiTable {
  id: string; nama: string; jenis: string; kanreg_id: string; jabatan_ppk: string; tempat_penetapan: string; kode_unit_sk: string;
  zona_waktu: Generated<OfficeZone>; sk_signer_user_id: string | null; sk_atas_nama: Generated<boolean>;
}
export interface UnorTable { id: string; instansi_id: string; parent_id: string | null; nama: string }
export interface EmployeeTable {
  nip: string; nama: string; gelar_depan: string | null; gelar_belakang: string | null; tempat_lahir: string;
  tanggal_lahir: DateCol; jenis_kelamin: 'L' | 'P'; agama: string | null; status_perkawinan: string | null;
  alamat: string | null; email: string | null; jenis_asn: 'PNS' | 'PPPK'; status_kepegawaian: Generated<string>;
  instansi_id: string; unor_id: string | null; jabatan_nama: string; jabatan_jenis: 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA';
  jf_level: string | null; angka_kredit: Numeric | null; golongan_id: number; tmt_golongan: DateCol;
  mkg_tahun: Generated<number>; mkg_bulan: Generated<number>; tmt_cpns: DateCol | null; pendidikan_level: string;
  pendidikan_nama: string | null; blocked_by_bkn: Generated<boolean>; blocked_reason: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}
export interface GolonganHistoryTable {
  id: Generated<string>; nip: string; golongan_id: number; tmt: DateCol; mkg_tahun: Generated<number>; mkg_bulan: Generated<number>;
  sk_nomor: string | null; sk_tanggal: DateCol | null; pertek_nomor: string | null; usulan_id: string | null; created_at: Timestamp;
}
export interface EducationTable {
  id: Generated<string>; nip: string; level: string; nama_sekolah: string | null; jurusan: string | null; tahun_lulus: number | null; diakui: Generated<boolean>;
}
export interface RatingTable { nip: string; tahun: number; predikat: string }
export interface SanctionTable {
  id: Generated<string>; nip: string; tingkat: string; jenis: string; tmt_mulai: DateCol; tmt_selesai: DateCol | null; sk_nomor: string | null;
}
export interface StludTable { nip: string; tingkat: number; tanggal: DateCol }
export interface KpExtraTable {
  nip: string; penyesuaian_level: string | null; penyesuaian_diakui: boolean | null; penyesuaian_ujian_lulus: boolean | null;
  keputusan_prestasi: Generated<boolean>;
  /** The direct superior's golongan, read only by the KP rule versions before Peraturan BKN 2/2025. */
  atasan_golongan_id?: number | null;
}
import type { Role } from '../domain/identity';
export type { Role };
export interface AppUserTable {
  id: string; username: string; nama: string; nip: string | null; jabatan: string | null; role: Role;
  instansi_id: string | null; kanreg_id: string | null; superior_user_id: string | null; email: string | null;
  password_hash: string; totp_secret: string | null; signer_id: string | null; active: Generated<boolean>; created_at: Timestamp;
  totp_enrolled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface DelegationTable {
  id: Generated<string>; instansi_id: string; from_user_id: string; to_user_id: string; jenis: 'PLT' | 'PLH';
  mulai: DateCol; selesai: DateCol; created_by: string; created_at: Timestamp; revoked_at: Timestamp | null;
}
export interface DocumentTable {
  id: string; sha256: string; size: number; mime: string; filename: string; kind: 'BERKAS' | 'PERTEK' | 'SK' | 'PENGANTAR' | 'PEREMAJAAN';
  doc_code: string | null; siasn_id: number | null; owner_nip: string | null; usulan_id: string | null; version: Generated<number>;
  supersedes_id: string | null; tahun?: number | null; status: Generated<DocumentStatus>; uploaded_by: string | null; created_at: Timestamp;
  step?: SignedStep | null; attempt_id?: string | null; signed_by_user_id?: string | null; signer_id?: string | null;
  printed_nama?: string | null; printed_nip?: string | null; printed_jabatan?: string | null; capacity?: SignerCapacity | null;
  on_behalf_of_user_id?: string | null; nomor?: string | null; tanggal?: DateCol | null;
}
export interface KpBatchTable {
  id: string; instansi_id: string; operator_id: string; periode: DateCol; jenis_kp: number; total: number; accepted: number; held: number;
  created_at: Timestamp;
}
export interface UsulanKpTable {
  id: string; batch_id: string | null; nip: string; nama: string; instansi_id: string; kanreg_id: string; periode: DateCol;
  jenis_kp: number; status: string; last_step: Generated<number>; is_open: Generated<boolean>; golongan_lama: number; golongan_baru: number;
  penandatangan_sk: 'PPK' | 'KEPALA_BKN' | 'PRESIDEN'; submitted_by: string; approved_by: string | null; bts_count: Generated<number>;
  claimed_by: string | null; claim_expires_at: Timestamp | null; pertek_nomor: string | null; pertek_tanggal: DateCol | null;
  pertek_document_id: string | null; sk_nomor: string | null; sk_tanggal: DateCol | null; sk_draft_sha256: string | null; sk_draft_field: unknown | null; sk_document_id: string | null;
  keppres_nomor: string | null; keppres_tanggal: DateCol | null; workflow_started_at: Timestamp | null; due_at: Timestamp | null;
  sla_breached: Generated<boolean>; last_note: string | null; created_at: Timestamp; updated_at: Timestamp;
  closed_at: Timestamp | null; sk_signer_user_id?: string | null; stuck_reason?: string | null; stuck_since?: Timestamp | null;
  /** The KP rule version the usulan was judged by (domain/kp-rule-versions.ts); null before versions were recorded. */
  rule_version?: string | null;
}
export interface UsulanEventTable {
  id: Generated<string>; usulan_id: string; event_key: string; jenis: string; actor_id: string | null; actor_nama: string | null;
  from_status: string | null; to_status: string | null; catatan: string | null; data: unknown | null; seq?: number | null; at: Timestamp;
}
export interface NumberSequenceTable { scope: string; last_value: number }
export interface NumberAssignmentTable { usulan_id: string; kind: string; nomor: string; tanggal: DateCol; issuer: string; series: string; year: number }
export interface NotificationTable {
  id: Generated<string>; event_key: string; recipient_user_id: string | null; recipient_nip: string | null; recipient_email: string | null;
  usulan_id: string | null; subject: string; body: string; created_at: Timestamp; email_sent_at: Timestamp | null; read_at: Timestamp | null;
}

export interface Database {
  kanreg: KanregTable;
  instansi: InstansiTable;
  unor: UnorTable;
  employee: EmployeeTable;
  employee_golongan_history: GolonganHistoryTable;
  employee_education: EducationTable;
  employee_rating: RatingTable;
  employee_sanction: SanctionTable;
  employee_stlud: StludTable;
  employee_kp_extra: KpExtraTable;
  app_user: AppUserTable;
  delegation: DelegationTable;
  document: DocumentTable;
  kp_batch: KpBatchTable;
  usulan_kp: UsulanKpTable;
  usulan_event: UsulanEventTable;
  number_sequence: NumberSequenceTable;
  number_assignment: NumberAssignmentTable;
  notification: NotificationTable;
}

export type Employee = Selectable<EmployeeTable>;
export type NewEmployee = Insertable<EmployeeTable>;
export type AppUser = Selectable<AppUserTable>;
export type UsulanKp = Selectable<UsulanKpTable>;
export type UsulanKpUpdate = Updateable<UsulanKpTable>;
export type UsulanEvent = Selectable<UsulanEventTable>;
export type DocumentRow = Selectable<DocumentTable>;

// Issue 3 (API protections): sessions, tokens, TOTP replay guard, idempotency, audit chain. Merged into Database.
/** A timestamp with a database default (Kysely's Generated<> does not unwrap a ColumnType, so spelled out). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export interface AuthSessionTable {
  id_hash: string; user_id: string; csrf_token: string; mfa_pending: boolean; mfa_verified_at: Timestamp | null;
  created_at: DefaultTimestamp; last_seen_at: DefaultTimestamp; expires_at: Timestamp; ip: string | null;
  user_agent: string | null; ended_at: Timestamp | null; end_reason: string | null;
}
export interface UserTotpStepTable { user_id: string; last_step: ColumnType<string, string | number, string | number> }
export interface ApiTokenTable {
  id: string; name: string; token_hash: string; user_id: string; instansi_id: string; scopes: string[]; created_by: string;
  created_at: DefaultTimestamp; expires_at: Timestamp | null; revoked_at: Timestamp | null; last_used_at: Timestamp | null;
  requests_per_minute: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface IdempotencyKeyTable {
  user_id: string; key: string; method: string; path: string; request_hash: string; status_code: number | null;
  response_body: unknown | null; response_headers: Record<string, string> | null; created_at: DefaultTimestamp;
  locked_until: Timestamp; completed_at: Timestamp | null;
}
export interface AuditLogTable {
  id: string; at: Timestamp; actor_id: string | null; action: string; object_type: string | null; object_id: string | null;
  ip: string | null; data: unknown | null; prev_hash: string; hash: string;
}
export interface AuditHeadTable { singleton: Generated<boolean>; last_id: string; last_hash: string }

export interface Database {
  auth_session: AuthSessionTable;
  user_totp_step: UserTotpStepTable;
  api_token: ApiTokenTable;
  idempotency_key: IdempotencyKeyTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export type AuthSession = Selectable<AuthSessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

// Issue 6 (peremajaan data): change sets, their history and record items. Merged into Database.
export type PeremajaanAuthority = 'INSTANSI' | 'BKN';
export type PeremajaanChangeStatus = 'MENUNGGU' | 'DISETUJUI' | 'DITOLAK' | 'DITERAPKAN' | 'KEMBALI_KE_VERIFIKATOR';
type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null, string | null>;
export interface UsulanPeremajaanTable {
  id: string; batch_id: string | null; nip: string; nama: string; instansi_id: string; kanreg_id: string; submitted_by: string;
  submitter_role: string; status: string; is_open: Generated<boolean>; last_step: Generated<number>; workflow_started_at: Timestamp | null;
  due_at: Timestamp | null; sla_breached: Generated<boolean>; last_note: string | null; stuck_reason: string | null; stuck_since: Timestamp | null; created_at: Timestamp;
  updated_at: Timestamp; closed_at: Timestamp | null;
}
export interface PeremajaanChangeTable {
  id: string; usulan_id: string; seq: number; nip: string; area: string; field: string; old_value: NullableJson; new_value: Json;
  documents: Generated<string[]>; authority: PeremajaanAuthority; status: Generated<PeremajaanChangeStatus>; is_open: Generated<boolean>;
  proposed_by: string; decided_by: string | null; decided_by_nama: string | null; reason: string | null; decided_at: Timestamp | null;
  applied_at: Timestamp | null; returned_count: Generated<number>;
}
export interface EmployeeDataHistoryTable {
  id: Generated<string>; nip: string; area: string; field: string; old_value: NullableJson; new_value: Json; usulan_id: string;
  change_id: string; proposed_by: string; approved_by: string; at: Timestamp;
}
export interface EmployeeRecordItemTable {
  id: Generated<string>; nip: string; area: string; field: string; data: Json; usulan_id: string; change_id: string;
  created_at: Timestamp;
}

/** An owner of a document that names several employees (db/migrations/20261203T0100_shared_document_owners.ts). */
export interface SharedDocumentOwnerTable {
  document_id: string; nip: string; usulan_id: string; added_by: string; added_at: DefaultTimestamp;
}

/** A KP rule version published as data (db/migrations/20261203T0200_kp_rule_versions.ts). */
export interface KpRuleVersionTable {
  id: string; valid_from: DateCol; definition: Json; published_by: string; published_seq: Generated<string>; published_at: DefaultTimestamp;
}

export interface Database {
  kp_rule_version: KpRuleVersionTable;
  shared_document_owner: SharedDocumentOwnerTable;
  usulan_peremajaan: UsulanPeremajaanTable;
  peremajaan_change: PeremajaanChangeTable;
  employee_data_history: EmployeeDataHistoryTable;
  employee_record_item: EmployeeRecordItemTable;
}

export type UsulanPeremajaan = Selectable<UsulanPeremajaanTable>;
export type PeremajaanChange = Selectable<PeremajaanChangeTable>;

/** Shared rate-limit counters, TOTP enrolment (db/migrations/20261203T0300_shared_limits_totp.ts). */
export interface RateLimitWindowTable { limiter: string; key: string; window_start: ColumnType<string, string | number, string | number>; count: number }
export interface TotpEnrolmentTable { user_id: string; secret: string; created_at: DefaultTimestamp }
export interface TotpRecoveryCodeTable { user_id: string; code_hash: string; created_at: DefaultTimestamp; used_at: Timestamp | null }
export interface Database {
  rate_limit_window: RateLimitWindowTable;
  totp_enrolment: TotpEnrolmentTable;
  totp_recovery_code: TotpRecoveryCodeTable;
}

/** Where a master row came from (db/migrations/20261204T0100_master_data_import.ts): design B, own ids plus the source's. */
export type MasterSumber = 'SIMPEG' | 'SIASN' | 'PEREMAJAAN' | 'MANUAL';
interface Sourced {
  sumber: ColumnType<MasterSumber, MasterSumber | undefined, MasterSumber>; sumber_id: ColumnType<string | null, string | null | undefined, string | null>;
  siasn_id: ColumnType<string | null, string | null | undefined, string | null>;
  dikonfirmasi_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The fingerprint of the import record that last wrote or confirmed the row (20261206T0100_import_fingerprint.ts). */
  impor_sidik: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface EmployeeTable extends Sourced {
  kedudukan_hukum: Generated<string>; tmt_pns: ColumnType<string | null, string | null | undefined, string | null>;
  eselon: ColumnType<string | null, string | null | undefined, string | null>;
}
/* eslint-disable @typescript-eslint/no-empty-object-type -- declaration merging: these add the Sourced columns to the tables declared above */
export interface UnorTable extends Sourced {}
export interface GolonganHistoryTable extends Sourced {}
export interface EducationTable extends Sourced {}
export interface RatingTable extends Sourced {}
export interface SanctionTable extends Sourced {}
/* eslint-enable @typescript-eslint/no-empty-object-type */
export interface JabatanHistoryTable extends Sourced {
  id: Generated<string>; nip: string; jenis: string; nama: string; jenjang: string | null; eselon: string | null; unor_id: string | null;
  tmt: DateCol; sk_nomor: string | null; sk_tanggal: DateCol | null;
}
export interface AngkaKreditTable extends Sourced {
  id: Generated<string>; nip: string; sk_nomor: string | null; sk_tanggal: DateCol; kredit_utama: Numeric; kredit_penunjang: Numeric; kredit_total: Numeric;
}
export interface KinerjaPeriodikTable extends Sourced { nip: string; tahun: number; bulan_mulai: number; bulan_selesai: number; predikat: string }
export interface MasterFactChangeTable {
  id: Generated<string>; at: DefaultTimestamp; nip: string | null; entity: string; entity_key: string; field: string;
  old_value: unknown; new_value: unknown; sumber: string; job_id: string | null; actor_id: string | null;
}
export type ImportJobStatus = 'UJI' | 'MENUNGGU' | 'BERJALAN' | 'SELESAI' | 'GAGAL' | 'DIBATALKAN';
export interface ImportJobTable {
  id: string; instansi_id: string; sumber: 'SIMPEG' | 'SIASN'; asal: 'API' | 'BERKAS'; nama_berkas: string | null; status: ImportJobStatus;
  total: number; diproses: Generated<number>; baru: Generated<number>; berubah: Generated<number>; sama: Generated<number>; ditolak: Generated<number>;
  kelayakan_diperiksa: Generated<number>; kelayakan_berubah: Generated<number>; pesan: string | null; created_by: string;
  created_at: DefaultTimestamp; started_at: Timestamp | null; finished_at: Timestamp | null;
}
export interface ImportJobRecordTable {
  job_id: string; seq: number; urutan: number; dataset: string; baris: number | null; kunci: string | null; nip: string | null; data: unknown;
  hasil: 'BARU' | 'BERUBAH' | 'SAMA' | 'DITOLAK' | null; alasan: unknown; perubahan: unknown; diterapkan_at: Timestamp | null;
  sidik: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface UsulanKpTable { kelayakan_peringatan?: unknown }
export interface Database {
  employee_jabatan_history: JabatanHistoryTable;
  employee_angka_kredit: AngkaKreditTable;
  employee_kinerja_periodik: KinerjaPeriodikTable;
  master_fact_change: MasterFactChangeTable;
  import_job: ImportJobTable;
  import_job_record: ImportJobRecordTable;
}
export type ImportJob = Selectable<ImportJobTable>;

/** SIASN snapshots and reconciliation runs (db/migrations/20261206T0200_siasn_snapshots.ts, issue 15). */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
export interface SiasnSyncTable {
  id: string; instansi_id: string; status: 'MENUNGGU' | 'BERJALAN' | 'SELESAI' | 'GAGAL'; total: Generated<number>; diproses: Generated<number>;
  gagal: Generated<number>; pesan: Nullable<string>; created_by: Nullable<string>; created_at: DefaultTimestamp; finished_at: Nullable<Date>;
}
export interface SiasnPegawaiTable {
  nip: string; instansi_id: string; pns_id: Nullable<string>; nama: Nullable<string>; gelar_depan: Nullable<string>; gelar_belakang: Nullable<string>;
  tanggal_lahir: Nullable<string>; jenis_kelamin: Nullable<'L' | 'P'>; jenis_asn: Nullable<'PNS' | 'PPPK'>; kedudukan_hukum: Nullable<string>;
  golongan_id: Nullable<number>; tmt_golongan: Nullable<string>; mk_tahun: Nullable<number>; mk_bulan: Nullable<number>; tmt_cpns: Nullable<string>;
  tmt_pns: Nullable<string>; pendidikan_tingkat: Nullable<string>; jabatan_jenis: Nullable<'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA'>;
  jabatan_nama: Nullable<string>; eselon: Nullable<string>; tmt_jabatan: Nullable<string>; unor_siasn_id: Nullable<string>; email: Nullable<string>;
  raw: unknown; sync_id: Nullable<string>; fetched_at: DefaultTimestamp;
}
export interface SiasnRiwayatTable {
  nip: string; jenis: 'golongan' | 'jabatan' | 'pendidikan' | 'skp' | 'kinerja' | 'angka_kredit' | 'hukdis'; siasn_id: string; tahun: Nullable<number>;
  data: unknown; raw: unknown; sync_id: Nullable<string>; fetched_at: DefaultTimestamp;
}
export interface SiasnUnorTable { id: string; instansi_id: string; nama: string; induk_id: Nullable<string>; pemimpin_pns_id: Nullable<string>; raw: unknown; fetched_at: DefaultTimestamp }
export interface SiasnAnswerRefusedTable { id: Generated<string>; sync_id: Nullable<string>; endpoint: string; nip: Nullable<string>; reason: string; raw: Nullable<string>; at: DefaultTimestamp }
export interface RekonRunTable {
  id: string; instansi_id: string; status: 'BERJALAN' | 'SELESAI' | 'GAGAL'; snapshot_at: Nullable<Date>; counts: unknown; score: Nullable<string>;
  created_by: Nullable<string>; created_at: DefaultTimestamp; finished_at: Nullable<Date>;
}
export type RekonHasil = 'SESUAI' | 'TIDAK_SESUAI' | 'HANYA_KITA' | 'HANYA_SIASN';
export interface RekonRowTable {
  run_id: string; seq: number; bagian: string; nip: string | null; unor_id: string | null; cek: string; nilai_kita: string | null; nilai_siasn: string | null;
  hasil: RekonHasil; tindakan: string | null;
}
export interface Database {
  siasn_sync: SiasnSyncTable;
  siasn_pegawai: SiasnPegawaiTable;
  siasn_riwayat: SiasnRiwayatTable;
  siasn_unor: SiasnUnorTable;
  siasn_answer_refused: SiasnAnswerRefusedTable;
  rekon_run: RekonRunTable;
  rekon_row: RekonRowTable;
}
export type RekonRun = Selectable<RekonRunTable>;

/** The outbox to SIASN (db/migrations/20261206T0300_siasn_outbox.ts). */
export interface SiasnOutboxTable {
  id: Generated<string>; instansi_id: string; jenis: 'SKP' | 'KINERJA' | 'SK_KP' | 'PEREMAJAAN'; kunci: string; nip: string | null; payload: unknown;
  status: Generated<'MENUNGGU' | 'TERKIRIM' | 'SUDAH_ADA' | 'MENYERAH'>; percobaan: Generated<number>; alasan: string | null; siasn_id: string | null;
  created_at: DefaultTimestamp; next_at: DefaultTimestamp; sent_at: Nullable<Date>;
}
export interface Database { siasn_outbox: SiasnOutboxTable }
export interface ImportJobTable { kirim_siasn: Generated<boolean> }
