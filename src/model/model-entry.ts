// One model of the catalog (catalog/models/<id>.yaml): an architecture with its source.
// Pure data and lookups, so the browser can use it; the Node loader is catalog.ts.
import { z } from "zod";
import { closest } from "../catalog/closest.ts";
import { archSchema } from "./arch.ts";

export const modelEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, '.', '-'"),
    name: z.string().min(1),
    source: z.object({ title: z.string().min(1), url: z.url() }).strict(),
    arch: archSchema,
  })
  .strict();

export type ModelEntry = z.infer<typeof modelEntrySchema>;

/** The model with this id, or an error naming the closest ids. */
export function findModel(models: readonly ModelEntry[], id: string): ModelEntry {
  const m = models.find((x) => x.id === id);
  if (m) return m;
  const near = closest(
    id,
    models.map((x) => x.id),
  );
  throw new Error(`unknown model id "${id}"; closest: ${near.join(", ")}`);
}
