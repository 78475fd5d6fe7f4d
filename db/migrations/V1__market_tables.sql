-- Time-series tables of the stock tracker. Plain PostgreSQL; V2 turns them into TimescaleDB
-- hypertables when the extension is available.
-- Prices: stocks in VND, futures in index points. Times: timestamptz (UTC inside).

CREATE TABLE ticks (
    ts      timestamptz   NOT NULL,
    symbol  text          NOT NULL,
    price   numeric(14,2) NOT NULL,
    volume  bigint        NOT NULL,
    side    char(1)       NOT NULL CHECK (side IN ('B', 'S', 'N')),
    session text          NOT NULL,
    seq     bigint        NOT NULL
);
CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts DESC);

CREATE TABLE foreign_flow (
    ts             timestamptz NOT NULL,
    symbol         text        NOT NULL,
    buy_vol        bigint      NOT NULL,
    sell_vol       bigint      NOT NULL,
    buy_val        bigint      NOT NULL,
    sell_val       bigint      NOT NULL,
    delta_buy_vol  bigint      NOT NULL,
    delta_sell_vol bigint      NOT NULL,
    current_room   bigint      NOT NULL
);
CREATE INDEX foreign_flow_symbol_ts ON foreign_flow (symbol, ts DESC);

CREATE TABLE index_snapshots (
    ts          timestamptz      NOT NULL,
    symbol      text             NOT NULL,
    value       double precision NOT NULL,
    change      double precision NOT NULL,
    total_qtty  bigint           NOT NULL,
    total_value bigint           NOT NULL,
    advances    integer          NOT NULL,
    no_changes  integer          NOT NULL,
    declines    integer          NOT NULL
);
CREATE INDEX index_snapshots_symbol_ts ON index_snapshots (symbol, ts DESC);

CREATE TABLE futures_ticks (
    ts          timestamptz      NOT NULL,
    symbol      text             NOT NULL,
    price       numeric(10,2)    NOT NULL,
    volume      bigint           NOT NULL,
    index_value double precision NOT NULL,
    basis       double precision NOT NULL
);
CREATE INDEX futures_ticks_symbol_ts ON futures_ticks (symbol, ts DESC);

-- 1-minute candles maintained by the writer in the same transaction as the ticks they summarise
-- (first_ts/last_ts decide open and close when batches arrive out of order).
CREATE TABLE candles_1m (
    symbol   text          NOT NULL,
    bucket   timestamptz   NOT NULL,
    open     numeric(14,2) NOT NULL,
    high     numeric(14,2) NOT NULL,
    low      numeric(14,2) NOT NULL,
    close    numeric(14,2) NOT NULL,
    volume   bigint        NOT NULL,
    first_ts timestamptz   NOT NULL,
    last_ts  timestamptz   NOT NULL,
    PRIMARY KEY (symbol, bucket)
);
