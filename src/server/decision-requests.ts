// The request bodies of the decisions the CLI makes besides eval and plan (compare's sizing,
// port, engine settings), as zod schemas: the API and the web worker validate with them, and the
// OpenAPI document is generated from them.
import { z } from "zod";
import { scenarioSchema } from "../scenario/schema.ts";
import { OBJECTIVES } from "../search/objective.ts";

export const objectiveSchema = z
  .enum(OBJECTIVES)
  .describe("what the best plan minimises: time | cost | energy | device-hours | goodput-time");

export const compareRequestSchema = z
  .object({
    scenario: scenarioSchema,
    /** hardware ids to compare; default: every plannable device */
    hardware: z
      .array(z.string())
      .min(1)
      .max(64)
      .optional()
      .describe("hardware ids to compare; default: every plannable device"),
    /** what "best plan" means on each device; default time */
    objective: objectiveSchema.optional(),
    counts: z
      .record(z.string(), z.number().int().positive())
      .optional()
      .describe("devices per kind (hardware id -> count); kinds not named keep the scenario's devices"),
    deadlineDays: z
      .number()
      .positive()
      .optional()
      .describe("size each kind: the fewest devices whose fastest plan ends within this many days"),
    budgetUSD: z
      .number()
      .positive()
      .optional()
      .describe("size each kind: the most devices whose cheapest plan costs at most this many US dollars"),
  })
  .strict()
  .refine((r) => r.deadlineDays === undefined || r.budgetUSD === undefined, {
    message: "give deadlineDays or budgetUSD, not both",
    path: ["budgetUSD"],
  });
export type CompareRequest = z.infer<typeof compareRequestSchema>;

export const portRequestSchema = z
  .object({
    scenario: scenarioSchema,
    to: z
      .string()
      .optional()
      .describe("the target hardware id; without it: what to watch on the scenario's own device"),
    objective: objectiveSchema.optional(),
  })
  .strict();

const posInt = z.number().int().positive();

/** A training plan as the plan search returns it (its devices, precision and layout). */
export const plannedSchema = z
  .object({
    devices: posInt,
    precision: z.enum(["bf16", "fp16", "fp8", "fp4"]),
    parallel: z
      .object({
        tp: posInt,
        pp: posInt,
        dp: posInt,
        cp: posInt,
        ep: posInt,
        vpp: posInt,
        microBatch: posInt,
        schedule: z.enum(["1f1b", "interleaved", "dualpipe", "zero-bubble"]),
        recompute: z.enum(["none", "selective", "full"]),
        zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
        sequenceParallel: z.boolean(),
      })
      .strict(),
  })
  .strict()
  .describe("a plan from the plan search (devices, precision, parallel); default: the scenario's own layout");

export const emitRequestSchema = z
  .object({
    scenario: scenarioSchema,
    kind: z
      .enum(["train", "infer"])
      .optional()
      .describe("training or serving settings; default: train when the scenario has a train: block"),
    plan: plannedSchema.optional(),
  })
  .strict();
