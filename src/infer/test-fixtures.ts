// Test-only helpers (Node: reads catalog/*.yaml once): catalog records for the inference tests.
import { type InferSpec, inferSchema } from "../scenario/schema.ts";

export { catalogs, device, model } from "../catalog/test-fixtures.ts";

export function infer(spec: Partial<InferSpec> & { inputTokens: number; outputTokens: number }): InferSpec {
  return inferSchema.parse(spec);
}
