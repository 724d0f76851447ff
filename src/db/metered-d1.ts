import type { CallMeter } from "./meter.js";

// A D1 binding that counts every call into a meter before making it: each query (first/all/run/raw),
// each batch (one call, its statements counted) and each exec. The meter refuses the call that would
// pass the invocation's cap, before D1 does.

const inner = new WeakMap<object, D1PreparedStatement>();

function meteredStatement(statement: D1PreparedStatement, meter: CallMeter): D1PreparedStatement {
  const wrapped = {
    bind: (...values: unknown[]) => meteredStatement(statement.bind(...values), meter),
    first: (column?: string) => {
      meter.charge();
      return column === undefined ? statement.first() : statement.first(column);
    },
    run: () => {
      meter.charge();
      return statement.run();
    },
    all: () => {
      meter.charge();
      return statement.all();
    },
    raw: (options?: { columnNames?: boolean }) => {
      meter.charge();
      return options?.columnNames ? statement.raw({ columnNames: true }) : statement.raw();
    },
  };
  inner.set(wrapped, statement);
  return wrapped as unknown as D1PreparedStatement;
}

const unwrap = (statement: D1PreparedStatement) => inner.get(statement) ?? statement;

export function meteredD1(binding: D1Database, meter: CallMeter): D1Database {
  const metered = {
    prepare: (query: string) => meteredStatement(binding.prepare(query), meter),
    batch: <T>(statements: D1PreparedStatement[]) => {
      meter.charge(statements.length);
      return binding.batch<T>(statements.map(unwrap));
    },
    exec: (query: string) => {
      meter.charge();
      return binding.exec(query);
    },
    withSession: (constraint?: string) => binding.withSession(constraint),
    dump: () => binding.dump(),
  };
  return metered as unknown as D1Database;
}
