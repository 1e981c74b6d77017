/**
 * The Semaphore circuit artifacts (`semaphore-<depth>.wasm` and `.zkey`, depth 1 to 32), served
 * by the app itself from the installed @zk-kit/semaphore-artifacts package, so that a proof never
 * depends on a third-party CDN. The files never change for a name: cached for a year, immutable.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FILE = /^semaphore-([1-9]|[12][0-9]|3[0-2])\.(wasm|zkey)$/;
const TYPES = { wasm: "application/wasm", zkey: "application/octet-stream" } as const;

// The package name is assembled at run time on purpose: the bundler must not rewrite this
// resolution into a module id (it would, for a literal), and the files are read from the server's
// node_modules where `npm install` put them. A standalone deployment must copy the package along
// (outputFileTracingIncludes) or set AOS_SEMAPHORE_ARTIFACTS_DIR.
const PACKAGE = ["@zk-kit", "semaphore-artifacts"].join("/");

let directory: string | undefined;

/** Where the artifacts are installed, or an error naming what is missing. */
function artifactsDirectory(): string {
  if (directory) return directory;
  const configured = process.env.AOS_SEMAPHORE_ARTIFACTS_DIR;
  if (configured) {
    directory = configured;
    return directory;
  }
  const require = createRequire(path.join(process.cwd(), "package.json"));
  directory = path.dirname(require.resolve(`${PACKAGE}/package.json`));
  return directory;
}

function notFound(error: string, message: string, status = 404): Response {
  return Response.json({ error, message }, { status, headers: { "cache-control": "no-store" } });
}

async function serve(request: Request, params: Promise<{ file: string }>, withBody: boolean): Promise<Response> {
  const { file } = await params;
  const match = FILE.exec(file);
  if (!match) {
    return notFound(
      "UnknownArtifact",
      `No Semaphore artifact named "${file}": expected semaphore-<depth>.wasm or semaphore-<depth>.zkey with a depth from 1 to 32.`,
    );
  }
  let full: string;
  let size: number;
  try {
    full = path.join(artifactsDirectory(), file);
    size = (await stat(full)).size;
  } catch {
    return notFound("ArtifactMissing", `${file} is not installed on this server (@zk-kit/semaphore-artifacts).`);
  }
  const headers = {
    "content-type": TYPES[match[2] as keyof typeof TYPES],
    "content-length": String(size),
    // The server may compress the body or stream it chunked without a length; this one survives,
    // and counts the bytes the reader sees (uncompressed), for the download's progress.
    "x-artifact-bytes": String(size),
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${PACKAGE.replace("/", "-")}-${file}-${size}"`,
  };
  if (request.headers.get("if-none-match") === headers.etag) return new Response(null, { status: 304, headers });
  if (!withBody) return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

export function GET(request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  return serve(request, context.params, true);
}

export function HEAD(request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  return serve(request, context.params, false);
}
