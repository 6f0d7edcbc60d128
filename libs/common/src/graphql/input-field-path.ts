import {
  ASTNode, DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode,
} from 'graphql';

/**
 * `extensions.field` of a refused value: the path from the operation's argument, whatever the
 * client named its variable and whether the value was written inline or sent as a variable.
 * Segments are joined with dots, list indices included: `input.invoiceRefs.0.lines.1.price`.
 */
export type FieldPath = string;

/** Joins path segments the way `extensions.field` spells them (`['input', 'lines', 0]` → `input.lines.0`). */
export function joinFieldPath(segments: readonly (string | number)[]): FieldPath {
  return segments.join('.');
}

/** Where a variable, or a value node, sits: the argument's path down to it, or null when it is not in an argument. */
function locate(document: DocumentNode, operation: OperationDefinitionNode | undefined, target: { variable?: string; node?: ASTNode }): (string | number)[] | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operations = operation ? [operation] : document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const seenFragments = new Set<string>();

  const inValue = (value: ValueNode, path: (string | number)[]): (string | number)[] | null => {
    if (target.node === value) return path;
    if (value.kind === Kind.VARIABLE) return target.variable === value.name.value ? path : null;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        const found = inValue(field.value, [...path, field.name.value]);
        if (found) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (let i = 0; i < value.values.length; i++) {
        const found = inValue(value.values[i], [...path, i]);
        if (found) return found;
      }
    }
    return null;
  };

  const inSelections = (set: SelectionSetNode | undefined): (string | number)[] | null => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? []) {
          const found = inValue(arg.value, [arg.name.value]);
          if (found) return found;
        }
        const found = inSelections(selection.selectionSet);
        if (found) return found;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const found = inSelections(selection.selectionSet);
        if (found) return found;
      } else if (!seenFragments.has(selection.name.value)) {
        seenFragments.add(selection.name.value);
        const found = inSelections(fragments.get(selection.name.value)?.selectionSet);
        if (found) return found;
      }
    }
    return null;
  };

  for (const op of operations) {
    const found = inSelections(op.selectionSet);
    if (found) return found;
  }
  return null;
}

/** `i.invoiceRefs[0].lines[1].price` (graphql-js' printed path) → `['i', 'invoiceRefs', 0, 'lines', 1, 'price']`. */
function parsePrintedPath(printed: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of printed.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return segments;
}

/**
 * The field path of an input refusal graphql-js reported for `document`: a variable that did not
 * coerce (`Variable "$i" got invalid value … at "i.currency"`, a required field or variable left
 * out), or an inline literal a scalar refused (the error's node is the value). Undefined when the
 * error is not about an input value.
 */
export function inputFieldPath(error: GraphQLError, document: DocumentNode | undefined, operation?: OperationDefinitionNode): FieldPath | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(error.message)?.[1];
  if (variable) {
    const printed = / at "([^"]+)"/.exec(error.message)?.[1];
    const inside = printed ? parsePrintedPath(printed).slice(1) : [];
    const missing = /Field "(\w+)" of required type/.exec(error.message)?.[1];
    if (missing) inside.push(missing);
    const base = document ? locate(document, operation, { variable }) : null;
    return joinFieldPath([...(base ?? [variable]), ...inside]);
  }
  const node = error.nodes?.[0];
  if (document && node && isValueNode(node)) {
    const found = locate(document, operation, { node });
    // `Field "Input.orgId" of required type "ID!" was not provided.`: the object literal lacks it.
    const missing = /^Field "\w+\.(\w+)" of required type/.exec(error.message)?.[1];
    if (found) return joinFieldPath(missing ? [...found, missing] : found);
  }
  return undefined;
}

function isValueNode(node: ASTNode): node is ValueNode {
  return [Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.VARIABLE].includes(node.kind as Kind);
}

/**
 * The argument a mutation's fields arrive in (`createPaymentSession(input: …)`, the seed's shape and
 * Shopify's): a service names a refused value by its domain name (`amount`, `invoiceRefs.0.amount`,
 * `orgId`), and the edge places it under this argument when the field has one.
 */
export const INPUT_ARGUMENT = 'input';

/**
 * `extensions.field` for a service's refusal of `domainField` in the operation field at
 * `error.path`: the domain name as it is when its first segment is one of the field's own
 * arguments (`paymentSession(id:)` → `id`), else under the field's `input` argument when it has one
 * (`updateContact(input:)`, `name` → `input.name`); as it is when neither applies or the field
 * cannot be found in the document.
 */
export function domainFieldPath(domainField: string, error: GraphQLError, document: DocumentNode | undefined, operation?: OperationDefinitionNode): FieldPath {
  const field = document ? fieldAtPath(document, operation, error.path ?? []) : null;
  if (!field) return domainField;
  const args = new Set((field.arguments ?? []).map((arg) => arg.name.value));
  const first = domainField.split('.')[0];
  if (args.has(first) || !args.has(INPUT_ARGUMENT)) return domainField;
  return joinFieldPath([INPUT_ARGUMENT, domainField]);
}

/** The field node that answers response path `path` (`['createPaymentSession']`, `['paymentSession', 'canCancel']`), list indices skipped. */
function fieldAtPath(document: DocumentNode, operation: OperationDefinitionNode | undefined, path: readonly (string | number)[]): FieldNode | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const op = operation ?? document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const find = (set: SelectionSetNode | undefined, key: string, seen: Set<string>): FieldNode | null => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value === key) return selection;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const found = find(selection.selectionSet, key, seen);
        if (found) return found;
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const found = find(fragments.get(selection.name.value)?.selectionSet, key, seen);
        if (found) return found;
      }
    }
    return null;
  };
  let set = op?.selectionSet;
  let field: FieldNode | null = null;
  for (const key of path) {
    if (typeof key === 'number') continue;
    field = find(set, key, new Set());
    if (!field) return null;
    set = field.selectionSet;
  }
  return field;
}

/** Field paths computed for the errors of a request (by the GraphQL plugin that sees the document), read by formatGraphqlError. */
export const inputFieldPaths = new WeakMap<object, FieldPath>();
