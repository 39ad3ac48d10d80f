// The API's OpenAPI 3.1 document, its request schemas generated from the same zod schemas that
// validate requests (OpenAPI 3.1 schemas are JSON Schema 2020-12, what z.toJSONSchema writes).
import { z } from "zod";
import { deviceSchema } from "../hardware/device.ts";
import { modelEntrySchema } from "../model/model-entry.ts";
import { REPORT_FORMATS } from "../report/index.ts";
import { caseSchema, scenarioSchema } from "../scenario/schema.ts";
import { INPUT_CODES } from "./api-issue.ts";
import { jobPaths } from "./jobs.ts";
import {
  compareRequestSchema,
  emitRequestSchema,
  planRequestSchema,
  portRequestSchema,
  validateRequestSchema,
} from "./operations.ts";

function schemaOf(s: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const issues = (description: string) => ({ description, content: json(ref("Issues")) });

function body(schemaName: string, description: string) {
  return {
    required: true,
    description: `${description} JSON or YAML (JSON is YAML); at most 1 MiB.`,
    content: {
      "application/json": { schema: ref(schemaName) },
      "application/yaml": { schema: ref(schemaName) },
    },
  };
}

const refusals = {
  "400": issues("Invalid input: every problem as {code, path, message}, the message as the CLI prints it."),
  "413": issues("The body exceeds 1 MiB."),
  "500": issues("An unexpected error in the server (a bug: please report it)."),
};

function post(
  summary: string,
  schemaName: string,
  what: string,
  ok: object,
  extra: Record<string, unknown> = {},
) {
  return {
    post: { summary, requestBody: body(schemaName, what), responses: { "200": ok, ...refusals, ...extra } },
  };
}

const result = (description: string) => ({ description, content: json({ type: "object" }) });
const notBuilt = { "501": issues("This part of the engine is not built yet.") };
const timeout = {
  "503": issues(
    "The computation passed the server's time limit and was stopped (code timeout), or the queue is full (code busy).",
  ),
};

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "xpuplan API",
      version,
      description:
        "LLM training and inference performance planning across NVIDIA, Huawei Ascend and other accelerators. Every number traces to a formula and a cited catalog figure. Infeasible plans are data (200 with issues), not errors.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths: {
      "/health": { get: { summary: "Liveness, with worker pool load", responses: { "200": result("ok") } } },
      "/devices": {
        get: {
          summary: "The device catalog",
          responses: {
            "200": { description: "every device", content: json({ type: "array", items: ref("Device") }) },
          },
        },
      },
      "/devices/{id}": {
        get: {
          summary: "One device with every figure, its sources and confidence",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "the device", content: json(ref("Device")) },
            "404": issues("No device with this id (closest ids named)."),
          },
        },
      },
      "/models": {
        get: { summary: "The model catalog (summaries)", responses: { "200": result("every model") } },
      },
      "/models/import": {
        post: {
          summary: "A Hugging Face config.json's catalog entry (what `xpuplan models import` prints)",
          description:
            "The body is the content of a config.json. Query id, name and url override what is derived " +
            "from its _name_or_path. The answer holds the entry (catalog/models/<id>.yaml as JSON), the " +
            "same as YAML, and the parameter counts. A scenario can use the config directly: " +
            "model: {hfConfig: {...}}.",
          parameters: ["id", "name", "url"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            description: "a Hugging Face config.json; at most 1 MiB",
            content: { "application/json": { schema: { type: "object" } } },
          },
          responses: {
            "200": result("{entry, yaml, params: {total, active, mtp}}"),
            "400": issues(
              "Not JSON, or a field the importer cannot read (unsupported model_type names the types it reads).",
            ),
            "413": refusals["413"],
          },
        },
      },
      "/models/{id}": {
        get: {
          summary: "One model's summary and architecture",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": result("the model"),
            "404": issues("No model with this id (closest ids named)."),
          },
        },
      },
      "/eval": {
        post: {
          summary:
            "Evaluate one scenario: every metric the engine can predict, with the reasons for those it cannot",
          parameters: [
            {
              name: "format",
              in: "query",
              required: false,
              schema: { type: "string", enum: [...REPORT_FORMATS] },
              description: "answer with a rendered report",
            },
            {
              name: "trace",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["1", "true"] },
              description: "add one step's timeline as Chrome-trace JSON (trace); it ends at the step time",
            },
            {
              name: "timeline",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["1", "true"] },
              description:
                "add one step's timeline as data (timeline: lanes, segments with startSeconds and seconds, endSeconds = the step time, notes)",
            },
          ],
          requestBody: body("Scenario", "The scenario, as `xpuplan eval` reads it."),
          responses: {
            "200": result("EvalResult (or the report as text/html, text/markdown, text/csv)"),
            ...refusals,
            ...timeout,
          },
        },
      },
      "/plan": post(
        "Search training layouts for the scenario",
        "PlanRequest",
        "{scenario, options}.",
        result("ranked plans and reasons for rejection"),
        { ...notBuilt, ...timeout },
      ),
      "/compare": post(
        "The best training plan for the scenario on each device, side by side (ranges where catalog figures are ranges)",
        "CompareRequest",
        "{scenario (with a train: block), hardware: [ids], objective, and at most one way of sizing each kind: counts {id: devices}, deadlineDays or budgetUSD}.",
        result("{objective, mode (devices | deadline | budget), tokens, rows: one per device, notes}"),
        { ...notBuilt, ...timeout },
      ),
      "/infer": post(
        "Inference: latency, throughput, KV capacity; with infer.requestsPerSecond also the serving planner's answer",
        "Scenario",
        "A scenario with an infer: block.",
        result(
          "EvalResult with the inference report, plus plan (the serving planner's deployments for the request rate, as `xpuplan infer --json`) or planIssues (why no deployment serves it)",
        ),
        { ...notBuilt, ...timeout },
      ),
      "/reliability": post(
        "Failures, checkpoint interval, goodput, completion-time distribution",
        "Scenario",
        "A scenario with a reliability: block.",
        result("the reliability report"),
        { ...notBuilt, ...timeout },
      ),
      "/lifecycle": post(
        "A model's lifecycle: each phase (pre-training, post-training, serving) on each of its device choices, and the totals",
        "Scenario",
        "A scenario with a lifecycle: block (what `xpuplan plan` reads for one).",
        result(
          "{objective, phases: [{name, kind, choices, chosen}], totals, notes} as `xpuplan plan --json`",
        ),
        timeout,
      ),
      "/port": post(
        "Move the scenario to another device: the same setup there, the target's best plan, the move's cost and findings",
        "PortRequest",
        "{scenario, to (hardware id; without it: findings on the scenario's own device), objective}.",
        result(
          "{mode: port, result: {source, sameOnTarget, bestOnTarget, move, findings, notes}} or {mode: advice, deviceId, findings}",
        ),
        timeout,
      ),
      "/emit": post(
        "Engine settings for a plan: Megatron-LM and MindSpeed-LLM for training, vLLM, SGLang and MindIE for serving",
        "EmitRequest",
        "{scenario, kind (train | infer), plan (a plan search's devices, precision and parallel; default the scenario's own layout)}.",
        result(
          "{ok, kind, deviceId, source, engines: [{engine, name, ok, emitted: {text, commands, unexpressed, notes}} or {engine, name, ok: false, message: why it does not run there}]}",
        ),
        timeout,
      ),
      "/validate": post(
        "Predict measured cases and report the error",
        "ValidateRequest",
        "{cases: [case, ...]} in the validation/README.md format.",
        result("{cases, summary} as `xpuplan validate --json`"),
        timeout,
      ),
      ...jobPaths(issues),
      "/openapi.json": { get: { summary: "This document", responses: { "200": result("OpenAPI 3.1") } } },
    },
    components: {
      schemas: {
        Scenario: schemaOf(scenarioSchema, "input"),
        Case: schemaOf(caseSchema, "input"),
        CompareRequest: schemaOf(compareRequestSchema, "input"),
        PlanRequest: schemaOf(planRequestSchema, "input"),
        PortRequest: schemaOf(portRequestSchema, "input"),
        EmitRequest: schemaOf(emitRequestSchema, "input"),
        ValidateRequest: schemaOf(validateRequestSchema, "input"),
        Device: schemaOf(deviceSchema, "output"),
        ModelEntry: schemaOf(modelEntrySchema, "output"),
        Issue: {
          type: "object",
          required: ["code", "path", "message"],
          properties: {
            code: {
              type: "string",
              description: `one of: ${Object.keys(INPUT_CODES).join(", ")}, or an engine issue code`,
            },
            path: { type: "array", items: { type: ["string", "integer"] } },
            message: { type: "string" },
            line: { type: "integer" },
            column: { type: "integer" },
          },
        },
        Issues: {
          type: "object",
          required: ["issues"],
          properties: { issues: { type: "array", items: ref("Issue") } },
        },
      },
    },
  };
}
