import { useEffect, useState } from "preact/hooks";
import type { GraphInfo } from "../shared/api-types.ts";
import { api, type Breakpoints, type StudioInfo } from "./api.ts";
import { CompareView, EvalReportView, EvalsView } from "./views/evals.tsx";
import { GraphsView } from "./views/graphs.tsx";
import { RunsView } from "./views/runs.tsx";
import { SpansView } from "./views/spans.tsx";
import { ThreadsView } from "./views/threads.tsx";

const TABS = [
  ["graphs", "Graphs"],
  ["runs", "Runs"],
  ["spans", "Spans"],
  ["threads", "Threads"],
  ["evals", "Evaluations"],
] as const;

const useHash = () => {
  const [hash, setHash] = useState(location.hash || "#/runs");
  useEffect(() => {
    const onChange = () => setHash(location.hash || "#/runs");
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return hash;
};

const STORAGE = "glassbox.studio.breakpoints";
const loadBreakpoints = (): Record<string, Breakpoints> => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE) ?? "{}") as Record<string, Breakpoints>;
  } catch {
    return {};
  }
};

/** The Studio: tabs over the API, routed by the URL's hash so every view has a link. */
export function App() {
  const hash = useHash();
  const [graphs, setGraphs] = useState<GraphInfo[]>();
  const [info, setInfo] = useState<StudioInfo>();
  const [problem, setProblem] = useState<string>();
  const [breakpoints, setBreakpoints] = useState<Record<string, Breakpoints>>(loadBreakpoints);
  useEffect(() => {
    if (graphs) performance.mark("glassbox-studio-ready");
  }, [graphs]);
  useEffect(() => {
    api.graphs().then(setGraphs, (error: Error) => setProblem(error.message));
    api.info().then(setInfo, () => {});
  }, []);
  const navigate = (next: string) => {
    location.hash = next;
  };
  const toggle = (graphId: string, node: string, where: "before" | "after") => {
    const current = breakpoints[graphId] ?? { interruptBefore: [], interruptAfter: [] };
    const key = where === "before" ? "interruptBefore" : "interruptAfter";
    const list = current[key].includes(node)
      ? current[key].filter((n) => n !== node)
      : [...current[key], node];
    const next = { ...breakpoints, [graphId]: { ...current, [key]: list } };
    setBreakpoints(next);
    localStorage.setItem(STORAGE, JSON.stringify(next));
  };
  const [, route = "runs", ...rest] = hash.slice(1).split("/").map(decodeURIComponent);
  const tab = route === "watch" ? "runs" : route === "compare" ? "evals" : route;

  return (
    <div class="app" data-ready={graphs ? "true" : "false"}>
      <header class="top">
        <span class="brand">Glassbox Studio</span>
        <nav>
          {TABS.map(([id, label]) => (
            <a key={id} href={`#/${id}`} class={tab === id ? "active" : ""} data-tab={id}>
              {label}
            </a>
          ))}
        </nav>
        <span class="muted small store">
          threads: {info?.store ?? "…"}
          {info?.langgraph ? ` · LangGraph API ${info.langgraph.url}` : ""}
        </span>
      </header>
      {problem && <p class="error-text">{problem}</p>}
      {!graphs ? (
        <p class="muted">Loading…</p>
      ) : tab === "graphs" ? (
        <GraphsView
          graphs={graphs}
          selected={rest[0]}
          breakpoints={breakpoints}
          onSelect={(id) => navigate(`#/graphs/${id}`)}
          onToggle={toggle}
        />
      ) : tab === "runs" ? (
        <RunsView
          graphs={graphs}
          breakpoints={breakpoints}
          onToggle={toggle}
          navigate={navigate}
          {...(route === "runs" && rest[0] ? { runId: rest[0] } : {})}
          {...(route === "watch" && rest[1] ? { watch: { graphId: rest[0] ?? "", threadId: rest[1] } } : {})}
        />
      ) : tab === "spans" ? (
        <SpansView {...(info?.traceFile ? { traceFile: info.traceFile } : {})} />
      ) : tab === "threads" ? (
        <ThreadsView graphs={graphs} navigate={navigate} {...(rest[0] ? { threadId: rest[0] } : {})} />
      ) : route === "compare" ? (
        <CompareView a={rest[0] ?? ""} b={rest[1] ?? ""} />
      ) : rest.length >= 2 ? (
        <EvalReportView suite={rest[0] ?? ""} runId={rest[1] ?? ""} />
      ) : (
        <EvalsView navigate={navigate} />
      )}
    </div>
  );
}
