// The published JSON Schema (xpuplan schema): editors show each key's description, so every key
// of a scenario and of a validation case has one.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caseSchema, scenarioSchema } from "./schema.ts";

type Node = { properties?: Record<string, Node>; description?: string; items?: Node } & Record<
  string,
  unknown
>;

/** Key paths whose schema has no description, through objects, arrays and unions. */
function undescribed(n: Node, path: string, out: Set<string>): Set<string> {
  for (const [k, v] of Object.entries(n.properties ?? {})) {
    if (!v.description) out.add(`${path}.${k}`);
    undescribed(v, `${path}.${k}`, out);
  }
  for (const key of ["anyOf", "oneOf", "allOf"])
    for (const m of (n[key] as Node[] | undefined) ?? []) undescribed(m, path, out);
  if (n.items) undescribed(n.items, `${path}[]`, out);
  return out;
}

describe("the scenario's JSON Schema", () => {
  it.each([
    ["scenario", scenarioSchema],
    ["case", caseSchema],
  ])("every key of a %s has a description", (_name, schema) => {
    const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Node;
    expect([...undescribed(js, "", new Set())]).toEqual([]);
    // and the walk does reach the nested keys
    expect(JSON.stringify(js)).toContain("sequences per optimizer step");
  });
});
