import { NextResponse, type NextRequest } from "next/server";

// A cheap first gate: without an Auth.js session cookie a page request goes
// to sign-in. Pages, actions and route handlers still verify the session
// and the role on the server; this only saves a round of rendering.
const SESSION_COOKIES = [
  "authjs.session-token",
  "__Secure-authjs.session-token",
];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();

  const signIn = new URL("/sign-in", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") signIn.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything except sign-in, Auth.js, cron and public assets.
  matcher: ["/((?!sign-in|api/|_next/|favicon.ico|public/|report/|form/).*)"],
};
