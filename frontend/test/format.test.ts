import { describe, expect, it } from 'vitest';
import {
  changePercent, formatChange, formatPercent, formatPoints, formatPrice, formatSignedVolume,
  bucketStart, formatVnDateTime, formatVnTime, formatVolume, minuteStart, priceTone, toChartTime, toEpochMs,
} from '../src/format';

describe('prices in thousands of VND', () => {
  it('divides by 1,000 with two decimals', () => {
    expect(formatPrice(22950)).toBe('22.95');
    expect(formatPrice(9990)).toBe('9.99');
    expect(formatPrice(128700)).toBe('128.70');
    expect(formatPrice(100)).toBe('0.10');
  });
  it('leaves empty levels and prices before the first trade blank', () => {
    expect(formatPrice(0)).toBe('');
    expect(formatPrice(undefined)).toBe('');
    expect(formatPrice(NaN)).toBe('');
  });
  it('signs changes and percentages', () => {
    expect(formatChange(450)).toBe('+0.45');
    expect(formatChange(-1200)).toBe('-1.20');
    expect(formatChange(0)).toBe('0.00');
    expect(formatPercent(1.96078)).toBe('+1.96%');
    expect(formatPercent(-6.999)).toBe('-7.00%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(changePercent(23400, 22950)).toBeCloseTo(1.96078, 4);
    expect(changePercent(23400, 0)).toBe(0);
  });
  it('groups volumes and index points', () => {
    expect(formatVolume(1234500)).toBe('1,234,500');
    expect(formatVolume(0)).toBe('');
    expect(formatSignedVolume(-12000)).toBe('-12,000');
    expect(formatSignedVolume(5000)).toBe('+5,000');
    expect(formatPoints(1284.5)).toBe('1,284.50');
  });
});

describe('colours by price band', () => {
  // HOSE +-7% around 22,950: ceiling 24,550, floor 21,350 (tick 50).
  const ref = 22950, ceil = 24550, floor = 21350;
  it('uses ceiling purple and floor cyan before up and down', () => {
    expect(priceTone(24550, ref, ceil, floor)).toBe('ceil');
    expect(priceTone(21350, ref, ceil, floor)).toBe('floor');
  });
  it('uses green above the reference, red below, yellow at it', () => {
    expect(priceTone(24500, ref, ceil, floor)).toBe('up');
    expect(priceTone(21400, ref, ceil, floor)).toBe('down');
    expect(priceTone(22950, ref, ceil, floor)).toBe('ref');
  });
  it('has no colour without a price or a reference', () => {
    expect(priceTone(0, ref, ceil, floor)).toBe('none');
    expect(priceTone(23000, 0, 0, 0)).toBe('none');
  });
});

describe('Vietnam time', () => {
  // 2026-11-26T02:15:30Z is 09:15:30 in Ho Chi Minh City (UTC+7, no DST).
  const t = Date.UTC(2026, 10, 26, 2, 15, 30);
  it('formats clock time in UTC+7 whatever the browser zone', () => {
    expect(formatVnTime(t)).toBe('09:15:30');
    expect(formatVnDateTime(t)).toBe('26/11/2026 09:15:30');
    // 17:30 UTC is already the next day in Vietnam.
    expect(formatVnDateTime(Date.UTC(2026, 10, 26, 17, 30, 0))).toBe('27/11/2026 00:30:00');
  });
  it('shifts chart times so the axis reads Vietnam wall-clock time', () => {
    expect(toChartTime(t)).toBe(Date.UTC(2026, 10, 26, 9, 15, 30) / 1000);
    expect(minuteStart(t + 999)).toBe(Date.UTC(2026, 10, 26, 2, 15, 0));
    expect(bucketStart(t, 3_600_000)).toBe(Date.UTC(2026, 10, 26, 2, 0, 0));
    expect(bucketStart(t, 86_400_000)).toBe(Date.UTC(2026, 10, 25, 17, 0, 0));
  });
  it('parses ISO strings with an offset and epoch numbers', () => {
    expect(toEpochMs('2026-11-26T09:15:30+07:00')).toBe(t);
    expect(toEpochMs(t)).toBe(t);
    expect(toEpochMs(String(t))).toBe(t);
    expect(toEpochMs('not a time')).toBeNaN();
  });
});

describe('formatCompactVolume', () => {
  it('switches to millions from 10 million on, so board cells stay narrow', async () => {
    const { formatCompactVolume } = await import('../src/format');
    expect(formatCompactVolume(9_999_999)).toBe('9,999,999');
    expect(formatCompactVolume(12_345_678)).toBe('12.35M');
    expect(formatCompactVolume(-12_345_678, true)).toBe('-12.35M');
    expect(formatCompactVolume(10_000_000, true)).toBe('+10.00M');
    expect(formatCompactVolume(5000, true)).toBe('+5,000');
    expect(formatCompactVolume(0)).toBe('');
    expect(formatCompactVolume(0, true)).toBe('0');
  });
});
