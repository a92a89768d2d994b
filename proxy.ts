import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { HSTS, contentSecurityPolicy, isTls, newNonce } from "@/lib/auth/security-headers";

// Runs on every page and API request: sets the security headers (CSP with a per-request nonce,
// HSTS behind TLS), and as a first line of defence sends signed-out visitors to the sign-in page
// (pages) or answers 401 (API). Role and customer scope are checked again by lib/auth/guard in
// every page, server action and route handler.

const PUBLIC = /^\/(signin|api\/auth|api\/health)(\/|$)/;

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const response = await decide(request, csp);
  response.headers.set("Content-Security-Policy", csp);
  if (isTls(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"))) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

async function decide(request: NextRequest, csp: string): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC.test(pathname)) {
    const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
    if (!token) {
      if (pathname.startsWith("/api/")) return NextResponse.json({ error: "sign-in required" }, { status: 401 });
      const url = new URL("/signin", request.url);
      url.searchParams.set("callbackUrl", pathname + search);
      return NextResponse.redirect(url);
    }
  }
  // Next takes the nonce from the request's CSP header when it renders the page.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers } });
}

// api/admin/uploads is left out: a proxy makes Next buffer (and cut at 10 MB) the request body,
// and uploads are multi-GB streams; that route checks the admin role itself (lib/auth/guard).
export const config = {
  matcher: ["/((?!api/admin/uploads|_next/static|_next/image|favicon.ico|logo.svg).*)"],
};
