import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";

// First line of defence only: signed-out visitors go to the sign-in page (pages) or get 401
// (API). Role and customer scope are checked again by lib/auth/guard in every page, server
// action and route handler.
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "sign-in required" }, { status: 401 });
  }
  const url = new URL("/signin", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

// api/admin/uploads is left out: a proxy makes Next buffer (and cut at 10 MB) the request body,
// and uploads are multi-GB streams; that route checks the admin role itself (lib/auth/guard).
export const config = {
  matcher: ["/((?!signin|api/auth|api/health|api/admin/uploads|_next/static|_next/image|favicon.ico|logo.svg).*)"],
};
