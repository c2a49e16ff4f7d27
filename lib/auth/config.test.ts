import { describe, expect, it } from "vitest";
import { SESSION_EXPIRED_PATH, homeFor, routeAccess, signedOutDestination } from "@/lib/auth/config";

describe("routeAccess", () => {
  it.each(["/menu", "/ip-phone/password", "/ip-phone/password/complete/x"])("keeps visitors out of %s", (path) => {
    expect(routeAccess(path, undefined)).toEqual({ allow: false, redirectTo: "/login" });
  });

  it("lets a customer into the customer area and sends them home from the admin area", () => {
    expect(routeAccess("/menu", "customer")).toEqual({ allow: true });
    expect(routeAccess("/ip-phone/password", "customer")).toEqual({ allow: true });
    expect(routeAccess("/admin/changes", "customer")).toEqual({ allow: false, redirectTo: "/menu" });
    expect(routeAccess("/admin", "customer")).toEqual({ allow: false, redirectTo: "/menu" });
  });

  it("lets an admin into the admin area and sends them home from the customer area", () => {
    expect(routeAccess("/admin/changes/export", "admin")).toEqual({ allow: true });
    expect(routeAccess("/menu", "admin")).toEqual({ allow: false, redirectTo: "/admin/changes" });
    expect(routeAccess("/ip-phone/password", "admin")).toEqual({ allow: false, redirectTo: "/admin/changes" });
  });

  it("sends signed-in people from the login pages to their home, and lets visitors in", () => {
    expect(routeAccess("/login", undefined)).toEqual({ allow: true });
    expect(routeAccess("/login/verify", undefined)).toEqual({ allow: true });
    expect(routeAccess("/login", "customer")).toEqual({ allow: false, redirectTo: homeFor("customer") });
    expect(routeAccess("/login/verify", "admin")).toEqual({ allow: false, redirectTo: homeFor("admin") });
  });

  it("matches whole path segments only", () => {
    expect(routeAccess("/menus", undefined)).toEqual({ allow: true });
    expect(routeAccess("/administrator", "customer")).toEqual({ allow: true });
    expect(routeAccess("/loginx", "customer")).toEqual({ allow: true });
  });

  it("leaves public pages open to everyone", () => {
    for (const role of [undefined, "customer", "admin"] as const) {
      expect(routeAccess("/", role)).toEqual({ allow: true });
      expect(routeAccess("/unavailable", role)).toEqual({ allow: true });
    }
  });
});

describe("signedOutDestination", () => {
  it("tells someone whose cookie no longer works that the session ended", () => {
    expect(signedOutDestination(true)).toBe(SESSION_EXPIRED_PATH);
    expect(signedOutDestination(false)).toBe("/login");
  });
});
