-- The role API replicas (BACKEND_ROLE=api) read the database as (SET ROLE tracker_reader after login):
-- SELECT on every table and view of the schema, now and created later by the migrating login, nothing
-- else, so a replica cannot write even by mistake. A login without the right to create roles (plain
-- PostgreSQL with a limited user) gets a notice instead of a failed migration; an operator then creates
-- the role, or runs the replicas with DATABASE_READ_ROLE= (read-only transactions of the login itself).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_reader') THEN
        CREATE ROLE tracker_reader NOLOGIN;
    END IF;
    EXECUTE format('GRANT tracker_reader TO %I', current_user);
    GRANT USAGE ON SCHEMA public TO tracker_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO tracker_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tracker_reader;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'tracker_reader not set up (%); API replicas need DATABASE_READ_ROLE= or a role created by an administrator', SQLERRM;
END $$;
