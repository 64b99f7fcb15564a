import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Database } from "./database";

/** Placeholder values: strings no caller can send (they start with a NUL). */
const MARK = "\u0000arg:";

export interface Placeholders<Args> {
  /** Stands for `args[name]` wherever a value goes; typed `never` so it fits any column. */
  value(name: keyof Args & string): never;
  /** Stands for the `count` elements of the array `args[name]` (an IN list). */
  list(name: keyof Args & string, count: number): never[];
}

const placeholders: Placeholders<Record<string, unknown>> = {
  value: (name) => `${MARK}${name}` as never,
  list: (name, count) => Array.from({ length: count }, (_, i) => `${MARK}${name}\u0000${i}` as never),
};

function valueOf(parameter: unknown, args: Record<string, unknown>): unknown {
  if (typeof parameter !== "string" || !parameter.startsWith(MARK)) return parameter;
  const [name, index] = parameter.slice(MARK.length).split("\u0000");
  return index === undefined ? args[name] : (args[name] as unknown[])[Number(index)];
}

/** What may change a query's SQL text: which arguments are null, and the arrays' lengths. */
function shapeOf(args: Record<string, unknown>): string {
  let shape = "";
  for (const name in args) {
    const value = args[name];
    shape += `${name}${Array.isArray(value) ? `[${value.length}]` : value === null ? "=null" : ""},`;
  }
  return shape;
}

/**
 * A query Kysely builds and compiles once per dialect and shape, then runs with new values. For the
 * hot paths (a feed join, a chat message) building and compiling a query with Kysely costs more CPU
 * than SQLite takes to run it. `build` writes the query with placeholders for the values; it may
 * shape the SQL by which arguments are null and by arrays' lengths (an IN list), nothing else.
 */
export function compiledOnce<Args extends object, Row>(
  build: (db: Kysely<Database>, p: Placeholders<Args>, args: Args) => Compilable<Row>,
): (db: Kysely<Database>, args: Args) => Promise<Row[]> {
  // Keyed by the dialect's adapter, which a database and its transactions share: the SQL depends
  // on the dialect only.
  const byDialect = new WeakMap<object, Map<string, CompiledQuery<Row>>>();
  return async (db, args) => {
    const dialect = db.getExecutor().adapter;
    let compiled = byDialect.get(dialect);
    if (!compiled) byDialect.set(dialect, (compiled = new Map()));
    const key = shapeOf(args as Record<string, unknown>);
    let query = compiled.get(key);
    if (!query) compiled.set(key, (query = build(db, placeholders as unknown as Placeholders<Args>, args).compile()));
    const result = await db.executeQuery<Row>({ ...query, parameters: query.parameters.map((v) => valueOf(v, args as Record<string, unknown>)) });
    return result.rows;
  };
}
