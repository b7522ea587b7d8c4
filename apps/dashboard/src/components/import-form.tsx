"use client";

import Link from "next/link";
import { useState } from "react";

/**
 * Uploads a trajectory file to `/api/import` and links to the runs it held. When the server
 * has an ingest token, the form asks for it and sends it as the exporters do.
 */
export function ImportForm({ tokenRequired }: { tokenRequired: boolean }) {
  const [state, setState] = useState<{ runIds?: string[]; error?: string; busy?: boolean }>({});
  const [token, setToken] = useState("");
  const upload = async (file: File) => {
    setState({ busy: true });
    try {
      const response = await fetch("/api/import", {
        method: "POST",
        body: await file.text(),
        headers: tokenRequired ? { authorization: `Bearer ${token}` } : {},
      });
      const body = (await response.json()) as { runIds?: string[]; error?: string };
      setState(
        response.ok
          ? { runIds: body.runIds ?? [] }
          : { error: body.error ?? `HTTP ${response.status}` },
      );
    } catch (error) {
      setState({ error: (error as Error).message });
    }
  };
  return (
    <div className="panel import-form">
      {tokenRequired ? (
        <label>
          Ingest token (<code>RLM_DASHBOARD_TOKEN</code>){" "}
          <input
            type="password"
            name="token"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </label>
      ) : null}
      <input
        type="file"
        accept=".jsonl,.ndjson,.json,application/x-ndjson"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      {state.busy ? <p className="muted">Importing…</p> : null}
      {state.error ? <p className="error-box">{state.error}</p> : null}
      {state.runIds ? (
        <p data-testid="imported">
          Imported {state.runIds.length} run{state.runIds.length === 1 ? "" : "s"}:{" "}
          {state.runIds.map((runId) => (
            <Link key={runId} href={`/runs/${encodeURIComponent(runId)}`}>
              {runId}{" "}
            </Link>
          ))}
        </p>
      ) : null}
    </div>
  );
}
