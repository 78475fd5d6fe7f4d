-- Active buy and active sell volume of each 1-minute candle (neutral = volume - buy - sell), kept by
-- the writer with the candle itself. Candles written before this migration have 0 for both. Where a
-- continuous aggregate builds the candles instead, the split is summed from the ticks when read.
ALTER TABLE candles_1m ADD COLUMN buy_volume bigint NOT NULL DEFAULT 0;
ALTER TABLE candles_1m ADD COLUMN sell_volume bigint NOT NULL DEFAULT 0;
