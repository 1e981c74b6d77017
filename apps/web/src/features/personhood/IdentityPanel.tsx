"use client";
import { useId, useRef, useState } from "react";
import { Button, Card, Dialog, Field, Skeleton } from "@/components/ui";
import { config } from "@/config";
import {
  backupFile,
  createIdentity,
  DEMO_HUMANS,
  demoIdentity,
  forgetIdentity,
  IdentityError,
  prepareRestore,
  type StoredIdentity,
  saveIdentity,
  useIdentity,
} from "./identityStore";
import { type MembershipStatus, useMembership } from "./queries";
import "./personhood.css";

const LOCAL_CHAIN_ID = 31337;

/** "Verified human: you are in the group" or why not, with a coloured dot. */
export function MembershipBadge({ status }: { status: MembershipStatus }) {
  const words: Record<MembershipStatus, string> = {
    "no-identity": "No identity in this browser",
    loading: "Checking the group…",
    member: "Verified human: you are in the group",
    "not-member": "Not in the group yet",
    error: "Could not read the group",
  };
  return (
    <p
      className={`membership membership-${status}`}
      data-testid="membership-status"
      data-status={status}
      aria-live="polite"
    >
      <span className="membership-dot" aria-hidden />
      {words[status]}
    </p>
  );
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Button
      variant="secondary"
      aria-label="Copy the commitment"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied("copied");
        } catch {
          setCopied("failed");
        }
        setTimeout(() => setCopied("idle"), 2000);
      }}
    >
      {copied === "copied" ? "Copied" : copied === "failed" ? "Select and copy it" : "Copy"}
    </Button>
  );
}

/** Shows the stored identity or offers to create one, with backup, restore, demo and forget. */
export function IdentityPanel() {
  const identity = useIdentity();
  const membership = useMembership(identity);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string>();
  const [replaceWith, setReplaceWith] = useState<StoredIdentity | null>(null);
  const [confirmForget, setConfirmForget] = useState(false);
  const [notice, setNotice] = useState<string>();

  const adopt = (next: StoredIdentity, what: string) => {
    if (identity && identity.commitment !== next.commitment) {
      setReplaceWith(next);
      return;
    }
    if (identity && identity.commitment === next.commitment) {
      setNotice(`${what}: this identity is already the one in this browser.`);
      return;
    }
    saveIdentity(next);
    setNotice(`${what}: done.`);
  };

  return (
    <Card title="Your identity">
      {identity === undefined ? (
        <Skeleton height={148} label="Loading your identity" />
      ) : identity === null ? (
        <div>
          <p>
            There is no Semaphore identity in this browser yet. Create one: its secret key stays here, and only its
            public commitment is ever shared.
          </p>
          <Button
            busy={creating}
            onClick={async () => {
              setCreating(true);
              setCreateError(undefined);
              try {
                await createIdentity();
                setNotice("Identity created. Export a backup now: without it, clearing this browser loses it.");
              } catch (e) {
                setCreateError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
              } finally {
                setCreating(false);
              }
            }}
          >
            Create identity
          </Button>
          {createError ? (
            <p className="error-text small" role="alert">
              {createError}
            </p>
          ) : null}
        </div>
      ) : (
        <div>
          <p className="muted small" id="commitment-help">
            Your identity commitment. Give it to a registrar: after checking that you are a person, they add it to the
            group of verified humans. It reveals nothing about your key.
          </p>
          <div className="identity-row">
            <code className="identity-commitment" data-testid="identity-commitment" aria-describedby="commitment-help">
              {identity.commitment}
            </code>
            <CopyButton text={identity.commitment} />
          </div>
          <MembershipBadge status={membership} />
          {identity.source === "demo" ? (
            <p className="muted small">
              This is a demo identity of the local chain: its key is public, use it only to try things.
            </p>
          ) : null}
          <div className="identity-actions">
            <Button
              variant="secondary"
              onClick={() => {
                const { filename, text } = backupFile(identity);
                download(filename, text);
                setNotice(
                  `Backup saved as ${filename}. It holds your private key: keep it offline and never share it.`,
                );
              }}
            >
              Export backup
            </Button>
            <Button variant="danger" onClick={() => setConfirmForget(true)}>
              Forget this identity
            </Button>
          </div>
        </div>
      )}
      <p className="small" role="status" aria-live="polite">
        {notice}
      </p>
      {identity !== undefined ? <RestoreForm onRestored={(next) => adopt(next, "Restore")} /> : null}
      {identity !== undefined && config.chainId === LOCAL_CHAIN_ID ? (
        <DemoIdentities current={identity} onPick={(next) => adopt(next, "Demo identity")} />
      ) : null}

      <Dialog
        open={replaceWith !== null}
        onClose={() => setReplaceWith(null)}
        title="Replace the identity in this browser?"
      >
        <p>
          This browser holds the identity <code className="identity-commitment">{identity?.commitment}</code>
        </p>
        <p>
          It would be replaced by <code className="identity-commitment">{replaceWith?.commitment}</code>
        </p>
        <p className="error-text">
          Export a backup of the current identity first if you may still need it: without one it is lost.
        </p>
        <div className="identity-actions">
          <Button
            variant="danger"
            onClick={() => {
              if (replaceWith) saveIdentity(replaceWith);
              setReplaceWith(null);
              setNotice("The identity was replaced.");
            }}
          >
            Replace
          </Button>
          <Button variant="secondary" onClick={() => setReplaceWith(null)}>
            Cancel
          </Button>
        </div>
      </Dialog>

      <Dialog open={confirmForget} onClose={() => setConfirmForget(false)} title="Forget this identity?">
        <p>
          The key is deleted from this browser. Without a backup you can never prove membership with it again, and a
          registrar would have to replace your commitment.
        </p>
        <div className="identity-actions">
          <Button
            variant="danger"
            onClick={() => {
              forgetIdentity();
              setConfirmForget(false);
              setNotice("The identity was removed from this browser.");
            }}
          >
            Forget it
          </Button>
          <Button variant="secondary" onClick={() => setConfirmForget(false)}>
            Keep it
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

function RestoreForm({ onRestored }: { onRestored: (identity: StoredIdentity) => void }) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const restore = async (source: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onRestored(await prepareRestore(source));
      setText("");
      if (fileRef.current) fileRef.current.value = "";
    } catch (e) {
      setError(e instanceof IdentityError ? `${e.message} (${e.name})` : `The backup could not be read: ${String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="restore-box">
      <summary>Restore from a backup</summary>
      <Field label="Backup file" htmlFor={`${id}-file`} help="The JSON file “Export backup” saved.">
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept="application/json,.json,.txt"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) await restore(await file.text());
          }}
        />
      </Field>
      <Field label="Or paste the backup or its private key" htmlFor={`${id}-text`} error={error}>
        <textarea
          id={`${id}-text`}
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-text-error` : undefined}
        />
      </Field>
      <Button variant="secondary" busy={busy} disabled={!text.trim()} onClick={() => restore(text)}>
        Restore
      </Button>
    </details>
  );
}

function DemoIdentities({
  current,
  onPick,
}: {
  current: StoredIdentity | null;
  onPick: (identity: StoredIdentity) => void;
}) {
  const [busy, setBusy] = useState<string>();
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <div className="restore-box">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        Use a demo identity
      </button>
      <span className="muted small"> (local chain only)</span>
      <div id={listId} hidden={!open}>
        <p className="muted small">
          The local chain's seed added these identities to the group, so that you can try a veto or a human vote. Their
          keys are public: never use them elsewhere.
        </p>
        <ul className="demo-list">
          {DEMO_HUMANS.map((seed) => {
            const name = seed.replace("aos-demo-human-", "");
            return (
              <li key={seed}>
                <Button
                  variant="secondary"
                  busy={busy === seed}
                  aria-label={`Use the demo identity of ${name}`}
                  onClick={async () => {
                    setBusy(seed);
                    try {
                      onPick(await demoIdentity(seed));
                    } finally {
                      setBusy(undefined);
                    }
                  }}
                >
                  {current?.source === "demo" && current.privateKey === btoa(`aos-personhood:${seed}`) ? "✓ " : ""}
                  {name.charAt(0).toUpperCase() + name.slice(1)}
                </Button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
