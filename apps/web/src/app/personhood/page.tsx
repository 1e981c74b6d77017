import type { Metadata } from "next";
import { PersonhoodPage } from "@/features/personhood/PersonhoodPage";

export const metadata: Metadata = { title: "Personhood" };

export default function Page() {
  return <PersonhoodPage />;
}
