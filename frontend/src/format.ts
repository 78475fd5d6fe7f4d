/**
 * Formatting for the board: prices in thousands of VND, volumes, changes, colours by price band and
 * Vietnam time. Pure functions, no DOM, so they are cheap to call on every update and easy to test.
 */

/** Vietnam (Asia/Ho_Chi_Minh) is UTC+7 all year: no daylight saving time. */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Colour class of a price relative to its day band, as boards colour them. */
export type PriceTone = 'ceil' | 'floor' | 'ref' | 'up' | 'down' | 'none';

/** 22950 (VND) -> "22.95"; 0 or missing -> "" (no trade yet / empty book level). */
export function formatPrice(vnd: number | null | undefined): string {
  if (vnd == null || !Number.isFinite(vnd) || vnd <= 0) return '';
  return (vnd / 1000).toFixed(2);
}

/** A signed price change in thousands of VND: 450 -> "+0.45", -1200 -> "-1.20", 0 -> "0.00". */
export function formatChange(vnd: number | null | undefined): string {
  if (vnd == null || !Number.isFinite(vnd)) return '';
  const s = (Math.abs(vnd) / 1000).toFixed(2);
  if (vnd > 0) return '+' + s;
  if (vnd < 0) return '-' + s;
  return s;
}

/** A signed percentage: 1.9608 -> "+1.96%". */
export function formatPercent(pct: number | null | undefined): string {
  if (pct == null || !Number.isFinite(pct)) return '';
  const s = Math.abs(pct).toFixed(2) + '%';
  if (pct > 0.004999) return '+' + s;
  if (pct < -0.004999) return '-' + s;
  return '0.00%';
}

/** Change in percent of the reference price; 0 when the reference is unknown. */
export function changePercent(last: number, ref: number): number {
  if (!(ref > 0) || !(last > 0)) return 0;
  return ((last - ref) / ref) * 100;
}

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Share volumes with thousands separators: 1234500 -> "1,234,500"; 0 -> "". */
export function formatVolume(shares: number | null | undefined): string {
  if (shares == null || !Number.isFinite(shares) || shares === 0) return '';
  return grouping.format(shares);
}

/** A signed volume (foreign net): -12000 -> "-12,000", 5000 -> "+5,000". */
export function formatSignedVolume(shares: number | null | undefined): string {
  if (shares == null || !Number.isFinite(shares)) return '';
  if (shares === 0) return '0';
  return (shares > 0 ? '+' : '-') + grouping.format(Math.abs(shares));
}

/** VND values in billions (ty dong), as foreign flow is usually shown: 12_345_000_000 -> "12.35". */
export function formatBillions(vnd: number | null | undefined): string {
  if (vnd == null || !Number.isFinite(vnd)) return '';
  return (vnd / 1e9).toFixed(2);
}

/** Index points: 1284.5 -> "1,284.50". */
export function formatPoints(points: number | null | undefined): string {
  if (points == null || !Number.isFinite(points) || points === 0) return '';
  return points.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Signed points: 3.456 -> "+3.46". */
export function formatPointChange(points: number | null | undefined): string {
  if (points == null || !Number.isFinite(points)) return '';
  const s = Math.abs(points).toFixed(2);
  if (points >= 0.005) return '+' + s;
  if (points <= -0.005) return '-' + s;
  return '0.00';
}

/**
 * The colour of a price on the board. Ceiling and floor win over up/down (a stock at its ceiling is
 * purple, not green); a price equal to the reference is yellow. Unknown band values (0) are ignored.
 */
export function priceTone(price: number, ref: number, ceiling: number, floor: number): PriceTone {
  if (!(price > 0)) return 'none';
  if (ceiling > 0 && price >= ceiling) return 'ceil';
  if (floor > 0 && price <= floor) return 'floor';
  if (!(ref > 0)) return 'none';
  if (price > ref) return 'up';
  if (price < ref) return 'down';
  return 'ref';
}

/** The colour of a signed change (indices, basis, foreign net). */
export function signTone(value: number): PriceTone {
  if (!Number.isFinite(value) || value === 0) return 'ref';
  return value > 0 ? 'up' : 'down';
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Epoch ms -> "HH:mm:ss" in Vietnam time, whatever the browser's own time zone. */
export function formatVnTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs + VN_OFFSET_MS);
  return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds());
}

/** Epoch ms -> "dd/MM/yyyy HH:mm:ss" in Vietnam time. */
export function formatVnDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs + VN_OFFSET_MS);
  return (
    pad2(d.getUTCDate()) + '/' + pad2(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear() + ' ' +
    formatVnTime(epochMs)
  );
}

/**
 * lightweight-charts draws UTCTimestamp values as UTC wall-clock time. Shifting by +7 h makes the
 * axis read Vietnam time. Returns whole seconds, as the chart expects.
 */
export function toChartTime(epochMs: number): number {
  return Math.floor((epochMs + VN_OFFSET_MS) / 1000);
}

/** The start (epoch ms) of the minute that contains epochMs. Vietnam is a whole-hour offset. */
export function minuteStart(epochMs: number): number {
  return Math.floor(epochMs / 60000) * 60000;
}

/** Candle intervals the history API serves. */
export const INTERVALS = ['1m', '5m', '15m', '30m', '1h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];
export const INTERVAL_MS: Record<Interval, number> = {
  '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '1d': 86_400_000,
};

/**
 * The start of the candle of `sizeMs` that contains epochMs, with buckets aligned on Vietnam
 * midnight as the backend aligns them (a day candle runs 00:00-24:00 in Ho Chi Minh City).
 */
export function bucketStart(epochMs: number, sizeMs: number): number {
  return Math.floor((epochMs + VN_OFFSET_MS) / sizeMs) * sizeMs - VN_OFFSET_MS;
}

/** Parses an ISO-8601 string or epoch number into epoch ms; NaN when it is neither. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    return Date.parse(value);
  }
  return NaN;
}

/** Trading session names as the board shows them. */
export const SESSION_LABEL: Record<string, string> = {
  pre_open: 'Pre-open', ato: 'ATO', continuous: 'Continuous', lunch: 'Lunch break', atc: 'ATC',
  put_through: 'Put-through', closed: 'Closed',
};

/** VND in billions with a sign: 1_234_000_000 -> "+1.23 bn"; 0 -> "0.00 bn". */
export function formatSignedBillions(vnd: number | null | undefined): string {
  if (vnd == null || !Number.isFinite(vnd)) return '';
  const s = (Math.abs(vnd) / 1e9).toFixed(2) + ' bn';
  return vnd > 0 ? '+' + s : vnd < 0 ? '-' + s : s;
}

/**
 * A board volume that stays narrow: below 10 million as formatVolume / formatSignedVolume, from 10
 * million on in millions with 2 decimals (12_345_678 -> "12.35M", signed -> "+12.35M").
 */
export function formatCompactVolume(shares: number, signed = false): string {
  if (!Number.isFinite(shares)) return '';
  if (Math.abs(shares) < 1e7) return signed ? formatSignedVolume(shares) : formatVolume(shares);
  const s = (Math.abs(shares) / 1e6).toFixed(2) + 'M';
  return signed ? (shares > 0 ? '+' : '-') + s : (shares < 0 ? '-' : '') + s;
}
