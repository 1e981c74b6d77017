"use client";
/** The small set of building blocks every page uses, so that pages look and behave alike. */
import Link from "next/link";
import { type ButtonHTMLAttributes, type ReactNode, useEffect, useId, useState, useSyncExternalStore } from "react";
import { explorerAddressUrl } from "@/config";

export { Dialog } from "./Dialog";

const noSubscription = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true from then on. A control the
 * server rendered looks ready before it is: a click on it would be lost, and a form's submit
 * button would post the form as a plain page load.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A button that, when it cannot be used, says why next to it (karma too low, wrong network,
 * window closed) rather than sitting grey and silent. Disabled until the page has hydrated.
 */
export function Button({
  disabledReason,
  busy,
  variant = "primary",
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  disabledReason?: string | false | null;
  busy?: boolean;
  variant?: "primary" | "secondary" | "danger";
}) {
  const id = useId();
  const hydrated = useHydrated();
  const reason = disabledReason || undefined;
  return (
    <span className="button-wrap">
      <button
        type="button"
        aria-describedby={reason ? id : undefined}
        {...rest}
        className={`button button-${variant}`}
        disabled={!hydrated || Boolean(reason) || busy || disabled}
        aria-busy={busy || undefined}
      >
        {busy ? <span className="spinner" aria-hidden /> : null}
        {children}
      </button>
      {reason ? (
        <span id={id} className="disabled-reason">
          {reason}
        </span>
      ) : null}
    </span>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ""}`}>
      {title || actions ? (
        <header className="card-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      {children}
    </section>
  );
}

/** A placeholder of the final size, so that nothing jumps when data arrives. */
export function Skeleton({
  height = 20,
  width = "100%",
  label = "Loading",
}: {
  height?: number;
  width?: number | string;
  label?: string;
}) {
  return <span className="skeleton" style={{ height, width }} role="status" aria-label={label} />;
}

export function SkeletonRows({ rows, height = 44 }: { rows: number; height?: number }) {
  return (
    <div className="skeleton-rows" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={height} />
      ))}
    </div>
  );
}

/** What to show when there is nothing yet, and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

export function ErrorNote({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return (
    <div className="error-note" role="alert">
      <strong>Could not load this.</strong> <span>{message}</span>
      {retry ? (
        <button type="button" className="link-button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Badge({
  children,
  tone = "neutral",
}: {
  children: ReactNode;
  tone?: "neutral" | "good" | "warn" | "bad" | "info";
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** An address that links to its agent profile (and to the explorer when one is configured). */
export function AddressLink({ address, label }: { address: string; label?: string }) {
  const explorer = explorerAddressUrl(address);
  return (
    <span className="address">
      <Link href={`/agents/${address}`} title={address}>
        {label ?? shortAddress(address)}
      </Link>
      {explorer ? (
        <a href={explorer} target="_blank" rel="noreferrer" aria-label="Open in the block explorer" className="muted">
          ↗
        </a>
      ) : null}
    </span>
  );
}

/** The wall clock, ticking each second (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${r}s`;
  return `${r}s`;
}

/**
 * Time left until `until` (unix seconds). `offset` is the chain clock minus the wall clock, since
 * a local chain's time can be moved ahead.
 */
export function Countdown({ until, offset = 0, done = "ended" }: { until: number; offset?: number; done?: string }) {
  const now = useNow();
  const left = until - (now / 1000 + offset);
  return (
    <time
      dateTime={new Date(until * 1000).toISOString()}
      className="countdown"
      title={new Date(until * 1000).toLocaleString()}
    >
      {left > 0 ? `${formatDuration(left)} left` : done}
    </time>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-bar" style={{ width: `${pct}%` }} />
      <span className="progress-text">{pct}%</span>
    </div>
  );
}

/** A labelled form field with its help and error wired for assistive technology. */
export function Field({
  label,
  help,
  error,
  children,
  htmlFor,
}: {
  label: string;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
  htmlFor: string;
}) {
  return (
    <div className={`field ${error ? "field-error" : ""}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {help ? (
        <small id={`${htmlFor}-help`} className="muted">
          {help}
        </small>
      ) : null}
      {error ? (
        <small id={`${htmlFor}-error`} className="error-text" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}
