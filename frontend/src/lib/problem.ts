import type { components } from "@/generated/api";

export type ProblemDetails = components["schemas"]["ProblemDetails"];
export type FieldProblem = NonNullable<ProblemDetails["errors"]>[number];

const PROBLEM_MEDIA_TYPE = "application/problem+json";

/** An RFC 9457 problem the API answered with, as a throwable error. */
export class ProblemError extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  readonly requestId: string | undefined;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = "ProblemError";
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.request_id;
  }

  /** The problem type's last path segment: `validation-error`, `not-found`, … */
  get kind(): string {
    const segments = this.type.split("/");
    return segments[segments.length - 1] ?? this.type;
  }

  /**
   * The field errors keyed by the form field they belong to. `errors[].field` is a dotted path
   * (`notification_preferences.low_credit`, `ip_allowlist[1]`); it is matched to the first of
   * `fields` that is the whole path or its leading segment. Without `fields` every path is kept.
   */
  fieldErrors(fields?: readonly string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const error of this.errors) {
      if (!error.field) continue;
      const key = fields ? matchField(error.field, fields) : error.field;
      if (key === undefined) continue;
      found[key] = found[key] ? `${found[key]}; ${error.message}` : error.message;
    }
    return found;
  }

  /** Field errors that match none of `fields`, and row (`line`) errors, as readable lines. */
  otherErrors(fields: readonly string[]): string[] {
    return this.errors
      .filter((error) => !error.field || matchField(error.field, fields) === undefined)
      .map((error) => {
        if (error.line !== undefined) return `line ${error.line}: ${error.message}`;
        if (error.field) return `${error.field}: ${error.message}`;
        return error.message;
      });
  }
}

function matchField(path: string, fields: readonly string[]): string | undefined {
  const head = path.split(/[.[]/, 1)[0] ?? path;
  return fields.find((field) => field === path) ?? fields.find((field) => field === head);
}

export function isProblemDetails(value: unknown): value is ProblemDetails {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.type === "string" &&
    typeof candidate.title === "string" &&
    typeof candidate.status === "number"
  );
}

export function isProblemResponse(response: Response): boolean {
  return (response.headers.get("Content-Type") ?? "").includes(PROBLEM_MEDIA_TYPE);
}

/**
 * The ProblemError for a failed response. A problem+json body is read as it is; anything else
 * (a proxy's HTML error page, an empty body) becomes a generic problem with the status.
 */
export async function problemFromResponse(response: Response): Promise<ProblemError> {
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  if (isProblemDetails(body)) {
    return new ProblemError({ ...body, detail: body.detail ?? body.title });
  }
  return new ProblemError({
    type: "about:blank",
    title: response.statusText || "Request failed",
    status: response.status,
    detail: genericDetail(response.status),
  });
}

function genericDetail(status: number): string {
  if (status === 502 || status === 503 || status === 504) {
    return "The server is not reachable right now. Try again in a moment.";
  }
  if (status >= 500) return "The server could not complete the request.";
  return `The request failed (HTTP ${status}).`;
}

/** What to tell a person about any error a request raised. */
export function errorMessage(error: unknown): string {
  if (error instanceof ProblemError) return error.detail;
  if (error instanceof TypeError) return "The server could not be reached. Check your connection.";
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
