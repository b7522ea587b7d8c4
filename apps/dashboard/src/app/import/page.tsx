import { ImportForm } from "../../components/import-form.tsx";

// Whether the form asks for a token depends on the server's environment, not the build's.
export const dynamic = "force-dynamic";

export default function ImportPage() {
  return (
    <>
      <h1>Import a trajectory</h1>
      <p>
        A JSON Lines file written by <code>trajectoryFileSink</code> from <code>@rlm/core</code>{" "}
        (one event per line; several runs may share a file). Each run appears as if its spans had
        arrived over OTLP. From a shell: <code>rlm-dashboard import FILE…</code>.
      </p>
      <ImportForm tokenRequired={Boolean(process.env.RLM_DASHBOARD_TOKEN)} />
    </>
  );
}
