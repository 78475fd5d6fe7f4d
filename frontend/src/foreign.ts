/**
 * Foreign flow helpers for the page: heat-map levels and the cumulative flow in billions. Pure.
 */

/** Heat levels per side: 0 (no flow) .. HEAT_LEVELS (the largest absolute net value shown). */
export const HEAT_LEVELS = 4;

/**
 * The heat-map class of a net value against the largest absolute one: 'heat-0' for none,
 * 'heat-p1'..'heat-p4' for net buying, 'heat-n1'..'heat-n4' for net selling (level = the value's
 * share of the maximum, rounded up to quarters).
 */
export function heatClass(netVal: number, maxAbs: number): string {
  if (!(maxAbs > 0) || netVal === 0 || !Number.isFinite(netVal)) return 'heat-0';
  const level = Math.max(1, Math.min(HEAT_LEVELS, Math.ceil((Math.abs(netVal) / maxAbs) * HEAT_LEVELS)));
  return (netVal > 0 ? 'heat-p' : 'heat-n') + level;
}

/** The server's cumulative flow ([minute, VND]) as chart points in billions of VND. */
export function flowInBillions(flow: readonly [number, number][]): [number, number][] {
  return flow.map(([t, v]) => [t, Math.round(v / 1e7) / 100]);
}
