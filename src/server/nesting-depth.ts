// How deep a YAML or JSON text nests, found in one pass without parsing and without recursion,
// so a body nested thousands of levels deep is refused before the parser (which recurses and
// overflows the stack, or worse) ever sees it. It counts an upper bound: flow brackets [ { outside
// quoted scalars, plus block levels (a line is one deeper than the nearest node above it at a
// smaller column; each compact "- " or "? " indicator opens a level at its own column). A scenario
// nests about 5 levels.

/** Far above any scenario or case file; far below what the YAML parser survives (about 1,000). */
export const MAX_NESTING_DEPTH = 64;

export interface TooDeep {
  depth: number;
  line: number;
  column: number;
}

const space = (c: string | undefined) => c === " " || c === "\t" || c === "\r";
/** a quote starts a quoted scalar only where a token may start (YAML 1.2 Sec. 7.3) */
const TOKEN_START = new Set(["", "[", "{", ",", ":", "-", "?"]);
/** a block scalar header: | or > with optional indentation and chomping indicators, then the line's end */
const BLOCK_SCALAR = /[|>][-+1-9]{0,2}[ \t\r]*(#[^\n]*)?(?=\n|$)/y;

/** The first place the text nests deeper than `limit`, or undefined when it never does. */
export function nestingTooDeep(text: string, limit = MAX_NESTING_DEPTH): TooDeep | undefined {
  const r = nestingDepth(text, limit);
  return r.depth > limit ? r : undefined;
}

/** The deepest place of the text (an upper bound on its nesting), or the first deeper than `stopAbove`. */
export function nestingDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): TooDeep {
  let deepest: TooDeep = { depth: 0, line: 1, column: 1 };
  const seen = (depth: number, line: number, column: number) => {
    if (depth > deepest.depth) deepest = { depth, line, column };
    return depth > stopAbove;
  };
  const indents: number[] = [];
  const depths: number[] = [];
  let block = 0;
  let flow = 0;
  let quote = "";
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let prev = "";
  const n = text.length;
  const newline = (i: number) => {
    line++;
    lineStart = i + 1;
    atLineStart = true;
    prev = "";
  };
  /** column of the node a block scalar belongs to; lines indented more are its text */
  let literalAbove = -1;
  const skipLine = (i: number) => {
    let j = i;
    while (j < n && text[j] !== "\n") j++;
    return j - 1;
  };
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === "\n") {
      newline(i);
      continue;
    }
    if (quote !== "") {
      if (quote === '"' && c === "\\") {
        if (text[i + 1] === "\n") newline(i + 1);
        i++;
      } else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else {
          quote = "";
          prev = c;
        }
      }
      continue;
    }
    if (atLineStart) {
      if (space(c)) continue;
      atLineStart = false;
      if (literalAbove >= 0) {
        // inside a block scalar (| or >): its lines are text, whatever they hold
        if (i - lineStart > literalAbove) {
          i = skipLine(i);
          continue;
        }
        literalAbove = -1;
      }
      if (c === "#") {
        i = skipLine(i);
        continue;
      }
      if (flow === 0) {
        // A block line: its parent is the nearest line above indented less.
        const indent = i - lineStart;
        while (indents.length > 0 && (indents.at(-1) as number) >= indent) {
          indents.pop();
          depths.pop();
        }
        // each compact indicator opens a level at its own column, the content one more
        let d = depths.at(-1) ?? 0;
        let j = i;
        while (
          (text[j] === "-" || text[j] === "?") &&
          (space(text[j + 1]) || text[j + 1] === "\n" || j + 1 === n)
        ) {
          d++;
          indents.push(j - lineStart);
          depths.push(d);
          j++;
          while (space(text[j])) j++;
        }
        // a line that opens a flow collection is that collection: the bracket counts it
        block = d + (text[j] === "[" || text[j] === "{" ? 0 : 1);
        indents.push(j - lineStart);
        depths.push(block);
        if (seen(block, line, j - lineStart + 1)) return deepest;
        if (j > i) {
          i = j - 1;
          prev = "-";
          continue;
        }
      }
    }
    if (c === "#" && (prev === "" || space(text[i - 1]))) {
      i = skipLine(i);
      continue;
    }
    if (space(c)) continue;
    const tokenStart = TOKEN_START.has(prev);
    // prev: the indicator just passed, or "x" inside a plain scalar (where [ ' " are text)
    let next = "x";
    if ((c === '"' || c === "'") && tokenStart) quote = c;
    else if ((c === "|" || c === ">") && tokenStart && flow === 0) {
      BLOCK_SCALAR.lastIndex = i;
      if (BLOCK_SCALAR.test(text)) {
        literalAbove = indents.at(-1) ?? 0;
        i = skipLine(i);
        continue;
      }
    } else if ((c === "[" || c === "{") && (flow > 0 || tokenStart)) {
      flow++;
      next = c;
      if (seen(block + flow, line, i - lineStart + 1)) return deepest;
    } else if ((c === "]" || c === "}") && flow > 0) {
      flow--;
      next = c;
    } else if (c === "," && flow > 0) next = c;
    else if (
      c === ":" &&
      (flow > 0 || prev === '"' || prev === "'" || space(text[i + 1]) || text[i + 1] === "\n" || i + 1 === n)
    )
      next = c;
    prev = next;
  }
  return deepest;
}
