import { describe, expect, it } from "vitest";

import { errorMessage, isProblemDetails, problemFromResponse, ProblemError } from "./problem";

const validation = new ProblemError({
  type: "https://tollgate.dev/problems/validation-error",
  title: "Invalid request",
  status: 422,
  detail: "Invalid value for 'ip_allowlist'",
  errors: [
    { field: "ip_allowlist[1]", message: "not a network" },
    { field: "expires_at", message: "must lie in the future" },
    { field: "expires_at", message: "needs a time zone" },
    { field: "owner_id", message: "not allowed" },
    { line: 3, message: "unknown prefix" },
  ],
});

describe("problem details", () => {
  it("maps each field error to the form field it belongs to", () => {
    expect(validation.fieldErrors(["name", "ip_allowlist", "expires_at"])).toEqual({
      ip_allowlist: "not a network",
      expires_at: "must lie in the future; needs a time zone",
    });
  });

  it("lists the errors that belong to no form field, CSV lines included", () => {
    expect(validation.otherErrors(["ip_allowlist", "expires_at"])).toEqual([
      "owner_id: not allowed",
      "line 3: unknown prefix",
    ]);
  });

  it("recognises a problem body and rejects other JSON", () => {
    expect(isProblemDetails({ type: "about:blank", title: "x", status: 400, detail: "d" })).toBe(true);
    expect(isProblemDetails({ status: "ok", checks: {} })).toBe(false);
    expect(isProblemDetails(null)).toBe(false);
  });

  it("reads a problem+json response", async () => {
    const response = new Response(
      JSON.stringify({ type: "https://tollgate.dev/problems/forbidden", title: "Forbidden", status: 403, detail: "A client cannot manage admin accounts" }),
      { status: 403, headers: { "Content-Type": "application/problem+json" } },
    );
    const error = await problemFromResponse(response);
    expect(error.kind).toBe("forbidden");
    expect(errorMessage(error)).toBe("A client cannot manage admin accounts");
  });

  it("explains a network failure and an unknown error", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/could not be reached/);
    expect(errorMessage("boom")).toBe("Something went wrong.");
  });
});
