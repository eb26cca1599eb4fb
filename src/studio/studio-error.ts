import { GlassboxError } from "../errors.ts";

/** A request the Studio API cannot serve: 400 (it does not fit) or 404 (no such thing). */
export class StudioRequestError extends GlassboxError {
  readonly status: 400 | 404;
  constructor(message: string, status: 400 | 404 = 400) {
    super(message, { code: status === 404 ? "STUDIO_NOT_FOUND" : "STUDIO_REQUEST_INVALID" });
    this.status = status;
  }
}
