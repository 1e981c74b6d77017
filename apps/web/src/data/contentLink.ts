/** Content shapes the pages handle without loading the codecs (see content.ts). */

/** The CID a plain link holds (`{ "/": "bafy…" }`), if the value is one. */
export function linkOf(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const target = (value as Record<string, unknown>)["/"];
  return keys.length === 1 && typeof target === "string" ? target : undefined;
}

export type Content = {
  cid: string;
  /** The node, plain (links as `{ "/": cid }`). */
  value: unknown;
  /** The bytes were hashed and matched the CID. */
  verified: boolean;
};
