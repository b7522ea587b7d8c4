export const DEFAULT_DASHBOARD_URL = "http://127.0.0.1:4318";

/** True when something answers HTTP on the dashboard's default address. */
export async function dashboardIsListening(url: string = DEFAULT_DASHBOARD_URL): Promise<boolean> {
  try {
    await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(300) });
    return true;
  } catch {
    return false;
  }
}
