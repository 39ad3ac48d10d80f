// Shared test fixtures of the reliability folder: a minimal valid catalog text to edit in tests.

export const MINIMAL_CATALOG = `
sources:
  s: { title: a source, caseMatch: ["a source"] }
observations:
  - { id: o1, source: s, generation: g, vendor: V, kind: count, devices: 1000, devicesPerNode: 8, days: 10, interruptions: 24, confidence: paper, fleet: mature }
breakdowns:
  - { id: b, source: s, weights: { accelerator: 1, hbm: 0, host: 0, nic: 0, switchCable: 0, storage: 0, software: 1 } }
earlyFleetFactor: { value: 2, sources: [s], confidence: derived }
entries:
  - { id: default, scope: default, generations: [g], fleet: mature, breakdowns: [b] }
`;
