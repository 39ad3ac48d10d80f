// Moving a request's KV cache from a prefill device to a decode device in disaggregated
// serving (DistServe, Zhong et al. 2024; Mooncake, Qin et al. 2024; CloudMatrix384 serving,
// arXiv:2506.12708 Sec. 4): every layer's cache for the prompt, sent by the tp devices of the
// prefill attention group in parallel, over the scale-up fabric when both pools sit in one
// domain, else over the scale-out NICs.
import type { Arch } from "../model/arch.ts";
import { kvCacheBytesPerToken } from "../model/kv-cache-bytes.ts";

export interface KvTransfer {
  bytesPerRequest: number;
  seconds: number;
  over: "scale-up" | "scale-out";
  /** requests per second the prefill pool's links can ship */
  requestsPerSecondLimit: number;
}

export interface KvTransferInput {
  arch: Arch;
  promptTokens: number;
  kvBytesPerElement: number;
  /** prefill devices sending one request's cache in parallel (its attention group) */
  senders: number;
  prefillDevices: number;
  sameDomain: boolean;
  upBytesPerSecond: number;
  outBytesPerSecond: number;
  latencySeconds: number;
}

export function kvTransfer(t: KvTransferInput): KvTransfer {
  const bytesPerRequest = t.promptTokens * kvCacheBytesPerToken(t.arch, t.kvBytesPerElement);
  const bw = t.sameDomain ? t.upBytesPerSecond : t.outBytesPerSecond;
  return {
    bytesPerRequest,
    seconds: bytesPerRequest / (t.senders * bw) + t.latencySeconds,
    over: t.sameDomain ? "scale-up" : "scale-out",
    requestsPerSecondLimit: (t.prefillDevices * bw) / bytesPerRequest,
  };
}
