// Errors of the report domain that callers turn into answers (not field messages).

/** Someone saved the same text since this editor loaded it: never overwrite silently. */
export class ConflictError extends Error {
  constructor(
    public readonly current: { body: string; revision: number; updatedBy: string; updatedAt: string },
  ) {
    super(`conflict: revision ${current.revision} by ${current.updatedBy}`);
  }
}

/** The transition or edit is not allowed in the report's current status. */
export class StateError extends Error {
  constructor(
    public readonly code: "notEditable" | "badTransition" | "notFound" | "monthNotStarted" | "exists",
    message?: string,
  ) {
    super(message ?? code);
  }
}
