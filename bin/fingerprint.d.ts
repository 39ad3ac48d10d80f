export const BUILD_INPUTS: string[];
export function statsFingerprint(root: string): string;
export function fingerprint(root: string): string;
export function stampIsCurrent(stamp: unknown, root: string): boolean;
