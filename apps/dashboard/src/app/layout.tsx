import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "RLM dashboard",
  description: "Cost, depth and latency of Recursive Language Model runs",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/" className="brand">
            RLM dashboard
          </Link>
          <nav>
            <Link href="/">Runs</Link>
            <Link href="/aggregates">Aggregates</Link>
            <Link href="/import">Import</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
