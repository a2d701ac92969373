/** How a sync's health reads: all rows delivered, some lost, or most lost. */
export type HealthLevel = 'good' | 'fair' | 'poor';

/** ≥ 100 % good, 50–99.99 % fair, under 50 % poor; null when there is no data yet. */
export function healthLevel(health: number | null): HealthLevel | null {
  if (health === null) return null;
  if (health >= 1) return 'good';
  return health >= 0.5 ? 'fair' : 'poor';
}

/**
 * Health as a percentage with at most one decimal, rounded down so a sync that lost a row never
 * reads "100 %": 0.99996 is "99.9 %".
 */
export function formatHealth(health: number | null): string {
  if (health === null) return '';
  if (health >= 1) return '100 %';
  // The epsilon keeps 0.29 (289.99999… thousandths in floating point) at 29 %.
  const tenths = Math.floor(health * 1000 + 1e-9) / 10;
  return `${tenths.toLocaleString('en-GB', { maximumFractionDigits: 1 })} %`;
}
