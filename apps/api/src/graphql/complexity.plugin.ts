import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, DocumentNode, getNamedType, getNullableType, GraphQLError, GraphQLField, GraphQLSchema, isLeafType, isListType, Kind, TypeInfo, ValueNode, visit, visitWithTypeInfo } from 'graphql';
import { DEFAULT_PAGE_SIZE, DEFAULT_PER_PAGE, MAX_PAGE_SIZE } from '@paysession/common';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** A document's cost per operation name, or VARIES when its variables can change the cost. */
const VARIES = 'varies';
type KnownCosts = Map<string, number> | typeof VARIES;

/** How lists are priced (README, Security). */
export interface CostOptions {
  /** The highest cost an operation may have (GRAPHQL_MAX_COMPLEXITY). */
  max: number;
  /** What a list without a page size is assumed to hold (GRAPHQL_LIST_COST_SIZE). */
  listSize: number;
}

/**
 * Arguments that say how many rows a field returns — the merchant API's `first`, the console's
 * `perPage` — with the page size each means when it is left out.
 */
const PAGE_SIZE_ARGUMENTS: Readonly<Record<string, number>> = { first: DEFAULT_PAGE_SIZE, perPage: DEFAULT_PER_PAGE };
const PAGE_ARGUMENT_NAMES = Object.keys(PAGE_SIZE_ARGUMENTS);

/**
 * Prices every list, so that no field can multiply work unseen (issue 15: 1,000 aliases of
 * `paymentSessionEvents(first: 100)` returned 185 MiB). A paged field (one with `first` or
 * `perPage`) costs its page size times its selection; its page type's own lists (`nodes`,
 * `edges`) are that page, so they add nothing more. Any other list of objects costs `listSize`
 * times its selection; a list of scalars costs 1. Fields that declare their own `complexity`
 * keep it (the estimator after this one reads it).
 */
export function listEstimator(listSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity, type }) => {
    const pageArgument = PAGE_ARGUMENT_NAMES.find((name) => (field as GraphQLField<unknown, unknown>).args.some((arg) => arg.name === name));
    if (pageArgument) {
      const size = Number(args[pageArgument] ?? PAGE_SIZE_ARGUMENTS[pageArgument]);
      // A size the resolver will refuse (0, negative) is priced as the largest page rather than as free.
      return (Number.isFinite(size) && size > 0 ? size : MAX_PAGE_SIZE) * (childComplexity + 1);
    }
    const returned = getNullableType(field.type);
    if (!isListType(returned) || isLeafType(getNamedType(returned))) return undefined;
    if (isPageType(type.name)) return childComplexity + 1;
    return listSize * (childComplexity + 1);
  };
}

/** The types a paged field returns: their `nodes`/`edges` lists are the page already priced. */
function isPageType(name: string): boolean {
  return name.endsWith('Connection') || name.endsWith('Page');
}

/**
 * Refuses an operation whose estimated cost exceeds `max` before anything runs, and one whose
 * cost cannot be computed (the estimator's node limit, variables it cannot read): a cost check
 * that gives up must not let the operation through (issue 15: a document of 10,000 nodes ran
 * unpriced). Fields priced by hand declare `complexity` through field extensions; every other
 * list is priced by {@link listEstimator}.
 *
 * Apollo's document cache hands every request with the same text the same parsed document, so
 * the cost of a document whose variables cannot change it (most of them: no `first: $n`, no
 * `@include(if: $x)`) is computed once and remembered with the document; measuring it on every
 * request was 8 % of the server's CPU on the trivial query (issue 17's profile).
 */
export function complexityLimit({ max, listSize }: CostOptions): ApolloServerPlugin {
  const costs = new WeakMap<DocumentNode, KnownCosts>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation: resolved }) {
          // No operation of that name (`operationName: "WhoAmI"` with an anonymous query):
          // execution refuses it as graphql-js words it ("Unknown operation named …"); nothing runs,
          // so there is nothing to price (the estimator would fail on the nameless operation).
          if (!resolved) return;
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
                estimators: [fieldExtensionsEstimator(), listEstimator(listSize), simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (error) {
              // Bad variables (it coerces them itself) or too many nodes to count: refused either way.
              // A variable's own message ("Variable \"$input\" got invalid value … at \"input.status\"") names the input path.
              if (isVariableProblem(error)) throw new GraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
              throw new GraphQLError(`The cost of this operation could not be computed: ${(error as Error).message}`, {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
              });
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
 * (it may read the argument) or has a page size (`first`, `perPage`), or a directive (`@include(if: $x)` drops a subtree).
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
        const field = typeInfo.getFieldDef();
        const priced = field?.extensions?.complexity !== undefined || field?.args.some((arg) => PAGE_ARGUMENT_NAMES.includes(arg.name));
        if (priced && node.arguments?.some((argument) => usesVariable(argument.value))) {
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

/** graphql-query-complexity reports variables it cannot coerce as a GraphQLError about a variable. */
function isVariableProblem(error: unknown): boolean {
  return error instanceof GraphQLError && /^Variable "\$/.test(error.message);
}
