import { GraphQLError, Kind, ValueNode } from 'graphql';

/** A scalar refusal: Apollo reports it as BAD_USER_INPUT with the variable's path. */
export function scalarError(scalar: string, message: string): GraphQLError {
  return new GraphQLError(`${scalar} ${message}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Reads a string literal written inline in a document, or refuses it. */
export function stringLiteral(scalar: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) throw scalarError(scalar, 'must be a string');
  return ast.value;
}
