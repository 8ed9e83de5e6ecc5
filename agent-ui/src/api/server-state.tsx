import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A failed read shows its error and a Retry button at once, not after silent retries.
        retry: false,
        // The server's socket pushes (and a socket reconnection) say when data changed; focus
        // and the browser's online flag do not. 'always': the server is on the page's own
        // origin, whatever the browser thinks of the internet.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always',
      },
      mutations: { networkMode: 'always' },
    },
  });
}

/** One cache per signed-in session (keyed by its token): nothing survives a log-out. */
export function ServerStateProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
