/** One field-level error inside a problem body. */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem+json body as the atscale server sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

const fieldErrors = (value: unknown): FieldError[] | undefined => {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((item) => ({
    field: text(item.field, ''),
    message: text(item.message, ''),
  }));
};

/** Reads a problem body leniently: a missing or malformed body still yields a usable problem. */
export function toProblem(status: number, body: unknown): Problem {
  const record = isRecord(body) ? body : {};
  const title = text(record.title, 'Sorry, there is a problem with the service');
  const errors = fieldErrors(record.errors);
  return {
    type: text(record.type, 'about:blank'),
    title,
    status: typeof record.status === 'number' ? record.status : status,
    detail: text(record.detail, title),
    code: text(record.code, 'unknown'),
    ...(errors ? { errors } : {}),
  };
}

/** Thrown by the API client when the server answers with an error status. */
export class ApiError extends Error {
  /** The problem the server described. */
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  /** The HTTP status of the failed request. */
  get status(): number {
    return this.problem.status;
  }
}
