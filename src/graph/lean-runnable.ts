import { Runnable, type RunnableConfig } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

/** Where LangChain keeps the runnable config of the current call in its AsyncLocalStorage store. */
const CHILD_CONFIG = Symbol.for("lc:child_config");
const CONTEXT_VARIABLES = Symbol.for("lc:context_variables");

/**
 * A LangGraph node or router registered as a plain `Runnable`. A function passed to `addNode` or
 * `addConditionalEdges` is wrapped in a `RunnableCallable` / `RunnableLambda`, and each call of those
 * configures a callback manager and builds a LangSmith `RunTree` (a UUIDv7, a date string, several
 * `process.env` reads) even when nothing traces. This calls the function directly.
 *
 * With `ambient: true` (nodes) the call's config is put where `getConfig()`, `interrupt()`, `task()` and
 * `getWriter()` read it, as LangGraph's own wrapper does; routers only read the state they are given.
 */
export class LeanRunnable<I, O> extends Runnable<I, O> {
  lc_namespace = ["glassbox", "graph"];

  constructor(
    private readonly fn: (input: I, config: RunnableConfig) => O | Promise<O>,
    name: string,
    private readonly ambient: boolean,
  ) {
    super();
    this.name = name;
  }

  override async invoke(input: I, config: RunnableConfig = {}): Promise<O> {
    if (!this.ambient) return this.fn(input, config);
    return withAmbientConfig(config, () => this.fn(input, config));
  }
}

/**
 * Runs `fn` with `config` as LangChain's current runnable config (what `getConfig()`, `interrupt()`,
 * `getWriter()` and nested runnables read), keeping the caller's context variables, without building
 * the LangSmith `RunTree` that `AsyncLocalStorageProviderSingleton.runWithConfig` makes when nothing traces.
 */
export function withAmbientConfig<T>(config: RunnableConfig, fn: () => T): T {
  const storage = AsyncLocalStorageProviderSingleton.getInstance();
  const previous = storage.getStore() as Record<symbol, unknown> | undefined;
  const store: Record<string | symbol, unknown> = { extra: { [CHILD_CONFIG]: config } };
  if (previous?.[CONTEXT_VARIABLES] !== undefined) store[CONTEXT_VARIABLES] = previous[CONTEXT_VARIABLES];
  return storage.run(store, fn);
}
