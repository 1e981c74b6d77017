import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FIXTURE_TASKS } from "./fixtures";

// Fakes of the data module and the router: no chain, the URL query in a variable.
const fakeData = vi.hoisted(() => ({ tasks: [] as unknown[], error: undefined as Error | undefined }));
const fakeRouter = vi.hoisted(() => ({ query: "", replace: vi.fn() }));

vi.mock("@/data/tasks", async (original) => ({
  ...(await original<typeof import("@/data/tasks")>()),
  listTasks: async () => {
    if (fakeData.error) throw fakeData.error;
    return fakeData.tasks;
  },
  listTaskDimensions: async () => [
    { id: 5, name: "accuracy.code_review", kind: "Accuracy", baseline: 0n },
    { id: 6, name: "accuracy.research_analysis", kind: "Accuracy", baseline: 0n },
    { id: 8, name: "accuracy.simulation", kind: "Accuracy", baseline: 0n },
    { id: 2, name: "reliability.task_completion", kind: "Reliability", baseline: 0n },
  ],
}));
vi.mock("@/data/chain", async (original) => ({
  ...(await original<typeof import("@/data/chain")>()),
  chainNow: async () => 1_500_000,
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ replace: fakeRouter.replace, push: vi.fn() }),
  usePathname: () => "/tasks",
  useSearchParams: () => new URLSearchParams(fakeRouter.query),
}));

const { TasksPage } = await import("./TasksPage");

function renderPage(): void {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  render(<TasksPage />, { wrapper });
}

beforeEach(() => {
  fakeData.tasks = FIXTURE_TASKS;
  fakeData.error = undefined;
  fakeRouter.query = "";
  fakeRouter.replace.mockReset();
});

describe("task list", () => {
  it("shows a row per task with its state, bounty, type, domain and agent", async () => {
    renderPage();
    const rows = await screen.findAllByTestId("task-row");
    expect(rows.map((r) => r.getAttribute("data-task-id"))).toEqual(["1", "2", "3", "4", "5", "6"]);
    const row2 = within(rows[1] as HTMLElement);
    expect(row2.getByTestId("task-state").textContent).toBe("Open");
    expect(row2.getByText("250 aUSD")).toBeTruthy();
    expect(row2.getByText("LLM pipeline")).toBeTruthy();
    expect(await row2.findByText("Research analysis")).toBeTruthy();
    expect(row2.getByText("unclaimed")).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText("DCOS simulation")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Post a task" }).getAttribute("href")).toBe("/tasks/new");
  });

  it("applies the filters held in the URL", async () => {
    fakeRouter.query = "state=Accepted&type=2&min=0.1";
    renderPage();
    const rows = await screen.findAllByTestId("task-row");
    expect(rows.map((r) => r.getAttribute("data-task-id"))).toEqual(["6"]);
    expect((screen.getByLabelText("State") as HTMLSelectElement).value).toBe("Accepted");
  });

  it("writes a changed filter into the URL", async () => {
    renderPage();
    await screen.findAllByTestId("task-row");
    await userEvent.selectOptions(screen.getByLabelText("State"), "Submitted");
    expect(fakeRouter.replace).toHaveBeenCalledWith("/tasks?state=Submitted", { scroll: false });
  });

  it("names a malformed reward bound", async () => {
    fakeRouter.query = "min=lots";
    renderPage();
    expect(await screen.findByText(/Reward min: Enter an amount in ETH/)).toBeTruthy();
    expect(screen.getByLabelText("Reward min (ETH)").getAttribute("aria-invalid")).toBe("true");
  });

  it("says what to do when nothing matches, and when there are no tasks at all", async () => {
    fakeRouter.query = "state=Voided";
    renderPage();
    expect(await screen.findByText("No task matches these filters")).toBeTruthy();
    expect(screen.getAllByRole("button", { name: "Clear filters" }).length).toBeGreaterThan(0);
  });

  it("invites the first task on an empty chain", async () => {
    fakeData.tasks = [];
    renderPage();
    const link = await screen.findByRole("link", { name: "Post the first task" });
    expect(link.getAttribute("href")).toBe("/tasks/new");
  });

  it("shows the error with a retry when the chain cannot be read", async () => {
    fakeData.error = new Error("HTTP request failed: connection refused");
    renderPage();
    expect((await screen.findByRole("alert")).textContent).toMatch(/connection refused/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
