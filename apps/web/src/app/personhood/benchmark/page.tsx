import type { Metadata } from "next";
import { Suspense } from "react";
import { BenchmarkPage } from "@/features/personhood/BenchmarkPage";

export const metadata: Metadata = { title: "Proof speed check" };

export default function Page() {
  // useSearchParams in a client page needs a Suspense boundary for the static shell.
  return (
    <Suspense fallback={null}>
      <BenchmarkPage />
    </Suspense>
  );
}
