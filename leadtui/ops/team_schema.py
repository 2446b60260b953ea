"""The team journal's tables on PostgreSQL: append-only, one chain per journal.

Each leadtui journal pushes its entries (journal_chain) as they are; the key
(journal_id, seq) makes a push idempotent. Triggers refuse UPDATE, DELETE and
TRUNCATE for everyone; a role that owns the tables could drop the triggers,
so the operators' role is granted SELECT and INSERT only (``leadtui team setup
--grant ROLE``), and ``leadtui log --verify --team`` re-checks every chain.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS leadtui_journals (
    journal_id text PRIMARY KEY,
    os_user text NOT NULL,
    host text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS leadtui_entries (
    journal_id text NOT NULL REFERENCES leadtui_journals (journal_id),
    seq bigint NOT NULL,
    at text NOT NULL,
    kind text NOT NULL,
    operation_id bigint NOT NULL,
    row_id bigint NOT NULL,
    body text NOT NULL,
    prev text NOT NULL,
    hash text NOT NULL,
    lead_id bigint,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (journal_id, seq)
);
CREATE INDEX IF NOT EXISTS leadtui_entries_by_lead
    ON leadtui_entries (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS leadtui_entries_by_row
    ON leadtui_entries (journal_id, kind, row_id, seq);
CREATE INDEX IF NOT EXISTS leadtui_entries_by_operation
    ON leadtui_entries (journal_id, operation_id, kind);
CREATE OR REPLACE FUNCTION leadtui_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the leadtui team journal is append-only: % on % refused',
        TG_OP, TG_TABLE_NAME;
END
$$;
CREATE OR REPLACE TRIGGER leadtui_entries_append_only
    BEFORE UPDATE OR DELETE ON leadtui_entries
    FOR EACH ROW EXECUTE FUNCTION leadtui_append_only();
CREATE OR REPLACE TRIGGER leadtui_entries_no_truncate
    BEFORE TRUNCATE ON leadtui_entries
    FOR EACH STATEMENT EXECUTE FUNCTION leadtui_append_only();
CREATE OR REPLACE TRIGGER leadtui_journals_append_only
    BEFORE UPDATE OR DELETE ON leadtui_journals
    FOR EACH ROW EXECUTE FUNCTION leadtui_append_only();
CREATE OR REPLACE TRIGGER leadtui_journals_no_truncate
    BEFORE TRUNCATE ON leadtui_journals
    FOR EACH STATEMENT EXECUTE FUNCTION leadtui_append_only();
CREATE OR REPLACE VIEW leadtui_rows AS
    SELECT DISTINCT ON (journal_id, kind, row_id)
        journal_id, seq, kind, operation_id, row_id, lead_id, body::jsonb AS row
    FROM leadtui_entries
    ORDER BY journal_id, kind, row_id, seq DESC;
"""

TABLES = ("leadtui_journals", "leadtui_entries")
VIEWS = ("leadtui_rows",)
