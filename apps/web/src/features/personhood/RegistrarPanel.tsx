"use client";
/**
 * For a registrar appointed by governance: add people's identity commitments to the group of
 * verified humans after checking off-chain that each is a person. Shown only to a connected
 * registrar; everyone else sees nothing here (the identity card tells them to find a registrar).
 */
import { type FormEvent, useId, useState } from "react";
import { Button, Card, Field } from "@/components/ui";
import { contract } from "@/data/chain";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { usePersonhoodGroup, useRegistrarStatus } from "./queries";
import { parseCommitments } from "./registrar";

export function RegistrarPanel() {
  const guard = useWriteGuard();
  const status = useRegistrarStatus(guard.account);
  if (!status.data?.active) return null;
  return <RegistrarForm registered={status.data.registered} guardReason={guard.reason} />;
}

export function RegistrarForm({ registered, guardReason }: { registered: number; guardReason?: string }) {
  const id = useId();
  const fieldId = `${id}-commitments`;
  const group = usePersonhoodGroup();
  const tx = useAosTransaction();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const { commitments, problems } = parseCommitments(text, group.data?.members ?? []);
    if (problems.length > 0) {
      setError(problems.map((p) => p.reason).join(" "));
      return;
    }
    if (commitments.length === 0) {
      setError("Paste at least one identity commitment.");
      return;
    }
    setError(undefined);
    const registry = contract("PersonhoodRegistry");
    const one = commitments.length === 1;
    const done = await tx.send(one ? "Add a verified human" : `Add ${commitments.length} verified humans`, {
      address: registry.address,
      abi: registry.abi,
      functionName: one ? "addMember" : "addMembers",
      args: one ? [commitments[0]] : [commitments],
    });
    if (done) setText("");
  };

  return (
    <Card title="Registrar: add verified humans">
      <p className="small">
        You are a registrar: {registered === 1 ? "1 person" : `${registered} people`} added by you so far. Add a
        commitment only after checking that it belongs to a person who has none in the group yet. A commitment enters
        the group once, ever.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Identity commitments"
          htmlFor={fieldId}
          help="One per line, as the person's Personhood page shows it."
          error={error}
        >
          <textarea
            id={fieldId}
            value={text}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setText(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={[`${fieldId}-help`, error ? `${fieldId}-error` : ""].filter(Boolean).join(" ")}
          />
        </Field>
        <Button type="submit" busy={tx.isBusy} disabledReason={guardReason}>
          Add to the group
        </Button>
      </form>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </Card>
  );
}
