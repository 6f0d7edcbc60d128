import { GraphQLError, Kind, ValueNode } from 'graphql';

/** A scalar refusal: reported as BAD_USER_INPUT at the value's path from its argument (`extensions.field`). */
export function scalarError(scalar: string, message: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(`${scalar} ${message}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Runs a scalar's parsing of an inline literal so that a refusal carries the literal's node:
 * graphql-js reports a scalar's own GraphQLError as it is, and the node is how the literal's
 * path from its argument is found (a variable's path comes with the variable).
 */
export function parsingLiteral<T>(ast: ValueNode, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof GraphQLError && !error.nodes?.length) throw new GraphQLError(error.message, { nodes: ast, extensions: error.extensions, originalError: error.originalError ?? undefined });
    throw error;
  }
}

/** Reads a string literal written inline in a document, or refuses it. */
export function stringLiteral(scalar: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) throw scalarError(scalar, 'must be a string', ast);
  return ast.value;
}
