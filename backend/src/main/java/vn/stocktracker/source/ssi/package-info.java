/**
 * The real market feed: SSI FastConnect Data API v2 ({@code MARKET_SOURCE=ssi}).
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link vn.stocktracker.source.ssi.SsiConfig}: {@code SSI_CONSUMER_ID}, {@code SSI_CONSUMER_SECRET}
 *       (never logged), {@code SSI_BASE_URL} (default {@code https://fc-data.ssi.com.vn/}),
 *       {@code SSI_STREAM_URL} (default {@code https://fc-datahub.ssi.com.vn/}), {@code SSI_CHANNELS}
 *       (default {@code X:ALL,R:ALL,MI:ALL,B:ALL}), {@code SSI_RECORD_FILE}, backoff and timeout knobs.</li>
 *   <li>{@link vn.stocktracker.source.ssi.SsiAuth}: the access token, renewed before the JWT's {@code exp}.</li>
 *   <li>{@link vn.stocktracker.source.ssi.SsiRestClient}: IndexComponents, Securities, SecuritiesDetails,
 *       DailyOhlc / IntradayOhlc (paging, 30-day windows, lenient keys and numbers).</li>
 *   <li>{@link vn.stocktracker.source.ssi.SsiCandleBackfill}: after a restart, today's minutes without a
 *       candle (the backend was down) filled from IntradayOhlc, once, after the first connection.</li>
 *   <li>{@link vn.stocktracker.source.ssi.SignalRConnection}: classic ASP.NET SignalR 2 (protocol 1.5)
 *       over {@link java.net.http.WebSocket}: negotiate, connect with the bearer token, start, invoke.</li>
 *   <li>{@link vn.stocktracker.source.ssi.SsiFrameDecoder}: raw frame text to normalised events
 *       (three JSON layers read with Jackson's streaming parser; malformed frames counted, logged and skipped).</li>
 *   <li>{@link vn.stocktracker.source.ssi.SsiSource}: the supervisor: login, VN30 watchlist, connect,
 *       {@code SwitchChannels} after every (re)connect, keep-alive watchdog, reconnect with exponential
 *       backoff and jitter, re-seeding of cumulative values, optional recording
 *       ({@link vn.stocktracker.source.ssi.FrameLog}, played by {@code MARKET_SOURCE=replay}).</li>
 * </ul>
 *
 * <h2>States in {@code /health} ({@code stream.state} / {@code stream.detail})</h2>
 * {@code connecting} (login, reference data, negotiate), {@code streaming} (events flowing),
 * {@code idle} (connected, no event for a minute: market closed), {@code reconnecting} (detail: why, and the
 * next delay), {@code failed} with detail {@code auth failed: ...} when SSI rejects the credentials (retried
 * every {@code SSI_AUTH_RETRY_MS}; no other data is substituted), {@code stopped}. Skipped malformed frames
 * are appended to the detail ("N malformed frames skipped").
 */
package vn.stocktracker.source.ssi;
