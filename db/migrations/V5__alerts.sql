-- Alerts fired by the processor (API.md "Alert"), kept so they survive a restart and can be queried
-- by kind, severity, symbol and time. A hypertable (one-week chunks: alerts are few) where TimescaleDB
-- is usable, a plain table otherwise. No unique constraint on id: the writer COPYs whole batches, and a
-- replayed recording may fire the same alert again; readers take the first row of an id.
CREATE TABLE alerts (
    ts       timestamptz NOT NULL,
    symbol   text        NOT NULL,
    id       text        NOT NULL,
    kind     text        NOT NULL,
    severity text        NOT NULL,
    message  text        NOT NULL,
    data     jsonb       NOT NULL
);
CREATE INDEX alerts_ts ON alerts (ts DESC);
CREATE INDEX alerts_symbol_ts ON alerts (symbol, ts DESC);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        BEGIN
            PERFORM create_hypertable('alerts', by_range('ts', INTERVAL '7 days'), if_not_exists => true, migrate_data => true);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'alerts stays a plain table (%)', SQLERRM;
        END;
    END IF;
END
$$;
