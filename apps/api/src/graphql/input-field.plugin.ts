import type { ApolloServerPlugin } from '@apollo/server';
import { inputFieldPath, inputFieldPaths } from '@paysession/common';

/**
 * Finds, for each refused input value, its path from the operation's argument
 * (`input.invoiceRefs.0.lines.1.price`), whatever the variable is called or when the value is
 * written inline: only here is the document at hand. formatGraphqlError reports it as
 * `extensions.field`.
 */
export function inputFieldLocator(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document, operation }) {
          for (const error of errors) {
            const path = inputFieldPath(error, document, operation);
            if (path) inputFieldPaths.set(error, path);
          }
        },
      };
    },
  };
}
