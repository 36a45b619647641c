// Where JSON.parse stopped, in lines and columns a person can find, without the browser's English
// ("Unexpected token 'n', "{ nada" is not valid JSON"): the simulator words it from its catalog.

export interface JsonProblem {
  line: number;
  column: number;
}

/** The line and column (from 1) where `text` stops being JSON, when the parser says; else undefined. */
export function jsonProblemAt(text: string, error: unknown): JsonProblem | undefined {
  const message = error instanceof Error ? error.message : "";
  const reported = /position (\d+)/.exec(message)?.[1];
  const offset = reported !== undefined ? Number(reported) : /end of (JSON|data)/i.test(message) ? text.length : undefined;
  if (offset === undefined || offset > text.length) return undefined;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
