import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { operationNameFor } from './operation-name';

/** Where the key lives between reloads: this tab only, never sent anywhere but /graphql. */
const KEY_STORAGE = 'paysession.graphiql.apiKey';

const FIRST_QUERY = `# The merchant API. Paste an API key (psk_…) above, then run this with Ctrl-Enter.
# Every operation takes the orgId of the key; the docs (book icon) list them all.
query WhoAmI {
  apiKey {
    id
    orgId
    scopes
  }
}
`;

/** POSTs to /graphql with the key as a bearer token (and any headers from GraphiQL's header editor). */
function fetcherFor(apiKey: string): GraphiQLProps['fetcher'] {
  return async (params, options) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...(options?.headers as Record<string, string> | undefined) },
      body: JSON.stringify({ ...params, operationName: operationNameFor(params.query, params.operationName) }),
    });
    return response.json();
  };
}

function Explorer() {
  const [apiKey, setApiKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const fetcher = useMemo(() => fetcherFor(apiKey.trim()), [apiKey]);
  return (
    <div className="paysession-graphiql">
      <header className="paysession-graphiql__bar">
        <strong>Paysession merchant API</strong>
        <label>
          API key
          <input
            type="password"
            aria-label="API key"
            placeholder="psk_…"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => {
              setApiKey(event.target.value);
              sessionStorage.setItem(KEY_STORAGE, event.target.value);
            }}
          />
        </label>
        <span className="paysession-graphiql__hint">sent as Authorization: Bearer; kept in this tab only</span>
      </header>
      <div className="paysession-graphiql__ide">
        <GraphiQL fetcher={fetcher} defaultQuery={FIRST_QUERY} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
