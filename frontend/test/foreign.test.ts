import { describe, expect, it } from 'vitest';
import { flowInBillions, heatClass } from '../src/foreign';

describe('heatClass', () => {
  it('grades net buying and selling in quarters of the largest absolute value', () => {
    expect(heatClass(100, 100)).toBe('heat-p4');
    expect(heatClass(75, 100)).toBe('heat-p3');
    expect(heatClass(50.1, 100)).toBe('heat-p3');
    expect(heatClass(25, 100)).toBe('heat-p1');
    expect(heatClass(1, 100)).toBe('heat-p1');
    expect(heatClass(-60, 100)).toBe('heat-n3');
    expect(heatClass(-100, 100)).toBe('heat-n4');
  });
  it('is neutral for no flow, no maximum or a value that is not a number', () => {
    expect(heatClass(0, 100)).toBe('heat-0');
    expect(heatClass(5, 0)).toBe('heat-0');
    expect(heatClass(Number.NaN, 100)).toBe('heat-0');
  });
});

describe('flowInBillions', () => {
  it('turns the server flow from VND into billions, two decimals', () => {
    expect(flowInBillions([[1796527800000, 21970000000], [1796527860000, 24415895000], [1796527920000, -1234567890]]))
      .toEqual([[1796527800000, 21.97], [1796527860000, 24.42], [1796527920000, -1.23]]);
    expect(flowInBillions([])).toEqual([]);
  });
});
