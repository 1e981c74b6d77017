import type { NextConfig } from "next";

/**
 * The dApp reads the chain from the browser (wagmi, viem) and the workers' gateway over HTTP; the
 * server only renders shells and serves the Semaphore circuit artifacts. The workspace packages
 * are TypeScript sources, compiled here.
 */
const config: NextConfig = {
  // A separate build directory lets benchmarks and parallel builds not trample each other.
  distDir: process.env.AOS_WEB_DIST_DIR ?? ".next",
  transpilePackages: ["@aos/sdk", "@aos/sim"],
  reactStrictMode: true,
  // Types are checked by `npm run typecheck` (a suite of `npm test`), once for the whole repository.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // AOS_WEB_SOURCE_MAPS=1 maps the browser bundles to their sources (to see what a route loads).
  productionBrowserSourceMaps: process.env.AOS_WEB_SOURCE_MAPS === "1",
  devIndicators: false,
  turbopack: { root: new URL("../..", import.meta.url).pathname },
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
  // The Semaphore circuits are read from node_modules at request time (src/app/semaphore), not imported.
  outputFileTracingIncludes: { "/semaphore/[file]": ["../../node_modules/@zk-kit/semaphore-artifacts/*.{wasm,zkey}"] },
};

export default config;
