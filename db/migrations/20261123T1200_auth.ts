import { Kysely, sql } from 'kysely';

// Sessions, API tokens, TOTP replay guard and idempotency records: the state behind the API's protections.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE auth_session (
      -- SHA-256 of the cookie value: a leaked table does not hand out live sessions.
      id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
      user_id text NOT NULL REFERENCES app_user(id),
      csrf_token text NOT NULL,
      mfa_pending boolean NOT NULL,
      mfa_verified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text,
      ended_at timestamptz,
      end_reason text
    );
    CREATE INDEX auth_session_user ON auth_session(user_id) WHERE ended_at IS NULL;
    CREATE TABLE user_totp_step (
      user_id text PRIMARY KEY REFERENCES app_user(id),
      last_step bigint NOT NULL
    );
    CREATE TABLE api_token (
      id text PRIMARY KEY,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      user_id text NOT NULL REFERENCES app_user(id),
      instansi_id text NOT NULL REFERENCES instansi(id),
      scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
      created_by text NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE TABLE idempotency_key (
      user_id text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response_body jsonb,
      response_headers jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz NOT NULL,
      completed_at timestamptz,
      PRIMARY KEY (user_id, key)
    );
    CREATE INDEX idempotency_key_created ON idempotency_key(created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE idempotency_key, api_token, user_totp_step, auth_session CASCADE`.execute(db);
}
