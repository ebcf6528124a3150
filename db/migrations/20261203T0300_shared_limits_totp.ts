import { Kysely, sql } from 'kysely';

// Limits every API process shares (login lockouts exact, request limits synchronised each second), a request quota
// per integration token, and TOTP enrolment by the official: a pending secret until confirmed, recovery codes (hashed).
// The counters are UNLOGGED: losing them in a crash only forgives a window, and they are written often.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE rate_limit_window (
      limiter text NOT NULL,
      key text NOT NULL,
      window_start bigint NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (limiter, key, window_start)
    );
    ALTER TABLE api_token ADD COLUMN requests_per_minute integer CHECK (requests_per_minute > 0);
    ALTER TABLE app_user ADD COLUMN totp_enrolled_at timestamptz;
    CREATE TABLE totp_enrolment (
      user_id text PRIMARY KEY REFERENCES app_user(id),
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE totp_recovery_code (
      user_id text NOT NULL REFERENCES app_user(id),
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE totp_recovery_code, totp_enrolment, rate_limit_window;
    ALTER TABLE app_user DROP COLUMN totp_enrolled_at;
    ALTER TABLE api_token DROP COLUMN requests_per_minute;
  `.execute(db);
}
