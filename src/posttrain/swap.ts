// The colocated swap over the host link (PCI-SIG PCI Express Base Specification 4.0: 16 GT/s ×
// 16 lanes × 128b/130b ≈ 31.5 GB/s per direction): before generation the trainer's optimizer state
// and gradients leave device memory for the host and come back before the update (verl's offload
// around the rollout, HybridFlow arXiv:2409.19256; NeMo-RL's colocated mode), so the rollout
// engine gets that memory for its KV cache. Each byte crosses the link twice per RL step.
// PCIe 5.0 hosts (H100/H800 SXM) offer about twice the default: give hostLinkGBps.
export const DEFAULT_HOST_LINK_GBPS = 32;

export interface Swap {
  bytesPerDevice: number;
  hostLinkGBps: number;
  seconds: number;
}

/** `bytesPerDevice`: what leaves the device before generation (optimizer state + gradients). */
export function swapSeconds(bytesPerDevice: number, hostLinkGBps = DEFAULT_HOST_LINK_GBPS): Swap {
  return { bytesPerDevice, hostLinkGBps, seconds: (2 * bytesPerDevice) / (hostLinkGBps * 1e9) };
}
