import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { requireStorableText } from '../util/validation.ts';

type Node = OperationNode & Record<string, unknown>;

/** Nodes that name things (tables, columns, operators) and never hold a value: not walked into. */
const NAMES_ONLY = new Set([
  'ColumnNode',
  'IdentifierNode',
  'ReferenceNode',
  'SchemableIdentifierNode',
  'SelectAllNode',
  'TableNode',
  'OperatorNode',
  'DataTypeNode',
]);

const columnName = (n: unknown) => {
  const c = n as { kind?: string; column?: { name?: string } } | undefined;
  return c?.kind === 'ColumnNode' && typeof c.column?.name === 'string' ? c.column.name : null;
};

/**
 * The last line for text the databases cannot store (U+0000, an unpaired surrogate): every value a query sends
 * is checked before it is compiled, and one that fails is a 422 naming its column instead of a silent row on
 * SQLite and a 500 on PostgreSQL. Inputs are refused earlier with the field's own name (src/plugins/input.ts,
 * the catalog's validation); this catches whatever reaches the database another way.
 */
export class TextGuard implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const stack: [unknown, string | null][] = [[args.node, null]];
    while (stack.length) {
      const [n, column] = stack.pop()!;
      if (typeof n === 'string') {
        // A value of an insert row written as a list of primitives.
        requireStorableText(n, column ?? 'value');
        continue;
      }
      if (n === null || typeof n !== 'object') continue;
      if (Array.isArray(n)) {
        for (const x of n) stack.push([x, column]);
        continue;
      }
      const node = n as Node;
      switch (node.kind) {
        case 'ValueNode':
          requireStorableText(node.value, column ?? 'value');
          continue;
        case 'PrimitiveValueListNode':
          requireStorableText(node.values, column ?? 'value');
          continue;
        case 'ColumnUpdateNode':
          stack.push([node.value, columnName(node.column) ?? column]);
          continue;
        case 'InsertQueryNode': {
          // Each row's values line up with the insert's columns.
          const columns = ((node.columns as unknown[] | undefined) ?? []).map(columnName);
          const rows = (node.values as { values?: unknown[] } | undefined)?.values ?? [];
          for (const row of rows) {
            const values = (row as { values?: unknown[] }).values ?? [];
            values.forEach((v, i) => {
              stack.push([v, columns[i] ?? column]);
            });
          }
          for (const [key, v] of Object.entries(node)) if (key !== 'values') stack.push([v, column]);
          continue;
        }
        default:
          if (NAMES_ONLY.has(node.kind)) continue;
          for (const v of Object.values(node))
            if (v !== null && typeof v === 'object') stack.push([v, column]);
      }
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
