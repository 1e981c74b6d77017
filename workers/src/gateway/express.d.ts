/**
 * The part of Express 5 the gateway uses. Express ships no types and @types/express is not a
 * dependency of the workspace; this declaration keeps the gateway type-checked without it.
 */
declare module "express" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  export interface Request extends IncomingMessage {
    params: Record<string, string>;
    query: Record<string, string | string[] | undefined>;
    path: string;
    get(name: string): string | undefined;
  }
  export interface Response extends ServerResponse {
    status(code: number): Response;
    json(body: unknown): Response;
    send(body?: unknown): Response;
    set(field: string, value: string): Response;
    type(contentType: string): Response;
  }
  export type NextFunction = (error?: unknown) => void;
  export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown;
  export type ErrorRequestHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => unknown;

  export interface Express {
    (req: IncomingMessage, res: ServerResponse): void;
    get(path: string, ...handlers: RequestHandler[]): Express;
    post(path: string, ...handlers: RequestHandler[]): Express;
    use(path: string, handler: unknown): Express;
    use(handler: RequestHandler | ErrorRequestHandler): Express;
    disable(setting: string): Express;
    listen(port: number, host: string, callback: (error?: Error) => void): Server;
  }

  type ExpressFactory = () => Express;
  const express: ExpressFactory;
  export default express;
}
