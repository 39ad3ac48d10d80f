// The one place where decimal and binary units meet: GB vs GiB and Gb/s vs GB/s are the
// classic bugs of this field. Vendors quote memory in GB (1e9) or GiB loosely, bandwidth in
// GB/s (1e9 B/s), network rates in Gb/s (1e9 bit/s), and compute in TFLOP/s (1e12).
export type Bytes = number & { readonly __unit?: "bytes" };
export type Seconds = number & { readonly __unit?: "seconds" };
export type Flops = number & { readonly __unit?: "flops" };
export type BytesPerSecond = number & { readonly __unit?: "bytesPerSecond" };
export type FlopsPerSecond = number & { readonly __unit?: "flopsPerSecond" };

export const GB = 1e9;
export const GiB = 1024 ** 3;
export const TB = 1e12;
export const TFLOP = 1e12;

export const gbToBytes = (gb: number): Bytes => gb * GB;
export const bytesToGiB = (bytes: Bytes): number => bytes / GiB;
export const bytesToGB = (bytes: Bytes): number => bytes / GB;
export const gibToBytes = (gib: number): Bytes => gib * GiB;
/** Network line rate in gigabits per second to bytes per second. */
export const gbitPerSecondToBytesPerSecond = (gbps: number): BytesPerSecond => (gbps * 1e9) / 8;
export const gbPerSecondToBytesPerSecond = (gBps: number): BytesPerSecond => gBps * GB;
export const tbPerSecondToBytesPerSecond = (tBps: number): BytesPerSecond => tBps * TB;
export const tflopsToFlopsPerSecond = (tflops: number): FlopsPerSecond => tflops * TFLOP;
export const secondsToHours = (s: Seconds): number => s / 3600;
export const secondsToDays = (s: Seconds): number => s / 86400;

/** Bytes per element of each numeric format the engine knows. */
export const BYTES_PER_ELEMENT = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  fp4: 0.5,
} as const;
export type NumberFormat = keyof typeof BYTES_PER_ELEMENT;
