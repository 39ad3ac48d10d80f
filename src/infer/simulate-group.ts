// One attention group's scheduler state in the serving simulation, and how it forms a batch, as
// the engines document it:
// - mixed (vLLM V1, TensorRT-LLM in-flight batching, Sarathi-Serve): running decodes first, then
//   unfinished prompts' next chunks, then waiting requests first come first served, all under one
//   token budget per iteration;
// - prefill-first (SGLang, MindIE): an iteration runs new prompts (chunked to the budget) whenever
//   one can be admitted, and the running decodes otherwise.
// KV blocks are taken as tokens arrive and the latest-admitted request is preempted (recomputed
// later) when they run out (vLLM, SGLang), or a request's whole prompt + output is reserved at
// admission (TensorRT-LLM GUARANTEED_NO_EVICT). Decoding requests advance together, so each one
// finishes when the group's decode-step counter reaches its own finishing count: O(1) per step.
import { MinHeap } from "./min-heap.ts";

/** Share of the KV cache admissions leave free for running requests to grow into. */
export const KV_WATERMARK = 0.01;

export interface Request {
  id: number;
  client: number;
  /** when the client sent it */
  sentAt: number;
  /** tokens to compute before its next token: the fresh prompt, or prompt + output after a preemption */
  prompt: number;
  /** prefix-cache hits (not computed, re-read) */
  cached: number;
  done: number;
  outputTokens: number;
  /** decode steps still to run after its prompt (speculative steps may yield several tokens each) */
  steps: number;
  firstTokenAt: number;
  /** decode-step counter when it started decoding, and its context then */
  startCounter: number;
  startContext: number;
  finishCounter: number;
  admitOrder: number;
  reserved: number;
  state: "waiting" | "prefilling" | "decoding" | "done" | "preempted";
}

export interface GroupRules {
  policy: "mixed" | "prefill-first";
  /** prefill: prompts only (requests leave with their first token); decode: transferred requests only */
  role: "mixed" | "prefill" | "decode";
  maxBatchedTokens: number;
  maxRunning: number;
  maxPrefillRequests: number;
  kvCapacityTokens: number;
  wholeRequest: boolean;
  /** query tokens each decode costs from the budget (1 + draft tokens) */
  decodeQuery: number;
  /** mean tokens a decode step adds to a context */
  tokensPerStep: number;
}

export interface Chunk {
  req: Request;
  tokens: number;
  /** tokens of this prompt already cached before the chunk */
  offset: number;
}

export interface Batch {
  decodes: number;
  chunks: Chunk[];
}

/** A FIFO with O(1) shift and unshift (a preempted request goes back to the front). */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  unshift(x: T): void {
    if (this.head > 0) this.items[--this.head] = x;
    else this.items.unshift(x);
  }
}

export class Group {
  readonly waiting = new Queue<Request>();
  readonly prefilling: Request[] = [];
  readonly finishing = new MinHeap<Request>();
  private admitted: Request[] = [];
  counter = 0;
  nDecode = 0;
  /** Σ (startContext − startCounter·m) over decoding requests: their contexts sum to this + n·counter·m */
  private contextBase = 0;
  kvPrefill = 0;
  kvReserved = 0;
  preemptions = 0;
  private preempted = false;
  private order = 0;

  constructor(readonly rules: GroupRules) {}

  get running(): number {
    return this.nDecode + this.prefilling.length;
  }

  contextSum(): number {
    return this.contextBase + this.nDecode * this.counter * this.rules.tokensPerStep;
  }

  kvUsed(): number {
    return this.rules.wholeRequest ? this.kvReserved : this.kvPrefill + this.contextSum();
  }

  private fits(r: Request, tokens: number): boolean {
    const cap = this.rules.kvCapacityTokens;
    if (this.rules.wholeRequest) {
      return r.state !== "waiting" || this.kvReserved + r.cached + r.prompt + r.outputTokens <= cap;
    }
    // A transferred request brings its prompt's KV cache with it.
    if (this.rules.role === "decode") return this.kvUsed() + r.cached + r.prompt + 1 <= cap;
    // A new request must leave the watermark free (vLLM's block manager keeps 1% of the blocks
    // back from admissions so running requests can grow: BlockSpaceManager watermark 0.01).
    if (r.state === "waiting") return this.kvUsed() + r.cached + tokens <= cap * (1 - KV_WATERMARK);
    return this.kvUsed() + tokens <= cap;
  }

  /** Whether the head of the queue could start now. */
  canAdmit(): boolean {
    const r = this.waiting.peek();
    if (!r || this.running >= this.rules.maxRunning) return false;
    const first = this.rules.role === "decode" ? 0 : Math.min(r.prompt, this.rules.maxBatchedTokens);
    return this.fits(r, first);
  }

  /** Decoding requests start here (a transferred request arrives with its KV cache). */
  startDecoding(r: Request): void {
    r.state = "decoding";
    r.startCounter = this.counter;
    r.startContext = r.cached + r.prompt + 1;
    r.finishCounter = this.counter + r.steps;
    this.nDecode++;
    this.contextBase += r.startContext - this.counter * this.rules.tokensPerStep;
    this.finishing.push(r.finishCounter, r);
  }

  private stopDecoding(r: Request): void {
    this.nDecode--;
    this.contextBase -= r.startContext - r.startCounter * this.rules.tokensPerStep;
  }

  private admit(r: Request): void {
    this.waiting.shift();
    r.admitOrder = this.order++;
    this.admitted.push(r);
    if (this.rules.wholeRequest) {
      r.reserved = r.cached + r.prompt + r.outputTokens;
      this.kvReserved += r.reserved;
    }
    if (this.rules.role === "decode") this.startDecoding(r);
    else {
      r.state = "prefilling";
      this.kvPrefill += r.cached;
      this.prefilling.push(r);
    }
  }

  /** Preempt the latest-admitted running request until the decodes' next tokens fit (vLLM recompute). */
  private makeRoom(extra: number): void {
    while (!this.rules.wholeRequest && this.kvUsed() + extra > this.rules.kvCapacityTokens) {
      const v = this.admitted.pop();
      if (!v) return;
      if (v.state === "decoding") {
        this.stopDecoding(v);
        const made = Math.round((this.counter - v.startCounter) * this.rules.tokensPerStep);
        v.steps = Math.max(0, v.finishCounter - this.counter);
        v.prompt = v.startContext - 1 + made;
        extra -= this.rules.tokensPerStep;
      } else if (v.state === "prefilling") {
        this.prefilling.splice(this.prefilling.indexOf(v), 1);
        this.kvPrefill -= v.cached + v.done;
      } else continue;
      v.cached = 0;
      v.done = 0;
      v.state = "preempted";
      this.preemptions++;
      this.preempted = true;
      this.waiting.unshift({ ...v, state: "waiting" });
      if (this.running === 0) return;
    }
  }

  /** The batch this group runs in the next iteration. */
  form(): Batch {
    const R = this.rules;
    const chunks: Chunk[] = [];
    this.preempted = false;
    if (R.role === "decode") {
      while (this.canAdmit()) this.admit(this.waiting.peek()!);
      if (this.nDecode > 0) this.makeRoom(this.nDecode * R.tokensPerStep);
      return { decodes: this.nDecode, chunks };
    }
    const prefillOnly =
      R.role === "prefill" ||
      (R.policy === "prefill-first" && (this.prefilling.length > 0 || this.canAdmit()));
    const decodes = prefillOnly ? 0 : this.nDecode;
    if (decodes > 0) this.makeRoom(this.nDecode * R.tokensPerStep);
    if (R.policy === "prefill-first" && !prefillOnly) return { decodes: this.nDecode, chunks };
    let budget = R.maxBatchedTokens - (prefillOnly ? 0 : this.nDecode * R.decodeQuery);
    for (const r of this.prefilling) {
      if (budget <= 0) break;
      const t = Math.min(r.prompt - r.done, budget);
      if (!this.fits(r, t)) break;
      chunks.push({ req: r, tokens: t, offset: r.cached + r.done });
      budget -= t;
    }
    let fresh = 0;
    // vLLM V1 admits waiting requests only in a step that preempted none.
    while (!this.preempted && budget > 0 && fresh < R.maxPrefillRequests && this.canAdmit()) {
      const r = this.waiting.peek()!;
      const t = Math.min(r.prompt, budget);
      if (!this.fits(r, t)) break;
      this.admit(r);
      chunks.push({ req: r, tokens: t, offset: r.cached });
      budget -= t;
      fresh++;
    }
    return { decodes: prefillOnly ? 0 : this.nDecode, chunks };
  }

  /** After the iteration: decodes advance one step; chunks add their tokens. Returns requests done with a phase. */
  apply(b: Batch, now: number): { firstTokens: Request[]; finished: Request[] } {
    const firstTokens: Request[] = [];
    const finished: Request[] = [];
    if (b.decodes > 0) {
      this.counter++;
      this.popFinished(finished);
    }
    for (const c of b.chunks) {
      const r = c.req;
      r.done += c.tokens;
      this.kvPrefill += c.tokens;
      if (r.done < r.prompt) continue;
      this.prefilling.splice(this.prefilling.indexOf(r), 1);
      this.kvPrefill -= r.cached + r.done;
      if (Number.isNaN(r.firstTokenAt)) r.firstTokenAt = now;
      firstTokens.push(r);
      if (this.rules.role === "prefill") this.release(r);
      else if (r.steps <= 0) {
        this.release(r);
        finished.push(r);
      } else this.startDecoding(r);
    }
    return { firstTokens, finished };
  }

  /** Advance n decode steps at once (no prompt work, no admission possible meanwhile). */
  advance(n: number): Request[] {
    const finished: Request[] = [];
    this.counter += n;
    this.popFinished(finished);
    return finished;
  }

  private popFinished(out: Request[]): void {
    while (this.finishing.size > 0 && this.finishing.peekKey() <= this.counter) {
      const r = this.finishing.pop()!;
      if (r.state !== "decoding" || r.finishCounter > this.counter) continue;
      this.stopDecoding(r);
      this.release(r);
      out.push(r);
    }
  }

  private release(r: Request): void {
    r.state = "done";
    if (this.rules.wholeRequest) this.kvReserved -= r.reserved;
  }

  /** Decode steps until the next request finishes (Infinity when none decodes). */
  stepsToNextFinish(): number {
    while (this.finishing.size > 0 && this.finishing.peek()!.state !== "decoding") this.finishing.pop();
    return this.finishing.size > 0 ? this.finishing.peekKey() - this.counter : Number.POSITIVE_INFINITY;
  }

  /** Decode steps the free KV cache allows before a preemption. */
  stepsKvAllows(): number {
    if (this.rules.wholeRequest || this.nDecode === 0) return Number.POSITIVE_INFINITY;
    const free = this.rules.kvCapacityTokens - this.kvUsed();
    return Math.floor(free / (this.nDecode * this.rules.tokensPerStep));
  }
}
