import { ImportForm } from "../../components/import-form.tsx";

export default function ImportPage() {
  return (
    <>
      <h1>Import a trajectory</h1>
      <p>
        A JSON Lines file written by <code>trajectoryFileSink</code> from <code>@rlm/core</code>{" "}
        (one event per line; several runs may share a file). Each run appears as if its spans had
        arrived over OTLP. From a shell: <code>pnpm --filter @rlm/dashboard import FILE…</code>.
      </p>
      <ImportForm />
    </>
  );
}
