/**
 * The worker's HTTP gateway: health, Prometheus metrics, the content-addressed blocks of the local
 * store (read like an IPFS gateway, written by requesters publishing task inputs) and the Bull
 * Board queue dashboard. Errors are JSON `{ error, message }` with the error's class name.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import * as dagJson from "@ipld/dag-json";
import type { Queue } from "bullmq";
import express, { type NextFunction, type Request, type Response } from "express";
import type { CID } from "multiformats/cid";
import type { Registry } from "prom-client";
import { BlockTooLargeError, decodeNode, encodeNode, MalformedNodeError, toCid } from "../results/cid.ts";
import type { ContentStore } from "../results/contentStore.ts";

export type HealthReport = { ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> };

export type GatewayOptions = {
  host: string;
  /** 0 picks a free port. */
  port: number;
  store: ContentStore;
  registry: Registry;
  /** Queues shown on the dashboard at /queues. */
  queues: readonly Queue[];
  health: () => Promise<HealthReport>;
  /** Largest accepted upload (default: the store's block limit). */
  maxUploadBytes?: number;
};

export type Gateway = {
  url: string;
  server: Server;
  /** Shows these queues on the dashboard instead (fleets come and go). */
  replaceQueues(queues: readonly Queue[]): void;
  close(): Promise<void>;
};

const RAW = "application/vnd.ipld.raw";
const DAG_JSON = "application/vnd.ipld.dag-json";
const IMMUTABLE = "public, max-age=29030400, immutable";

/** An HTTP request the gateway refuses, with its status. */
export class GatewayRequestError extends Error {
  override name = "GatewayRequestError";
  readonly status: number;
  constructor(status: number, name: string, message: string) {
    super(message);
    this.status = status;
    this.name = name;
  }
}

const STATUS_BY_ERROR: Record<string, number> = {
  InvalidCidError: 400,
  UnsupportedCidError: 400,
  MalformedNodeError: 400,
  CidMismatchError: 400,
  BlockNotFoundError: 404,
  BlockTooLargeError: 413,
};

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { store, registry } = options;
  const maxUploadBytes = options.maxUploadBytes ?? store.maxBlockBytes;
  const app = express();
  app.disable("x-powered-by");
  // Browsers read content, health, metrics and queue counts from other origins (the dApp on
  // :3000): everything here is public and nothing uses cookies, so any origin may read it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.set("access-control-allow-origin", "*");
    res.set("access-control-expose-headers", "etag, x-ipfs-roots");
    if (req.method === "OPTIONS") {
      res.set("access-control-allow-methods", "GET, HEAD, POST, OPTIONS");
      res.set("access-control-allow-headers", "content-type, accept, if-none-match");
      res.set("access-control-max-age", "600");
      res.status(204).end();
      return;
    }
    next();
  });

  app.get("/health", async (_req, res) => {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch (e) {
      report = { ok: false, checks: { health: { ok: false, detail: (e as Error).message } } };
    }
    res.status(report.ok ? 200 : 503).json(report);
  });

  app.get("/metrics", async (_req, res) => {
    res.set("content-type", registry.contentType).send(await registry.metrics());
  });

  app.get("/ipfs/:cid", async (req, res) => {
    const cid = toCid(req.params.cid ?? "");
    const format = wantedFormat(req);
    const bytes = await store.tryGet(cid);
    if (!bytes) throw new GatewayRequestError(404, "BlockNotFoundError", `No block ${cid.toString()} on this gateway.`);
    const etag = `"${cid.toString()}${format === "raw" ? "" : ".dag-json"}"`;
    res.set("etag", etag).set("cache-control", IMMUTABLE).set("x-ipfs-roots", cid.toString());
    if (req.get("if-none-match") === etag) {
      res.status(304).end();
      return;
    }
    if (format === "raw") res.set("content-type", RAW).send(Buffer.from(bytes));
    else res.set("content-type", DAG_JSON).send(Buffer.from(dagJson.encode(decodeNode(bytes))));
  });

  app.post("/ipfs", async (req, res) => {
    const contentType = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const asJson = req.query.format === "dag-json" || contentType === "application/json" || contentType === DAG_JSON;
    if (!asJson && contentType !== RAW && contentType !== "application/cbor")
      throw new GatewayRequestError(
        415,
        "UnsupportedMediaTypeError",
        `Send the node as ${RAW} or application/cbor (dag-cbor bytes), or as JSON with ?format=dag-json; got "${contentType}".`,
      );
    const body = await readBody(req, maxUploadBytes);
    const stored = asJson ? await store.put(parseDagJson(body)) : await store.putBlock(await canonicalCid(body), body);
    res.status(201).json({ cid: stored.cid.toString(), digest: stored.digest });
  });

  const board = new ExpressAdapter();
  board.setBasePath("/queues");
  const dashboard = createBullBoard({ queues: options.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  app.use("/queues", board.getRouter());

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GatewayRequestError(404, "NotFoundError", `No route for ${req.method} ${req.path}.`));
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const status = e instanceof GatewayRequestError ? e.status : (STATUS_BY_ERROR[e.name] ?? 500);
    const body: Record<string, unknown> = { error: e.name, message: e.message };
    const cid = (e as { cid?: unknown; input?: unknown }).cid ?? (e as { input?: unknown }).input;
    if (typeof cid === "string") body.cid = cid;
    res.status(status).json(body);
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    server,
    replaceQueues: (queues) => dashboard.replaceQueues(queues.map((q) => new BullMQAdapter(q))),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** raw when asked by ?format=raw or by an Accept header that prefers raw blocks; dag-json otherwise. */
function wantedFormat(req: Request): "raw" | "dag-json" {
  const format = req.query.format;
  if (format === "raw") return "raw";
  if (format === "dag-json") return "dag-json";
  if (format !== undefined)
    throw new GatewayRequestError(
      400,
      "UnsupportedFormatError",
      `Unknown format "${String(format)}"; use raw or dag-json.`,
    );
  return (req.get("accept") ?? "").includes(RAW) ? "raw" : "dag-json";
}

/** Reads the request body, refusing it as soon as it passes the limit. */
async function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BlockTooLargeError(declared, maxBytes, "upload");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new BlockTooLargeError(size, maxBytes, "upload");
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The CID of uploaded dag-cbor bytes, after checking they are dag-cbor in its one canonical form:
 * otherwise the same node could be stored under several CIDs and digests.
 */
async function canonicalCid(bytes: Uint8Array): Promise<CID> {
  const reencoded = await encodeNode(decodeNode(bytes), Number.POSITIVE_INFINITY);
  if (Buffer.compare(Buffer.from(reencoded.bytes), Buffer.from(bytes)) !== 0)
    throw new MalformedNodeError(
      "The bytes decode as CBOR but are not canonical dag-cbor; encode them with @ipld/dag-cbor.",
    );
  return reencoded.cid;
}

function parseDagJson(bytes: Uint8Array): unknown {
  try {
    return dagJson.decode(bytes);
  } catch (e) {
    throw new MalformedNodeError(`The body is not valid dag-json: ${(e as Error).message}`, { cause: e });
  }
}
