import type { RunEvent } from "../../shared/api-types.ts";

const ms = (value: number) =>
  value >= 1000
    ? `${(value / 1000).toFixed(2)} s`
    : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const usd = (value: number | undefined) => (value === undefined ? "cost unknown" : `$${value.toFixed(6)}`);
const json = (value: unknown) => JSON.stringify(value);

/** Groups a run's events into cards: streamed tokens join their thought, node events are not shown. */
export function cardsOf(events: readonly RunEvent[]): RunEvent[] {
  const cards: RunEvent[] = [];
  const streaming = new Map<number, number>();
  for (const event of events) {
    if (event.type === "node") continue;
    if (event.type === "token") {
      const at = streaming.get(event.step);
      const previous = at === undefined ? undefined : cards[at];
      if (previous?.type === "token") cards[at as number] = { ...previous, text: previous.text + event.text };
      else streaming.set(event.step, cards.push({ ...event }) - 1);
      continue;
    }
    if (event.type === "thought") {
      const at = streaming.get(event.step.step);
      if (at !== undefined) {
        cards[at] = event;
        streaming.delete(event.step.step);
        continue;
      }
    }
    cards.push(event);
  }
  return cards;
}

/** One card of the run's stream. */
export function StepCard(props: { event: RunEvent }) {
  const event = props.event;
  switch (event.type) {
    case "input":
      return (
        <div class="card-step input">
          <b>you</b> {event.text}
        </div>
      );
    case "token":
      return (
        <div class="card-step thought streaming">
          <b>thought {event.step}</b> <span class="muted">streaming…</span>
          <p>{event.text}</p>
        </div>
      );
    case "thought": {
      const step = event.step;
      return (
        <div class="card-step thought" data-kind="thought">
          <header>
            <b>thought {step.step}</b>
            <span class="metrics">
              {step.modelId} · {step.stopReason} · {ms(step.latencyMs)} · {step.usage.inputTokens}→
              {step.usage.outputTokens} tokens · {usd(step.costUsd)}
              {step.attempts > 1 ? ` · ${step.attempts} attempts` : ""}
            </span>
          </header>
          {step.reasoning && <p class="reasoning">{step.reasoning}</p>}
          {step.text && <p>{step.text}</p>}
          {step.toolCalls.length > 0 && (
            <p class="muted">
              asks for {step.toolCalls.map((call) => `${call.name}(${json(call.args)})`).join(", ")}
            </p>
          )}
        </div>
      );
    }
    case "action": {
      const step = event.step;
      return (
        <div class="card-step action" data-kind="action">
          <header>
            <b>action {step.step}</b> {step.tool}
            {step.by && <span class={`tag ${step.by}`}>{step.by}</span>}
          </header>
          <pre>{json(step.input)}</pre>
          {step.requested !== undefined && <p class="muted">the model asked for {json(step.requested)}</p>}
        </div>
      );
    }
    case "observation": {
      const step = event.step;
      return (
        <div
          class={`card-step observation${step.status === "error" ? " failed" : ""}`}
          data-kind="observation"
        >
          <header>
            <b>observation {step.step}</b> {step.tool} {step.status === "success" ? "✓" : "✗"}
            <span class="metrics">
              {ms(step.durationMs)} · {step.sizeBytes} B{step.truncated ? " · truncated" : ""}
            </span>
          </header>
          <pre>{step.content.slice(0, 4000)}</pre>
        </div>
      );
    }
    case "guardrail": {
      const check = event.check;
      return (
        <div class={`card-step guardrail ${check.result}`} data-kind="guardrail">
          <header>
            <b>guardrail {check.checkpoint.replace("_", " ")}</b> {check.result}
            <span class="metrics">
              {check.guardrailId} v{check.version} · {ms(check.latencyMs)}
            </span>
          </header>
          {check.findings.length ? (
            <ul>
              {check.findings.map((finding, i) => (
                <li key={`${finding.policy}-${finding.name}-${i}`}>
                  <b>{finding.policy}</b> {finding.name}: {finding.action}
                  {finding.detail ? ` (${finding.detail})` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">no policy fired</p>
          )}
        </div>
      );
    }
    case "retrieval": {
      const retrieval = event.retrieval;
      return (
        <div class="card-step retrieval" data-kind="retrieval">
          <header>
            <b>retrieval</b> {retrieval.dataSourceId}
            <span class="metrics">
              {retrieval.passages.length} passages · {ms(retrieval.latencyMs)}
              {retrieval.dropped ? ` · ${retrieval.dropped} dropped by the source check` : ""}
              {retrieval.blocked ? " · blocked" : ""}
            </span>
          </header>
          <ol class="passages">
            {retrieval.passages.map((passage) => (
              <li key={passage.id}>
                <b>{passage.id}</b>{" "}
                <span class="muted">
                  score {passage.score?.toFixed(3) ?? "not applicable"} · {passage.uri ?? "no URI"}
                </span>
                <div>{passage.excerpt}</div>
              </li>
            ))}
          </ol>
        </div>
      );
    }
    case "retry":
      return (
        <div class="card-step retry">
          <b>retry</b> {event.errorType}; attempt {event.attempt + 1} in {ms(event.delayMs)}
        </div>
      );
    case "decision":
      return (
        <div class="card-step decision">
          <b>you</b> {event.text}
        </div>
      );
    case "paused":
      return (
        <div class="card-step paused" data-kind="paused">
          <b>paused</b> before {event.next.join(", ")}
          {event.calls.length
            ? ` — waiting for ${event.calls.map((call) => `${call.name} (${call.reason})`).join(", ")}`
            : " (breakpoint)"}
          {event.problem && <p class="error-text">{event.problem}</p>}
        </div>
      );
    case "done":
      return (
        <div class={`card-step done ${event.outcome}`} data-kind="done">
          <header>
            <b>answer</b>
            <span class="metrics">
              {event.outcome} · {event.usage.inputTokens} in / {event.usage.outputTokens} out tokens ·{" "}
              {usd(event.costUsd)} · {ms(event.latencyMs)}
            </span>
          </header>
          {event.answer && <p class="answer">{event.answer}</p>}
          {event.outcomeDetail && <p class="muted">{event.outcomeDetail}</p>}
          {event.citations?.length ? (
            <ul class="citations">
              {event.citations.map((citation, i) => (
                <li key={`${citation.text}-${i}`}>
                  “{citation.text}” ←{" "}
                  {citation.sources.map((source) => `${source.id} ${source.uri ?? ""}`).join(", ")}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    case "error":
      return (
        <div class="card-step error" data-kind="error" role="alert">
          <b>error</b> {event.code ? `${event.code}: ` : ""}
          {event.message}
        </div>
      );
    default:
      return null;
  }
}
