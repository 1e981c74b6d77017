import { QueryClient } from "@tanstack/react-query";

function create() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 2_000, refetchInterval: 4_000, refetchOnWindowFocus: true, retry: 1 },
    },
  });
}

let browserClient: QueryClient | undefined;

/**
 * One query cache per browser tab, created before React renders, so that a page's module can
 * start its reads as soon as its code arrives instead of after hydration. The server gets a new
 * client per render (a shared one would leak data between requests).
 */
export function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return create();
  browserClient ??= create();
  return browserClient;
}
