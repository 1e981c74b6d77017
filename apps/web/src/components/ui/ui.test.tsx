import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { TxStatus } from "@/tx/TxStatus";
import { Button, Countdown, EmptyState, formatDuration, Progress } from ".";

describe("Button", () => {
  it("says why it cannot be used, tied to the button for assistive technology", () => {
    render(<Button disabledReason="Your karma in Code review is 0.35; this task needs 0.50.">Claim</Button>);
    const button = screen.getByRole("button", { name: "Claim" });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription("Your karma in Code review is 0.35; this task needs 0.50.");
  });

  it("is disabled in the server's HTML, and usable once hydrated (an early click is not lost)", async () => {
    const onClick = vi.fn();
    const ui = (
      <form onSubmit={(e) => e.preventDefault()}>
        <Button type="submit" onClick={onClick}>
          Start simulation
        </Button>
      </form>
    );
    const html = renderToString(ui);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Start simulation/);
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const button = container.querySelector("button") as HTMLButtonElement;
    expect(button.type).toBe("submit");
    expect(button).toBeDisabled();
    await act(async () => {
      hydrateRoot(container, ui);
    });
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalledOnce();
    container.remove();
  });

  it("works when nothing stands in the way", async () => {
    const onClick = vi.fn();
    render(<Button onClick={onClick}>Accept</Button>);
    await userEvent.click(screen.getByRole("button", { name: "Accept" }));
    expect(onClick).toHaveBeenCalledOnce();
  });
});

describe("TxStatus", () => {
  it("asks the user to look at the wallet while it waits for it", () => {
    render(<TxStatus state={{ phase: "wallet", label: "Accept task #3" }} />);
    expect(screen.getByRole("status")).toHaveTextContent(/confirm the transaction/);
  });

  it("shows a failure as an alert with the hint and the error's name", () => {
    render(
      <TxStatus
        state={{
          phase: "failed",
          label: "Veto request #1",
          error: { name: "AgentTimelockNullifierUsed", title: "Already vetoed.", hint: "Once each." },
        }}
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Already vetoed.");
    expect(alert).toHaveTextContent("AgentTimelockNullifierUsed");
  });

  it("shows the hash of a pending transaction when no explorer is configured", () => {
    render(<TxStatus state={{ phase: "pending", label: "Create task", hash: `0x${"12".repeat(32)}` }} />);
    expect(screen.getByRole("status")).toHaveTextContent("0x12121212");
  });
});

describe("time and progress", () => {
  it("formats durations at a readable precision", () => {
    expect(formatDuration(59)).toBe("59s");
    expect(formatDuration(125)).toBe("2m 5s");
    expect(formatDuration(3 * 3600 + 120)).toBe("3h 2m");
    expect(formatDuration(2 * 86400 + 3600)).toBe("2d 1h");
    expect(formatDuration(-5)).toBe("0s");
  });

  it("counts down against the chain's clock, not only the wall's", () => {
    const now = Math.floor(Date.now() / 1000);
    const { rerender } = render(<Countdown until={now + 100} offset={0} />);
    expect(screen.getByText(/left/)).toHaveTextContent(/^1m (39|40)s left$/);
    rerender(<Countdown until={now + 100} offset={200} done="voting closed" />);
    expect(screen.getByText("voting closed")).toBeInTheDocument();
  });

  it("exposes progress as a labelled progressbar", () => {
    render(<Progress value={0.42} label="Generating proof" />);
    expect(screen.getByRole("progressbar", { name: "Generating proof" })).toHaveAttribute("aria-valuenow", "42");
  });

  it("tells what to do next when a list is empty", () => {
    render(<EmptyState title="No tasks yet">Post the first task.</EmptyState>);
    expect(screen.getByRole("heading", { name: "No tasks yet" })).toBeInTheDocument();
  });
});
