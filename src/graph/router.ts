import { Runnable } from "@langchain/core/runnables";

/**
 * A conditional-edge router as a plain Runnable. LangGraph turns a router function into a traced
 * `RunnableLambda`, which opens a callback run on every step; deciding an edge needs no trace.
 */
export class Router<State> extends Runnable<State, string> {
  lc_namespace = ["glassbox", "graph"];
  private readonly routerName: string;
  private readonly route: (state: State) => string;

  constructor(routerName: string, route: (state: State) => string) {
    super();
    this.routerName = routerName;
    this.route = route;
  }

  override getName(): string {
    return this.routerName;
  }

  override async invoke(state: State): Promise<string> {
    return this.route(state);
  }
}
