/**
 * {@code MARKET_SOURCE=replay}: plays a session recorded by the SSI source ({@code SSI_RECORD_FILE}) through
 * the same decoder, at the recorded pace ({@code REPLAY_SPEED=1}), faster ({@code 10}) or as fast as
 * possible ({@code max}); {@code REPLAY_LOOP=true} starts again at the end. A 4-second session recorded
 * from the stand-in is in {@code backend/src/test/resources/replay/standin-session.ssi}; its VN30F contract
 * is the front month of the day it was recorded, so on another month the futures frames are not tracked.
 */
package vn.stocktracker.source.replay;
