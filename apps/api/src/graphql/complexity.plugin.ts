import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, DocumentNode, GraphQLError, GraphQLSchema, Kind, TypeInfo, ValueNode, visit, visitWithTypeInfo } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** A document's cost per operation name, or VARIES when its variables can change the cost. */
const VARIES = 'varies';
type KnownCosts = Map<string, number> | typeof VARIES;

/**
 * Refuses an operation whose estimated cost exceeds `max` before anything runs. Connection
 * fields declare their cost as `first × child cost` through field extensions.
 *
 * Apollo's document cache hands every request with the same text the same parsed document, so
 * the cost of a document whose variables cannot change it (most of them: no `first: $n`, no
 * `@include(if: $x)`) is computed once and remembered with the document; measuring it on every
 * request was 8 % of the server's CPU on the trivial query (issue 17's profile).
 */
export function complexityLimit(max: number): ApolloServerPlugin {
  const costs = new WeakMap<DocumentNode, KnownCosts>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let known = costs.get(document);
          if (known === undefined) {
            known = costDependsOnVariables(schema, document) ? VARIES : new Map();
            costs.set(document, known);
          }
          const operation = request.operationName ?? '';
          let complexity = known === VARIES ? undefined : known.get(operation);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                operationName: request.operationName,
                variables: request.variables,
                estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch {
              // It coerces the variables itself and throws on bad ones; leave those to Apollo's
              // own variable check, which answers 400 BAD_USER_INPUT with the input path.
              return;
            }
            if (known !== VARIES) known.set(operation, complexity);
          }
          if (complexity > max) {
            throw new GraphQLError(`Query is too complex: cost ${complexity}, the limit is ${max}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Whether a variable reaches the cost: an argument of a field that declares its own complexity
 * (it may read the argument, like `first`), or a directive (`@include(if: $x)` drops a subtree).
 * Every other field costs the same whatever the variables say.
 */
export function costDependsOnVariables(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let depends = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Directive(node) {
        if (node.arguments?.some((argument) => usesVariable(argument.value))) {
          depends = true;
          return BREAK;
        }
      },
      Field(node) {
        if (typeInfo.getFieldDef()?.extensions?.complexity !== undefined && node.arguments?.some((argument) => usesVariable(argument.value))) {
          depends = true;
          return BREAK;
        }
      },
    }),
  );
  return depends;
}

function usesVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(usesVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => usesVariable(field.value));
  return false;
}
