// A porting finding: what will not carry over to the target device as it is, one number that
// sizes it, and what to do instead. Codes come from the shared table in src/issues.ts.
import type { Calibration } from "../hardware/calibration.ts";
import type { Device } from "../hardware/device.ts";
import type { IssueCode } from "../issues.ts";
import type { Arch } from "../model/arch.ts";
import type { InferSpec, ParallelSpec } from "../scenario/schema.ts";

export interface Finding {
  code: IssueCode;
  /** error: the setup will not run as is; warning: it runs, slower or bigger; info: worth knowing */
  severity: "error" | "warning" | "info";
  message: string;
  /** the quantity that sizes the finding, in `unit` */
  number: number;
  unit: string;
  suggestion: string;
  /** the scenario key it concerns, when there is one */
  path?: (string | number)[];
}

export interface PortingInput {
  arch: Arch;
  /** the target device */
  device: Device;
  /** for bf16 time and memory figures of a training layout */
  calibration?: Calibration;
  devices?: number;
  devicesPerNode?: number;
  train?: {
    seqLen: number;
    globalBatch: number;
    precision?: "bf16" | "fp16" | "fp8" | "fp4";
    tokens?: number;
  };
  /** the training layout to port */
  parallel?: ParallelSpec;
  /** the serving setup to port */
  infer?: Partial<Pick<InferSpec, "tp" | "ep" | "dp" | "pp" | "weights" | "activations" | "kvCache">>;
}
