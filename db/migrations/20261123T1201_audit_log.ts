import { Kysely, sql } from 'kysely';

/**
 * The audit chain. Each entry's hash covers its content and the previous entry's hash; a single head row, locked
 * per append, keeps the chain linear under concurrency. The insert trigger checks the link against the head and moves
 * the head, so even a client that skips the application code cannot fork the chain; UPDATE, DELETE and TRUNCATE are
 * refused outright. The hash itself is computed by the application (canonical JSON, api/audit.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE audit_log (
      id bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id text,
      action text NOT NULL,
      object_type text,
      object_id text,
      ip text,
      data jsonb,
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
    );
    CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
    CREATE INDEX audit_log_object ON audit_log(object_type, object_id, id);
    CREATE INDEX audit_log_action ON audit_log(action, id);
    CREATE TABLE audit_head (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      last_id bigint NOT NULL,
      last_hash text NOT NULL
    );
    INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, 0, repeat('0', 64));

    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

    CREATE FUNCTION audit_log_link() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE head audit_head%ROWTYPE;
    BEGIN
      SELECT * INTO head FROM audit_head WHERE singleton FOR UPDATE;
      IF NEW.id <> head.last_id + 1 OR NEW.prev_hash <> head.last_hash THEN
        RAISE EXCEPTION 'audit_log entry % does not continue the chain at %', NEW.id, head.last_id
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
      RETURN NEW;
    END $$;
    CREATE TRIGGER audit_log_link BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_link();

    -- The head moves only from inside audit_log_link (trigger depth 2); nobody deletes it.
    CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_head is maintained by audit_log inserts only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
      FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
    CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE audit_head, audit_log CASCADE;
    DROP FUNCTION audit_head_guard(), audit_log_link(), audit_log_refuse_change();
  `.execute(db);
}
