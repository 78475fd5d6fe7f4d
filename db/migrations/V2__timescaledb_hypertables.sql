-- When the TimescaleDB extension is installed on the server, create it and make the time-series
-- tables hypertables (one-day chunks). Plain PostgreSQL, or a server where the extension cannot be
-- created (not preloaded, no privilege), keeps the plain tables: everything works either way.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS timescaledb;
            PERFORM create_hypertable('ticks', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
            PERFORM create_hypertable('foreign_flow', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
            PERFORM create_hypertable('index_snapshots', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
            PERFORM create_hypertable('futures_ticks', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
            PERFORM create_hypertable('candles_1m', by_range('bucket', INTERVAL '7 days'), if_not_exists => true, migrate_data => true);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'TimescaleDB not usable (%), keeping plain tables', SQLERRM;
        END;
    END IF;
END
$$;
