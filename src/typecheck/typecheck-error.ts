import { HotplugError } from "../errors/hotplug-error.ts";

/** Why a type check gave no answer (as opposed to an answer with type errors). */
export type TypecheckErrorCode = "TYPECHECK_TIMEOUT" | "TYPECHECK_UNAVAILABLE";

/** The checker could not answer: it took longer than `--timeout`, or TypeScript failed. */
export class TypecheckError extends HotplugError {
  override name = "TypecheckError";
  declare readonly code: TypecheckErrorCode;
  /** The tsconfig.json the check ran against (or where hotplug's defaults stood in for it). */
  readonly tsconfig: string;

  constructor(code: TypecheckErrorCode, message: string, tsconfig: string, cause?: unknown) {
    super(code, message, cause === undefined ? undefined : { cause });
    this.tsconfig = tsconfig;
  }
}
