import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/** What a document may ask for at most, before anything runs (README, Security). */
export interface DocumentLimits {
  /** Nesting of fields in one operation, fragments followed (GRAPHQL_MAX_DEPTH). */
  maxDepth: number;
  /** Aliased fields in one document (GRAPHQL_MAX_ALIASES). */
  maxAliases: number;
  /** Top-level fields of one mutation operation, fragments followed (GRAPHQL_MAX_MUTATION_FIELDS). */
  maxMutationFields: number;
}

function refuse(message: string, node: OperationDefinitionNode | undefined): GraphQLError {
  return new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

/**
 * The depth limit as a validation rule that survives fragment cycles. graphql-depth-limit
 * followed `fragment A { ...B } fragment B { ...A }` until the stack overflowed (a 500 on both
 * endpoints, issue 15): all validation rules run in one pass, so graphql's NoFragmentCycles
 * reporting the cycle did not stop it. Here a fragment met again on its own path counts no
 * further (NoFragmentCycles reports it), and each fragment's depth is computed once, so the work
 * is linear in the document. Introspection fields (`__schema`, `__type`) are not counted, as the
 * library did not count them.
 *
 * Errors: GRAPHQL_VALIDATION_FAILED "'<operation>' exceeds maximum operation depth of <max>"
 * (the library's wording, which clients may already match).
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const known = new Map<string, number>();
    const onPath = new Set<string>();

    const depthOf = (selectionSet: SelectionSetNode | undefined): number => {
      let deepest = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          const name = selection.name.value;
          let depth = known.get(name);
          if (depth === undefined) {
            const fragment = fragments.get(name);
            // Unknown (KnownFragmentNames reports it) or on a cycle (NoFragmentCycles does).
            if (!fragment || onPath.has(name)) continue;
            onPath.add(name);
            depth = depthOf(fragment.selectionSet);
            onPath.delete(name);
            known.set(name, depth);
          }
          deepest = Math.max(deepest, depth);
        }
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        // The root selection is level 0, as graphql-depth-limit counted.
        if (depthOf(operation.selectionSet) - 1 > maxDepth) {
          context.reportError(refuse(`'${operation.name?.value ?? ''}' exceeds maximum operation depth of ${maxDepth}`, operation));
        }
      },
    };
  };
}

/**
 * Caps aliases per document and root fields per mutation, so that one request cannot repeat
 * work a thousand times under different names (issue 15: 1,000 aliased createPaymentSession in
 * one request; 300 rotateWebhookSecret). Root fields are counted through fragments, each
 * fragment once per spread and a cyclic one not at all (NoFragmentCycles reports it).
 */
export function aliasAndMutationLimitRule(limits: Pick<DocumentLimits, 'maxAliases' | 'maxMutationFields'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias || reported) return;
        aliases += 1;
        if (aliases > limits.maxAliases) {
          reported = true;
          context.reportError(refuse(`The document uses more than ${limits.maxAliases} aliases`, undefined));
        }
      },
      OperationDefinition(operation) {
        if (operation.operation !== 'mutation') return;
        const fields = rootFieldCount(operation, (name) => context.getFragment(name));
        if (fields > limits.maxMutationFields) {
          context.reportError(refuse(`A mutation operation may run at most ${limits.maxMutationFields} fields; this one runs ${fields}`, operation));
        }
      },
    };
  };
}

/**
 * The root fields an operation executes, fragments followed (each fragment counted once per
 * spread, computed once, a cyclic one not at all): what the mutation cap and the rate limit count.
 * `__typename` is free. At least 1, so that an operation always costs something.
 */
export function rootFieldCount(operation: OperationDefinitionNode, fragmentNamed: (name: string) => FragmentDefinitionNode | undefined | null): number {
  const known = new Map<string, number>();
  const onPath = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): number => {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += visit(selection.selectionSet);
      else {
        const name = selection.name.value;
        let fields = known.get(name);
        if (fields === undefined) {
          const fragment = fragmentNamed(name);
          if (!fragment || onPath.has(name)) continue;
          onPath.add(name);
          fields = visit(fragment.selectionSet);
          onPath.delete(name);
          known.set(name, fields);
        }
        count += fields;
      }
    }
    return count;
  };
  return Math.max(1, visit(operation.selectionSet));
}
