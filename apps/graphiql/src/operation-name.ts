import { Kind, parse } from 'graphql';

/**
 * The operation name to send with `query`. GraphiQL takes it from its last parse of the editor,
 * which lags the text when Run follows typing closely (a slow machine): replacing `query WhoAmI`
 * with `{ apiKey { id } }` and running at once sent `operationName: "WhoAmI"`. A name the document
 * does not define is dropped when it has one operation, which is then the one meant.
 */
export function operationNameFor(query: string, name: string | null | undefined): string | null | undefined {
  if (!name) return name;
  try {
    const operations = parse(query).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.some((operation) => operation.name?.value === name)) return name;
    return operations.length === 1 ? undefined : name;
  } catch {
    return name; // the server says what is wrong with the document
  }
}
