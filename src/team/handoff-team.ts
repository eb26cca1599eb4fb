import { randomUUID } from "node:crypto";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import {
  type BaseCheckpointSaver,
  Command,
  END,
  type LangGraphRunnableConfig,
  MemorySaver,
  MessagesValue,
  Overwrite,
  ReducedValue,
  START,
  StateGraph,
  StateSchema,
} from "@langchain/langgraph";
import { context as otelContext, trace } from "@opentelemetry/api";
import { z } from "zod";
import {
  type Agent,
  type AgentImplementation,
  type AgentOptions,
  createAgent,
  type RunInput,
  type RunOptions,
} from "../agent/create-agent.ts";
import type { AgentEvent, AgentResult } from "../agent/events.ts";
import { checkResume, earlyClose, resultOrPause } from "../agent/run.ts";
import { ConfigError, parseWith } from "../config/config-error.ts";
import { remainingBudget } from "../graph/budget.ts";
import { BUDGET_LEDGER_KEY, ledgerOf } from "../graph/budget-ledger.ts";
import { type LimitsInput, LimitsSchema } from "../graph/limits.ts";
import type { GraphTelemetry } from "../graph/run-scope.ts";
import {
  type AgentStateValue,
  OutcomeSchema,
  type RunContext,
  RunContextSchema,
  type Source,
  type Step,
} from "../graph/state.ts";
import { ToolReviewResponseSchema } from "../graph/tool-review.ts";
import type { ModelConfigInput } from "../model/config.ts";
import { emptyUsage } from "../model/usage.ts";
import { ATTR } from "../telemetry/attributes.ts";
import { RunRootHandler, rootContextFor } from "../telemetry/run-root.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { commonAttributes, endAgentSpan, startAgentSpan, withActiveSpan } from "../telemetry/spans.ts";
import { agentTool, tagSteps } from "./agent-tool.ts";
import { handoffHistory, handoffNode, handoffTool, handoffToolName } from "./handoff.ts";

/** One agent of a handoff team: its own options, plus whom it may hand the conversation to. */
export interface TeamMember extends Omit<AgentOptions, "client" | "telemetry" | "checkpointer" | "model"> {
  name: string;
  /** What the agent handles: the other agents' handoff tools describe it with this. */
  description: string;
  /** The members it may hand over to (default: every other member). */
  handoffs?: string[];
  /** Its model, when it differs from the team's. */
  model?: string | ModelConfigInput;
}

/** Options of {@link createHandoffTeam}. */
export interface HandoffTeamOptions {
  name?: string;
  description?: string;
  members: TeamMember[];
  /** Who takes a new conversation (default the first member). Later turns stay with the last active agent. */
  entry?: string;
  model?: string | ModelConfigInput;
  client?: BedrockRuntimeClient;
  telemetry?: GraphTelemetry;
  /** Persists the team's threads; every member's steps are checkpointed in it as subgraphs. */
  checkpointer?: BaseCheckpointSaver;
  /** The team's limits: every member's run is capped by what the team has left. */
  limits?: Pick<LimitsInput, "maxSteps" | "maxTokens" | "maxCostUsd">;
}

const NAME = /^[a-zA-Z0-9_-]{1,48}$/;

/** The team's state: the whole conversation, every member's steps (tagged), and who has the floor. */
export const TeamState = new StateSchema({
  messages: MessagesValue,
  steps: new ReducedValue(
    z.custom<Step[]>().default(() => []),
    {
      inputSchema: z.custom<Step[]>(),
      reducer: (current: Step[], update: Step[]) => current.concat(update),
      jsonSchemaExtra: { description: "Every member's steps in this run, each tagged with its agent" },
    },
  ),
  sources: new ReducedValue(
    z.custom<Source[]>().default(() => []),
    {
      inputSchema: z.custom<Source[]>(),
      reducer: (current: Source[], update: Source[]) => current.concat(update),
    },
  ),
  outcome: OutcomeSchema.nullable().default(null),
  /** The member that answers next; kept across turns of a thread. */
  activeAgent: z.string().nullable().default(null),
});

/**
 * A team whose agents hand the conversation to each other (a swarm, as in `langgraph-swarm` and the
 * OpenAI Agents SDK's handoffs). Each member gets a `transfer_to_<member>` tool per member it may hand
 * to; calling one ends its turn, and the team runs the other agent on the conversation (the users' and
 * agents' text, see `handoffHistory`). Each member is a node of the team's graph running the member's
 * own graph as a subgraph, so Studio shows it and a checkpointer covers it; limits are the team's.
 *
 * @example
 * const team = createHandoffTeam({
 *   members: [
 *     { name: "triage", description: "Greets and routes", tools: [] },
 *     { name: "calculator", description: "Arithmetic", tools: [calculator] },
 *   ],
 * });
 * const result = await team.invoke("What is 6 times 7?");
 */
export function createHandoffTeam(options: HandoffTeamOptions): Agent {
  const name = options.name ?? "team";
  const telemetry = options.telemetry ?? disabledTelemetry();
  const limits = parseWith(LimitsSchema, options.limits ?? {}, "limits");
  const members = checkMembers(options.members, options.entry);
  const entry = options.entry ?? (members[0] as TeamMember).name;
  const agents = new Map<string, Agent>();
  for (const member of members) {
    const { handoffs, description, model, ...rest } = member;
    const targets = handoffs ?? members.filter((m) => m.name !== member.name).map((m) => m.name);
    const tools = targets.map((target) =>
      handoffTool(target, members.find((m) => m.name === target)?.description ?? ""),
    );
    const byTool = new Map(targets.map((target) => [handoffToolName(target), target]));
    agents.set(
      member.name,
      createAgent({
        ...rest,
        description,
        model: model ?? options.model,
        ...(options.client ? { client: options.client } : {}),
        telemetry,
        tools: [...(member.tools ?? []), ...tools],
        extensions: {
          ...member.extensions,
          afterAct: [...(member.extensions?.afterAct ?? []), handoffNode(byTool)],
        },
      }),
    );
  }
  const modelId =
    typeof options.model === "string" ? options.model : (options.model?.modelId ?? "team-members");
  const pauses = [...agents.values()].some((agent) => agent.pauses);
  // A member's pause is the team's, kept in the team's thread (as createAgent does for pausing tools).
  const checkpointer = options.checkpointer ?? (pauses ? new MemorySaver() : undefined);

  // biome-ignore lint/suspicious/noExplicitAny: node names are the members' names
  const builder: any = new StateGraph(TeamState, RunContextSchema);
  const ends = [...agents.keys(), END];
  for (const [memberName, agent] of agents) {
    builder.addNode(memberName, memberNode(memberName, agent, agents, limits, telemetry), {
      ends,
      subgraphs: [agent.graph],
    });
  }
  builder.addConditionalEdges(
    START,
    (state: typeof TeamState.State) =>
      state.activeAgent && agents.has(state.activeAgent) ? state.activeAgent : entry,
    [...agents.keys()],
  );
  const graph = builder.compile({
    name,
    description: options.description,
    checkpointer,
  }) as Agent["graph"];
  // Runs the LangGraph server (Studio) or `graph.invoke` start get the team's root span from a callback,
  // as an agent's do; the team's own invoke and stream make theirs and run the plain graph.
  const exported =
    telemetry.enabled !== false
      ? (graph.withConfig({
          callbacks: [new RunRootHandler(telemetry, name, () => modelId)],
        }) as typeof graph)
      : graph;
  // Every member step passes its agent's loop; a handoff is one more node.
  const recursionLimit = (limits.maxSteps + 1) * (agents.size + 1) + 4;

  function prepare(input: RunInput, run: Parameters<Agent["invoke"]>[1] = {}) {
    const resume = input !== null && typeof input === "object" && !Array.isArray(input);
    if ((input === null || resume) && (!checkpointer || !run.threadId))
      throw new ConfigError("resuming a team run needs its checkpointer and the threadId of the run");
    if (run.output)
      throw new ConfigError(
        "run.output: a handoff team has no output schema of its own; set output on its members",
      );
    const threadId = run.threadId ?? (checkpointer ? randomUUID() : undefined);
    const scope = {
      tracer: telemetry.tracer,
      captureContent: telemetry.captureContent,
      common: commonAttributes(threadId, run.attributes),
    };
    const context: RunContext = {
      ...(run.attributes ? { attributes: run.attributes } : {}),
      ...(run.requestMetadata ? { requestMetadata: run.requestMetadata } : {}),
      ...(run.budget ? { budget: run.budget } : {}),
    };
    const messages: BaseMessage[] | null =
      input === null || resume ? null : typeof input === "string" ? [new HumanMessage(input)] : input;
    return {
      threadId,
      span: startAgentSpan(scope, name, modelId),
      state: resume
        ? new Command({ resume: parseWith(ToolReviewResponseSchema, input.resume, "resume") })
        : messages
          ? { messages, steps: new Overwrite([]), sources: new Overwrite([]), outcome: null }
          : null,
      config: {
        // The ledger is set even when undefined, so a nested team never inherits its caller's.
        configurable: { ...(threadId ? { thread_id: threadId } : {}), [BUDGET_LEDGER_KEY]: run.ledger },
        ...(Object.keys(context).length ? { context } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
        recursionLimit,
      },
    };
  }

  async function finish(
    span: ReturnType<typeof startAgentSpan>,
    final: unknown,
    started: number,
    threadId?: string,
  ) {
    const { result } = await resultOrPause({ graph, checkpointer }, final as AgentStateValue, {
      startedAt: started,
      modelId,
      threadId,
    });
    endAgentSpan(span, { outcome: result.outcome, usage: result.usage, costUsd: result.costUsd });
    return result;
  }

  /** Ends the team's span of a run that threw (cancelled when its signal was aborted). */
  const fail = (span: ReturnType<typeof startAgentSpan>, run: RunOptions, error: unknown) =>
    endAgentSpan(span, { outcome: run.signal?.aborted ? "cancelled" : "error", usage: emptyUsage(), error });

  const team: AgentImplementation = {
    name,
    ...(options.description ? { description: options.description } : {}),
    graph: exported,
    pauses,
    asTool: (toolOptions) => agentTool(team as unknown as Agent, toolOptions),
    // A new conversation starts with the entry agent: its first call is the team's.
    estimate: (input, run) => (agents.get(entry) as Agent).estimate(input, run),
    async invoke(input, run = {}) {
      const started = performance.now();
      const { threadId, span, state, config } = prepare(input, run);
      try {
        const resume = await checkResume({ graph, checkpointer }, input, threadId);
        const final = await withActiveSpan(span, () => graph.invoke((resume ?? state) as never, config));
        return finish(span, final, started, threadId);
      } catch (error) {
        fail(span, run, error);
        throw error;
      }
    },
    async *stream(input, run = {}): AsyncGenerator<AgentEvent, AgentResult> {
      const started = performance.now();
      const { signal, cancel } = earlyClose(run.signal);
      const { threadId, span, state, config } = prepare(input, { ...run, signal });
      let final: unknown;
      let settled = false;
      try {
        try {
          const resume = await checkResume({ graph, checkpointer }, input, threadId);
          const stream = await withActiveSpan(span, () =>
            graph.stream((resume ?? state) as never, {
              ...config,
              streamMode: ["custom", "values"],
              subgraphs: true,
            }),
          );
          for await (const [namespace, mode, chunk] of stream as AsyncIterable<[string[], string, unknown]>) {
            if (mode === "custom") {
              const agent = namespace[0]?.split(":")[0];
              yield tagEvent(chunk as AgentEvent, agent);
            } else if (namespace.length === 0) final = chunk;
          }
        } catch (error) {
          settled = true;
          fail(span, { signal }, error);
          throw error;
        }
        settled = true;
        const result = await finish(span, final, started, threadId);
        yield { type: "done", result };
        return result;
      } finally {
        if (!settled) cancel(span);
      }
    },
  };
  // Like createAgent: a run's output type is the caller's promise, checked by the output schema.
  return team as unknown as Agent;
}

/** A member as a node: runs its agent on the conversation, then hands over or ends the team's run. */
function memberNode(
  name: string,
  agent: Agent,
  agents: ReadonlyMap<string, Agent>,
  limits: Pick<z.output<typeof LimitsSchema>, "maxSteps" | "maxTokens" | "maxCostUsd">,
  telemetry: GraphTelemetry,
) {
  return async (state: typeof TeamState.State, config: LangGraphRunnableConfig) => {
    const context = (config.context ?? {}) as RunContext;
    const threadId = config.configurable?.thread_id as string | undefined;
    const history = handoffHistory(state.messages);
    const ledger = ledgerOf(config);
    // Started by the LangGraph server (no team span active), the member nests under the team's root span.
    const root = trace.getActiveSpan()?.isRecording()
      ? undefined
      : rootContextFor(telemetry, config.configurable);
    const result = await otelContext.with(root ?? otelContext.active(), () =>
      agent.invoke(history, {
        ...(config.signal ? { signal: config.signal } : {}),
        budget: remainingBudget(limits, context.budget, state.steps, ledger),
        // Members run one after another, so each draws on the team's own ledger, if it has one.
        ...(ledger ? { ledger } : {}),
        ...(context.requestMetadata ? { requestMetadata: context.requestMetadata } : {}),
        attributes: { ...context.attributes, ...(threadId ? { [ATTR.conversationId]: threadId } : {}) },
      }),
    );
    const update = {
      messages: result.messages.slice(history.length),
      steps: tagSteps(result.steps, name),
      ...(result.sources ? { sources: result.sources } : {}),
    };
    const next = result.outcome === "handed_off" ? result.outcomeDetail : undefined;
    if (next && agents.has(next))
      return new Command({ goto: next, update: { ...update, activeAgent: next } });
    return new Command({
      goto: END,
      update: {
        ...update,
        activeAgent: name,
        outcome: {
          status: result.outcome,
          ...(result.outcomeDetail ? { detail: result.outcomeDetail } : {}),
        },
      },
    });
  };
}

function tagEvent(event: AgentEvent, agent: string | undefined): AgentEvent {
  if (!agent || !("step" in event) || typeof event.step !== "object") return event;
  return { ...event, step: { ...event.step, agent: event.step.agent ?? agent } } as AgentEvent;
}

function checkMembers(members: TeamMember[], entry: string | undefined): TeamMember[] {
  if (!members.length) throw new ConfigError("members: a team needs at least one agent");
  const names = new Set<string>();
  members.forEach((member, i) => {
    if (!NAME.test(member.name ?? ""))
      throw new ConfigError(
        `members.${i}.name: 1-48 letters, digits, "_" or "-" (it names a graph node and a tool)`,
      );
    if (names.has(member.name)) throw new ConfigError(`members.${i}.name: "${member.name}" is used twice`);
    if (!member.description?.trim())
      throw new ConfigError(
        `members.${i}.description: say what ${member.name} handles; other agents hand over by it`,
      );
    names.add(member.name);
  });
  members.forEach((member, i) => {
    for (const target of member.handoffs ?? [])
      if (!names.has(target) || target === member.name)
        throw new ConfigError(`members.${i}.handoffs: "${target}" is not another member of the team`);
  });
  if (entry !== undefined && !names.has(entry))
    throw new ConfigError(`entry: "${entry}" is not a member (members: ${[...names].join(", ")})`);
  return members;
}
