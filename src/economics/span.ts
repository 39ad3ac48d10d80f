// A money or power figure with its range: the nominal point the engine ranks by and the low and
// high ends a catalog range (or a user's range) carries through to the result. Every quantity
// here is non-negative, so interval arithmetic is end-wise (low with low, high with high).

export interface Span {
  value: number;
  low: number;
  high: number;
}

export const span = (value: number, low = value, high = value): Span => ({
  value,
  low: Math.min(low, value),
  high: Math.max(high, value),
});

export const ZERO: Span = { value: 0, low: 0, high: 0 };

export const scale = (s: Span, k: number): Span => ({ value: s.value * k, low: s.low * k, high: s.high * k });

export const add = (a: Span, b: Span): Span => ({
  value: a.value + b.value,
  low: a.low + b.low,
  high: a.high + b.high,
});

export const mul = (a: Span, b: Span): Span => ({
  value: a.value * b.value,
  low: a.low * b.low,
  high: a.high * b.high,
});

/** a / b for positive spans: the low end divides by b's high end. */
export const div = (a: Span, b: Span): Span => ({
  value: a.value / b.value,
  low: a.low / b.high,
  high: a.high / b.low,
});

export const isPoint = (s: Span): boolean => s.low === s.high;

/** One end as a point (the pessimistic or optimistic device of a comparison). */
export const at = (s: Span, end: "low" | "high" | "value"): Span => span(s[end]);
