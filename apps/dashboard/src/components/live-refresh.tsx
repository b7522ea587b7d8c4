"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * Re-renders the page when new spans arrive, without a reload: polls the store's revision
 * and asks the server components for fresh data when it moves. Client state (open tree
 * nodes, scroll) survives because React reconciles rather than remounts.
 */
export function LiveRefresh({
  revision,
  intervalMs = 1000,
}: {
  revision: number;
  intervalMs?: number;
}) {
  const router = useRouter();
  const seen = useRef(revision);
  seen.current = Math.max(seen.current, revision);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/revision", { cache: "no-store" });
        const { revision: latest } = (await response.json()) as { revision: number };
        if (!stopped && latest !== seen.current) {
          seen.current = latest;
          router.refresh();
        }
      } catch {
        // The server restarting is not worth a message; the next tick tries again.
      }
    }, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router, intervalMs]);
  return null;
}
