import { createServer } from "node:net";

// Shared by the measuring commands (`soc bench`, `soc load-test`) and tests that start their
// own `next start`: a free loopback port, and a signed-in session cookie.

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Signs in through next-auth's credentials flow (code: TOTP, for staff); returns the Cookie header of the session. */
export async function signInCookie(base: string, email: string, password: string, code?: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, ...(code ? { code } : {}), json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!session.some((c) => c.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return [...cookies, ...session].join("; ");
}
