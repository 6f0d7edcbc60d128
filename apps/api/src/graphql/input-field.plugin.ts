import type { ApolloServerPlugin } from '@apollo/server';
import { domainErrorOf, domainFieldPath, inputFieldPath, inputFieldPaths } from '@paysession/common';

/**
 * Finds, for each refused input value, its path from the operation's argument
 * (`input.invoiceRefs.0.lines.1.price`), whatever the variable is called or when the value is
 * written inline: only here is the document at hand. A service's refusal names the value by its
 * domain name (`amount`); this places it under the operation's `input` argument
 * (`input.amount`). formatGraphqlError reports either as `extensions.field`.
 */
export function inputFieldLocator(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document, operation }) {
          for (const error of errors) {
            const domainField = domainErrorOf(error.originalError)?.field;
            const path = domainField ? domainFieldPath(domainField, error, document, operation) : inputFieldPath(error, document, operation);
            if (path) inputFieldPaths.set(error, path);
          }
        },
      };
    },
  };
}
